// On a phone (390x844), in real headless Chromium through Web Chat: when the first reply to a
// worry arrives, its first step and its first service card are on screen without scrolling, for
// young people, parents and adults, through the website's own buttons; and a follow-up question
// gets a short reply of its own, also on screen. These are examples: content:check holds every
// answer and urgent text, in every region, to the limits that make them fit (content/quality.yaml
// `phone`, src/content/quality/phone.ts), measured on this page.
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

/**
 * A worry reached through the website's buttons: each tap and the words the guide says before the
 * next, and the first reply to the worry (blackmail is urgent: urgent help comes first, then the answer).
 */
interface Worry {
  name: string;
  taps: { button: string | RegExp; then: RegExp }[];
  firstReply: RegExp;
}

const ANSWER = /What you can do now/;

const WHERE = /Where do you live/;

const WORRIES: Worry[] = [
  {
    name: "a young person's unwanted picture",
    taps: [
      { button: "I'm a young person", then: /worrying you/ },
      { button: /picture I didn.t want/, then: WHERE },
      { button: 'UK', then: ANSWER }
    ],
    firstReply: ANSWER
  },
  {
    // Urgent help came with the worry, before where they live was asked; the answer follows.
    name: "a young person's blackmail",
    taps: [
      { button: "I'm a young person", then: /worrying you/ },
      { button: /threatening me or wants money/, then: WHERE },
      { button: 'UK', then: ANSWER }
    ],
    firstReply: ANSWER
  },
  {
    name: "a parent whose child's picture was shared",
    taps: [
      { button: "I'm a parent or carer", then: /How old is your child/ },
      { button: '13 to 17', then: /worrying you/ },
      { button: /My child.s nude was shared/, then: WHERE },
      { button: 'UK', then: ANSWER }
    ],
    firstReply: ANSWER
  },
  {
    name: 'an adult whose picture was shared',
    taps: [
      { button: "I'm an adult and it's about me", then: /worrying you/ },
      { button: /My nude was shared without my consent/, then: /under 18 in the picture/ },
      { button: 'No', then: WHERE },
      { button: 'UK', then: ANSWER }
    ],
    firstReply: ANSWER
  }
];

/** Taps through to a worry's first reply: its first step and its own first service card are on screen, with no scrolling. */
async function firstReplyFits(page: Page, worry: Worry, shot: string): Promise<void> {
  await waitForBot(page, /Who is asking/);
  for (const { button, then } of worry.taps) {
    await quickReplies(page).getByRole('button', { name: button, exact: typeof button === 'string' }).click();
    await waitForBot(page, then);
  }
  const reply = bubble(page, worry.firstReply);
  // The reply's own cards (an earlier reply may have had some): those of the activity that holds its words.
  const firstCard = page.locator('.webchat__stacked-layout', { has: reply }).locator('.ac-adaptiveCard').first();
  await firstCard.waitFor();
  const firstStep = reply.locator('li').first();
  try {
    // Web Chat scrolls smoothly to the start of the reply: poll until it has.
    await expect.poll(() => onScreen(page, firstStep, true), { timeout: 5_000 }).toBe(true);
    await expect.poll(() => onScreen(page, firstCard, false), { timeout: 5_000 }).toBe(true);
  } finally {
    // What a person sees, kept when the checks fail too.
    await screenshot(page, shot);
  }
  expect(await reply.locator('li').count()).toBeLessThanOrEqual(3);
}

describe.skipIf(!available)('the guide on a phone', () => {
  const site = useWebsite();

  it.each(WORRIES.map((worry, i) => [worry.name, worry, i + 1] as const))(
    'shows the first step and the first service card of the first reply to %s as soon as it arrives',
    { timeout: 60_000 },
    async (_name, worry, n) => {
      const context = await site.browser.newContext(PHONE);
      const page = await context.newPage();
      try {
        await page.goto(`${site.server.url}/`);
        await firstReplyFits(page, worry, `phone-1-first-reply-${n}`);
      } finally {
        await context.close();
      }
    }
  );

  it('answers a follow-up question with a short reply of its own, on screen, not the answer again', { timeout: 60_000 }, async () => {
    const context = await site.browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await page.goto(`${site.server.url}/`);
      await firstReplyFits(page, WORRIES[0]!, 'phone-2-first-reply');
      const answers = await page.locator('.webchat__bubble', { hasText: /What you can do now/ }).count();
      await messageBox(page).fill('will my parents find out');
      await messageBox(page).press('Enter');
      const reply = bubble(page, /doesn.t tell anyone/);
      await reply.waitFor();
      await expect.poll(() => onScreen(page, reply, false), { timeout: 5_000 }).toBe(true);
      expect(await page.locator('.webchat__bubble', { hasText: /What you can do now/ }).count()).toBe(answers);
      await screenshot(page, 'phone-3-follow-up');
    } finally {
      await context.close();
    }
  });
});
