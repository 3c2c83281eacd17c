// A whole conversation through Web Chat in real headless Chromium, on a phone and on a desktop:
// welcome, two quick replies, a typed worry, an answer with service cards. Along the way: no
// request to any other origin, no CSP violation, no page error, nothing stored in the browser,
// and no serious or critical axe-core violation.
import { describe, expect, it } from 'vitest';
import {
  DESKTOP,
  useWebsite,
  EMPTY_STORAGE,
  PHONE,
  axe,
  browserStorage,
  bubble,
  chromiumAvailable,
  converseAsYoungPerson,
  screenshot,
  serious,
  watch
} from './support.js';

const available = chromiumAvailable();

describe.skipIf(!available)('the website in Chromium', () => {
  const site = useWebsite();

  for (const [device, options] of [
    ['phone', PHONE],
    ['desktop', DESKTOP]
  ] as const) {
    it(`a whole conversation on a ${device}: welcome, quick replies, a typed worry, an answer with service cards`, async () => {
      const context = await site.browser.newContext(options);
      const page = await context.newPage();
      const seen = await watch(context, page, [site.server.url]);
      try {
        const response = await page.goto(`${site.server.url}/`);
        expect(response?.status()).toBe(200);
        await converseAsYoungPerson(page, (step) => screenshot(page, `chat-${device}-${step}`));

        // The user's button presses show the button's words, not the values sent to the bot.
        await expect(bubble(page, /I.m a young person/).isVisible()).resolves.toBe(true);
        await expect(page.locator('.webchat__bubble--from-user', { hasText: /^\s*UK\s*$/ }).first().isVisible()).resolves.toBe(true);
        // Service cards with working buttons: Childline's call button is a tel: link.
        const cards = page.locator('.webchat__bubble .ac-adaptiveCard');
        expect(await cards.count()).toBeGreaterThan(0);
        await expect(cards.getByRole('button', { name: /^Call 0800 1111$/ }).first().isVisible()).resolves.toBe(true);
        // A long answer is shown from its first line (Web Chat stops scrolling at its start).
        await expect
          .poll(() =>
            page.evaluate(() => {
              const scroller = document.querySelector('.webchat__basic-transcript__scrollable')!.getBoundingClientRect();
              const bubbles = Array.from(document.querySelectorAll('.webchat__basic-transcript .webchat__bubble'));
              const lastUser = bubbles.map((b) => b.classList.contains('webchat__bubble--from-user')).lastIndexOf(true);
              const answer = bubbles[lastUser + 1]!.getBoundingClientRect();
              return answer.top >= scroller.top - 1 && answer.top < scroller.bottom;
            })
          )
          .toBe(true);
        await screenshot(page, `chat-${device}-3-answer`);
        await screenshot(page, `chat-${device}-3-answer-full`, true);

        // No upload button, ever.
        expect(await page.locator('.webchat__upload-button, input[type=file]').count()).toBe(0);

        expect(seen.foreign()).toEqual([]);
        expect(seen.cspViolations).toEqual([]);
        expect(seen.errors).toEqual([]);
        expect(await browserStorage(context, page)).toEqual(EMPTY_STORAGE);

        const violations = await axe(page);
        expect(serious(violations), JSON.stringify(violations, null, 2)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('card buttons: a web link opens a new tab without opener or referrer; a phone link opens the dialler', async () => {
    const context = await site.browser.newContext(PHONE);
    const page = await context.newPage();
    const seen = await watch(context, page, [site.server.url]);
    await context.addInitScript(() => {
      const opened: unknown[][] = [];
      (window as unknown as { opened: unknown[][] }).opened = opened;
      window.open = ((...args: unknown[]) => {
        opened.push(args);
        return null;
      }) as typeof window.open;
    });
    try {
      await page.goto(`${site.server.url}/`);
      await converseAsYoungPerson(page);
      const cards = page.locator('.webchat__bubble .ac-adaptiveCard');
      await cards.getByRole('button', { name: 'Website' }).first().click();
      const opened = await page.evaluate(() => (window as unknown as { opened: unknown[][] }).opened);
      expect(opened).toEqual([[expect.stringMatching(/^https:\/\//), '_blank', 'noopener,noreferrer']]);

      await cards.getByRole('button', { name: /^Call 0800 1111$/ }).first().click();
      await expect.poll(() => seen.requests.filter((url) => url.startsWith('tel:'))).toEqual(['tel:08001111']);
      // The dialler opens over the page: the chat is still here, and still works.
      expect(page.url()).toBe(`${site.server.url}/`);
      await page.getByRole('textbox', { name: 'Message' }).fill('help');
      await page.getByRole('textbox', { name: 'Message' }).press('Enter');
      await bubble(page, /I can explain what to do now/).waitFor();
      expect(seen.foreign().filter((url) => !url.startsWith('tel:'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('"delete this chat" takes the chat off the screen and offers a new one', async () => {
    const context = await site.browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await page.goto(`${site.server.url}/`);
      await converseAsYoungPerson(page);
      await page.getByRole('textbox', { name: 'Message' }).fill('delete this chat');
      await page.getByRole('textbox', { name: 'Message' }).press('Enter');
      const notice = page.locator('.chat-notice', { hasText: /deleted this chat/ });
      await notice.waitFor();
      expect(await page.locator('.webchat__bubble').count()).toBe(0);
      expect(await page.content()).not.toContain('someone shared my nude');
      await screenshot(page, 'chat-phone-4-deleted');
      await page.getByRole('button', { name: 'Start a new chat' }).click();
      await bubble(page, /Who is asking/).waitFor();
    } finally {
      await context.close();
    }
  });
});
