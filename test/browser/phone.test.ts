// On a phone (390x844), in real headless Chromium through Web Chat: when the first answer to a
// worry arrives, its first step and its first service card are on screen without scrolling, and
// a follow-up question gets a short reply of its own, also on screen.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, bubble, chromiumAvailable, messageBox, quickReplies, screenshot, useWebsite, waitForBot } from './support.js';

const available = chromiumAvailable();

/** Is the element inside the visible part of the chat transcript (and of the window)? `whole`: all of it, else its first line. */
async function onScreen(page: Page, element: Locator, whole: boolean): Promise<boolean> {
  const box = await element.boundingBox();
  const view = await page.locator('.webchat__basic-transcript__scrollable').boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  if (!box || !view) return false;
  const top = Math.max(view.y, 0);
  const bottom = Math.min(view.y + view.height, height);
  return whole ? box.y >= top - 1 && box.y + box.height <= bottom + 1 : box.y >= top - 1 && box.y + 24 <= bottom;
}

describe.skipIf(!available)('the guide on a phone', () => {
  const site = useWebsite();

  it('shows the first step and the first service card of a first answer as soon as it arrives', { timeout: 60_000 }, async () => {
    const context = await site.browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await page.goto(`${site.server.url}/`);
      await waitForBot(page, /Who is asking/);
      await quickReplies(page).getByRole('button', { name: "I'm under 18" }).click();
      await waitForBot(page, /How old are you/);
      await quickReplies(page).getByRole('button', { name: '13 to 17' }).click();
      await waitForBot(page, /worrying you/);
      await quickReplies(page).getByRole('button', { name: /picture I didn.t want/ }).click();

      const answer = bubble(page, /What you can do now/);
      await answer.waitFor();
      const firstStep = answer.locator('li').first();
      const firstCard = page.locator('.webchat__bubble .ac-adaptiveCard').first();
      await firstCard.waitFor();
      await expect.poll(() => onScreen(page, firstStep, true), { timeout: 5_000 }).toBe(true);
      await expect.poll(() => onScreen(page, firstCard, false), { timeout: 5_000 }).toBe(true);
      expect(await answer.locator('li').count()).toBeLessThanOrEqual(3);
      await screenshot(page, 'phone-1-first-answer');

      // A follow-up question: a short reply of its own, on screen, not the answer again.
      const answers = await page.locator('.webchat__bubble', { hasText: /What you can do now/ }).count();
      await messageBox(page).fill('will my parents find out');
      await messageBox(page).press('Enter');
      const reply = bubble(page, /doesn.t tell anyone/);
      await reply.waitFor();
      await expect.poll(() => onScreen(page, reply, false), { timeout: 5_000 }).toBe(true);
      expect(await page.locator('.webchat__bubble', { hasText: /What you can do now/ }).count()).toBe(answers);
      await screenshot(page, 'phone-2-follow-up');
    } finally {
      await context.close();
    }
  });
});
