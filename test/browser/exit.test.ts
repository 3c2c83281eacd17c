// Quick exit in Chromium: by the button, by Shift pressed 3 times, by the secondary link. Each
// blanks the page at once, tells the server to forget the chat, lands on EXIT_URL (a local stand-in
// here, so nothing leaves the machine) and leaves no way Back to the chat.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { historyKey } from '../../src/directline/history.js';
import { startServer } from '../support/server.js';
import {
  DESKTOP,
  useWebsite,
  PHONE,
  chromiumAvailable,
  messageBox,
  quickReplies,
  screenshot,
  waitForBot,
  watch,
  type PageWatch
} from './support.js';

const available = chromiumAvailable();

describe.skipIf(!available)('quick exit', () => {
  const site = useWebsite();

  interface Session {
    context: BrowserContext;
    page: Page;
    seen: PageWatch;
    conversationId: () => string | undefined;
  }

  /** A page that came from another site (so Back has somewhere to go), then the chat with one answer given. */
  async function chatting(options = PHONE, answer = true): Promise<Session> {
    const context = await site.browser.newContext(options);
    const page = await context.newPage();
    const seen = await watch(context, page, [site.server.url, site.exitSite.origin]);
    let conversationId: string | undefined;
    page.on('response', async (response) => {
      if (response.request().method() === 'POST' && response.url() === `${site.server.url}/directline/conversations`) {
        conversationId = ((await response.json().catch(() => ({}))) as { conversationId?: string }).conversationId;
      }
    });
    await page.goto(site.exitSite.startUrl);
    await page.goto(`${site.server.url}/`);
    await waitForBot(page, /Who is asking/);
    if (answer) {
      await quickReplies(page).getByRole('button', { name: /parent or carer/ }).click();
      await waitForBot(page, /How old is your child/);
    }
    return { context, page, seen, conversationId: () => conversationId };
  }

  async function expectForgotten(conversationId: string | undefined): Promise<void> {
    expect(conversationId).toBeDefined();
    await expect
      .poll(async () => {
        const items = await site.server.parts.store.storage.read([historyKey(conversationId!)]);
        return (items[historyKey(conversationId!)] as { state?: string } | undefined)?.state;
      })
      .toBe('forgotten');
  }

  /** On the exit site; Back goes to the page before the chat, never to the chat. */
  async function expectLeftForGood(page: Page): Promise<void> {
    await page.waitForURL(site.exitSite.exitUrl);
    expect(await page.title()).toBe('Weather');
    await page.goBack();
    await page.waitForLoadState();
    expect(page.url()).not.toContain(site.server.url);
    expect(page.url()).toBe(site.exitSite.startUrl);
  }

  it('the button blanks the page at once, forgets the chat on the server and replaces the page', async () => {
    const { context, page, seen, conversationId } = await chatting(PHONE);
    try {
      await screenshot(page, 'exit-phone-before');
      const button = page.getByRole('link', { name: 'Exit this page', exact: true });
      const box = await button.boundingBox();
      expect(box && box.y).toBeLessThan(20); // at the top, on screen
      // Watch the old page from inside: what it shows once exit has begun, and when the next page arrives.
      const events: string[] = [];
      page.on('console', (m) => {
        if (m.text().startsWith('exit-state ')) events.push(m.text());
      });
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) events.push(`navigated ${frame.url()}`);
      });
      await page.evaluate(() => {
        new MutationObserver(() => {
          if (!document.documentElement.classList.contains('is-exiting')) return;
          const state = { children: document.body.childElementCount, text: document.body.innerText.trim() };
          console.log(`exit-state ${JSON.stringify(state)}`);
        }).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
      });
      await button.click({ noWaitAfter: true });
      await page.waitForURL(site.exitSite.exitUrl);
      // Blank before the exit site (which takes a second to answer) arrived.
      const navigated = events.indexOf(`navigated ${site.exitSite.exitUrl}`);
      expect(navigated).toBeGreaterThan(0);
      expect(events[navigated - 1]).toBe('exit-state {"children":0,"text":""}');
      await expectForgotten(conversationId());
      await expectLeftForGood(page);
      expect(seen.foreign()).toEqual([]);
      expect(seen.cspViolations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Shift pressed 3 times within 5 seconds exits', async () => {
    const { context, page, conversationId } = await chatting(DESKTOP);
    try {
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      await expect(page.locator('#exit-status').textContent()).resolves.toBe('Shift, press 1 more time to exit.');
      await screenshot(page, 'exit-desktop-shift-2-of-3');
      await page.keyboard.press('Shift');
      await expectForgotten(conversationId());
      await expectLeftForGood(page);
    } finally {
      await context.close();
    }
  });

  it('typing capital letters (Shift with another key) never exits, and the count starts again after 5 seconds', async () => {
    const { context, page } = await chatting(DESKTOP);
    try {
      await messageBox(page).click();
      for (const key of ['KeyI', 'KeyA', 'KeyM']) {
        await page.keyboard.down('Shift');
        await page.keyboard.press(key);
        await page.keyboard.up('Shift');
      }
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      await page.waitForTimeout(5200);
      await expect(page.locator('#exit-status').textContent()).resolves.toBe('Exit this page expired.');
      await page.keyboard.press('Shift');
      await page.waitForTimeout(300);
      expect(page.url()).toBe(`${site.server.url}/`);
      await expect(messageBox(page).inputValue()).resolves.toBe('IAM');
    } finally {
      await context.close();
    }
  }, 20_000);

  it('the secondary link is the first thing a keyboard reaches, shows when focused, and exits', async () => {
    const { context, page, conversationId } = await chatting(DESKTOP, false);
    try {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({
        text: document.activeElement?.textContent,
        width: (document.activeElement as HTMLElement).getBoundingClientRect().width
      }));
      expect(focused.text).toBe('Exit this page now');
      expect(focused.width).toBeGreaterThan(40); // visible once focused
      await screenshot(page, 'exit-desktop-secondary-link-focused');
      await page.keyboard.press('Enter');
      await expectForgotten(conversationId());
      await expectLeftForGood(page);
    } finally {
      await context.close();
    }
  });

  it('the exit button stays on screen while the page scrolls (short landscape phone)', async () => {
    const { context, page } = await chatting({ ...PHONE, viewport: { width: 844, height: 390 } });
    try {
      await page.mouse.wheel(0, 2000);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const box = await page.getByRole('link', { name: 'Exit this page', exact: true }).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(390);
      // Nothing sits on top of it.
      const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('#exit-button') !== null, {
        x: box!.x + box!.width / 2,
        y: box!.y + box!.height / 2
      });
      expect(onTop).toBe(true);
      await screenshot(page, 'exit-landscape-scrolled');
    } finally {
      await context.close();
    }
  });

  it('embedded in a frame on an allowed site (FRAME_ANCESTORS), exit takes the whole tab away, not just the frame', async () => {
    const embeddable = await startServer({
      EXIT_URL: site.exitSite.exitUrl,
      FRAME_ANCESTORS: site.exitSite.origin,
      RATE_LIMIT_PER_CLIENT: '0',
      RATE_LIMIT_PER_CONVERSATION: '0'
    });
    const context = await site.browser.newContext(DESKTOP);
    const page = await context.newPage();
    try {
      await page.goto(site.exitSite.embedUrl(`${embeddable.url}/`));
      const frame = page.frameLocator('iframe');
      await frame.locator('.webchat__bubble__content', { hasText: /Who is asking/ }).waitFor();
      await screenshot(page, 'embedded-desktop');
      await frame.getByRole('link', { name: 'Exit this page', exact: true }).click();
      await page.waitForURL(site.exitSite.exitUrl);
      expect(await page.title()).toBe('Weather');
    } finally {
      await context.close();
      await embeddable.stop();
    }
  });

  it('by default (no FRAME_ANCESTORS) no other site can frame the page', async () => {
    const context = await site.browser.newContext(DESKTOP);
    const page = await context.newPage();
    try {
      await page.goto(site.exitSite.embedUrl(`${site.server.url}/`), { waitUntil: 'load' }); // 'load' waits for the frame too
      const framed = page.frames().find((f) => f !== page.mainFrame());
      const text = await framed?.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      expect(text ?? '').not.toContain('Safe to Ask');
    } finally {
      await context.close();
    }
  });
});
