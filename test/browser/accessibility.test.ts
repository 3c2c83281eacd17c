// WCAG 2.2 AA checks in Chromium: axe-core on every page, a whole conversation by keyboard alone,
// reflow at 320 CSS px and 200% zoom, landmarks and headings, and the page without JavaScript.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  DESKTOP,
  useWebsite,
  PHONE,
  axe,
  chromiumAvailable,
  messageBox,
  screenshot,
  serious,
  waitForBot,
  watch
} from './support.js';

const available = chromiumAvailable();

describe.skipIf(!available)('accessibility', () => {
  const site = useWebsite();

  for (const [device, options] of [
    ['phone', PHONE],
    ['desktop', DESKTOP]
  ] as const) {
    it(`axe-core finds no serious or critical problem on / and /privacy (${device})`, async () => {
      const context = await site.browser.newContext(options);
      const page = await context.newPage();
      const seen = await watch(context, page, [site.server.url]);
      try {
        await page.goto(`${site.server.url}/`);
        await waitForBot(page, /Who is asking/);
        const chat = await axe(page);
        expect(serious(chat), JSON.stringify(chat, null, 2)).toEqual([]);

        await page.getByRole('link', { name: 'How we keep you private' }).click();
        await page.waitForURL(`${site.server.url}/privacy`);
        await screenshot(page, `privacy-${device}`, true);
        const privacy = await axe(page);
        expect(privacy, JSON.stringify(privacy, null, 2)).toEqual([]);
        expect(seen.foreign()).toEqual([]);
        expect(seen.cspViolations).toEqual([]);
        expect(seen.errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('has a language, a title, one h1, a main landmark, and a banner', async () => {
    const page = await site.browser.newPage();
    try {
      await page.goto(`${site.server.url}/`);
      const facts = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        title: document.title,
        h1: Array.from(document.querySelectorAll('h1')).map((h) => h.textContent),
        main: document.querySelectorAll('main').length,
        // The page's header is a banner landmark: not inside main (Web Chat's own <header>s are).
        banner: Array.from(document.querySelectorAll('header')).filter((h) => !h.closest('main, article, section, aside, nav')).length
      }));
      expect(facts).toEqual({ lang: 'en-GB', title: expect.stringContaining('Safe to Ask'), h1: ['Safe to Ask'], main: 1, banner: 1 });
    } finally {
      await page.close();
    }
  });

  /** Presses Tab until `match` says the focused element is the one wanted (or gives up). */
  async function tabTo(page: Page, match: () => boolean, most = 40): Promise<void> {
    for (let i = 0; i < most; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(match)) return;
    }
    throw new Error('never reached by Tab');
  }

  it('a conversation works with the keyboard alone, and focus is always visible', async () => {
    const context = await site.browser.newContext(DESKTOP);
    const page = await context.newPage();
    try {
      await page.goto(`${site.server.url}/`);
      await waitForBot(page, /Who is asking/);

      // The exit controls come first, each with a visible focus indicator.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Exit this page now');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('exit-button');
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement!);
        return { outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow };
      });
      expect(ring.outline).toBe('solid');
      expect(ring.width).toBe('3px');
      expect(ring.shadow).not.toBe('none');

      // A quick reply, chosen with Enter.
      await tabTo(page, () => document.activeElement?.textContent === "I'm a parent or carer");
      await page.keyboard.press('Enter');
      await waitForBot(page, /How old is your child/);

      // Typing in the message box, sent with Enter.
      await tabTo(page, () => document.activeElement?.getAttribute('aria-label') === 'Message');
      await page.keyboard.type('13-17');
      await page.keyboard.press('Enter');
      await waitForBot(page, /worrying you/);
      await screenshot(page, 'keyboard-desktop');
    } finally {
      await context.close();
    }
  });

  for (const [name, viewport, scale] of [
    ['320 CSS px wide (400% zoom of 1280)', { width: 320, height: 640 }, 1],
    ['200% zoom of a 1280x800 screen', { width: 640, height: 400 }, 2]
  ] as const) {
    it(`reflows with no horizontal scrolling at ${name}, and the chat still works`, async () => {
      const context = await site.browser.newContext({ viewport, deviceScaleFactor: scale });
      const page = await context.newPage();
      try {
        await page.goto(`${site.server.url}/`);
        await waitForBot(page, /Who is asking/);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        const exit = await page.locator('#exit-button').boundingBox();
        expect(exit!.x).toBeGreaterThanOrEqual(0);
        expect(exit!.x + exit!.width).toBeLessThanOrEqual(viewport.width);
        await messageBox(page).scrollIntoViewIfNeeded();
        await messageBox(page).fill('parent');
        await messageBox(page).press('Enter');
        await waitForBot(page, /How old is your child/);
        const after = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(after).toBeLessThanOrEqual(0);
        await screenshot(page, `reflow-${viewport.width}x${viewport.height}`);
      } finally {
        await context.close();
      }
    });
  }

  it('without JavaScript the page still gives help and the exit link still leaves', async () => {
    const context = await site.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${site.server.url}/`);
      // (Playwright's text and role queries skip <noscript>, so read it with CSS selectors.)
      const notice = page.locator('.chat-notice');
      await expect(notice.isVisible()).resolves.toBe(true);
      await expect(notice.innerText()).resolves.toMatch(/The chat needs JavaScript/);
      await expect(notice.locator('a[href="tel:999"]').isVisible()).resolves.toBe(true);
      await screenshot(page, 'no-javascript-phone');
      await page.getByRole('link', { name: 'Exit this page', exact: true }).click();
      await page.waitForURL(site.exitSite.exitUrl);
    } finally {
      await context.close();
    }
  });
});
