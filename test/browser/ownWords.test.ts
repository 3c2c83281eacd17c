// What the person types, in real Web Chat (issue 16, item 3): the server never stores it, not even
// for the second before the page polls, yet the page shows it as sent, in its own words. And a chat
// left idle for IDLE_MINUTES ends on screen (the page's clock is moved; nothing else is faked).
import { describe, expect, it } from 'vitest';
import { memoryEntries } from '../privacy/support.js';
import { bubble, chromiumAvailable, messageBox, useWebsite, waitForBot } from './support.js';

const TYPED = 'my name is Quillon Marrowby and I go to Marrowby Academy';

describe.skipIf(!chromiumAvailable())('the words a person types, in Chromium', () => {
  const site = useWebsite();

  it('shows them as sent, in their own words, while the server stores none of them', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    // Hold the page's polls, so the server is looked at after the message arrived and before the page fetched it.
    let holdPolls = false;
    const held: Array<() => Promise<void>> = [];
    await page.route('**/directline/conversations/*/activities?*', async (route) => {
      if (!holdPolls) return route.continue();
      held.push(() => route.continue());
    });
    try {
      await page.goto(`${site.server.url}/`);
      await waitForBot(page, /Who is asking/);
      holdPolls = true;
      const posted = page.waitForResponse((r) => r.request().method() === 'POST' && /\/activities$/.test(r.url()));
      await messageBox(page).fill(TYPED);
      await messageBox(page).press('Enter');
      expect((await posted).status()).toBe(200);
      const stored = memoryEntries(site.server.parts.store).map(([key, value]) => `${key} ${value}`).join('\n');
      expect(stored).toMatch(/"role":"user"/); // the message is there, as an echo...
      expect(stored).not.toMatch(/Quillon|Marrowby/i); // ...without a word of it
      const botBubbles = () => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').count();
      const before = await botBubbles();
      holdPolls = false;
      for (const release of held.splice(0)) await release();
      // The reply has arrived, and with it the message's echo (which Web Chat shows in place of what it sent).
      await page.waitForFunction((n) => document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user)').length > n, before);
      await page.getByText(/^Sending/).waitFor({ state: 'detached' });
      await expect(bubble(page, TYPED).isVisible()).resolves.toBe(true);
      await expect(page.getByText(/Send failed/i).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('ends a chat on screen after IDLE_MINUTES with nothing said, and offers a new one', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    try {
      await page.clock.install();
      await page.goto(`${site.server.url}/`);
      await waitForBot(page, /Who is asking/);
      await page.clock.fastForward('29:00');
      await expect(page.locator('.webchat__bubble').count()).resolves.toBeGreaterThan(0);
      await page.clock.fastForward('02:00');
      await page.getByText(/This chat has ended to keep it private/).waitFor();
      await expect(page.locator('.webchat__bubble').count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Start a new chat' }).waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);
});
