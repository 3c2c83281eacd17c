// Helpers for the browser tests: the system's headless Chromium (never a downloaded one), a local
// stand-in for the exit site, and watchers for requests, CSP reports, page errors and storage.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM_PATH}: install the Debian "chromium" package to run the browser tests`;

let availability: boolean | undefined;

/** true when Chromium is installed. Missing: throws when process.env.CI is set, otherwise warns once and skips. */
export function chromiumAvailable(): boolean {
  if (availability === undefined) {
    availability = existsSync(CHROMIUM_PATH);
    if (!availability) {
      if (process.env.CI) throw new Error(`${CHROMIUM_MISSING} (CI is set, so the browser tests cannot be skipped)`);
      console.warn(`[test] ${CHROMIUM_MISSING}; skipping them.`);
    }
  }
  return availability;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic'
    ]
  });
}

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true
};
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

/** A stand-in for the neutral exit site (BBC Weather in production), on another loopback port. */
export interface ExitSite {
  origin: string;
  /** The page "Exit this page" goes to. */
  exitUrl: string;
  /** A page to visit before the chat, so "Back" has somewhere to go. */
  startUrl: string;
  /** A page on this (other) origin that shows `src` in an iframe. */
  embedUrl(src: string): string;
  close(): Promise<void>;
}

export async function startExitSite(delayMs = 1000): Promise<ExitSite> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/embed') {
      // A charity's page that embeds the chat in a frame.
      const src = url.searchParams.get('src') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(
        `<!doctype html><html lang="en"><title>Charity</title><h1>Charity</h1>` +
          `<iframe src="${src.replace(/"/g, '&quot;')}" title="Safe to Ask chat" width="390" height="700"></iframe></html>`
      );
      return;
    }
    const title = url.pathname.startsWith('/start') ? 'Start page' : 'Weather';
    // Slow, like a real site on a phone at night, so a test can see the chat page already blank before it arrives.
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`<!doctype html><html lang="en"><title>${title}</title><h1>${title}</h1></html>`);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    exitUrl: `${origin}/weather`,
    startUrl: `${origin}/start`,
    embedUrl: (src) => `${origin}/embed?src=${encodeURIComponent(src)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}

export interface PageWatch {
  /** Every URL the page asked for. */
  requests: string[];
  /** URLs whose origin is not one of the allowed ones. */
  foreign(): string[];
  cspViolations: string[];
  /** Uncaught errors, and console.error messages (Web Chat reports a card it cannot draw there). */
  errors: string[];
}

/**
 * Records every request of the context (popups included), CSP violation reports (through a listener
 * added before any page script) and page errors.
 */
export async function watch(context: BrowserContext, page: Page, allowedOrigins: string[]): Promise<PageWatch> {
  const result: PageWatch = {
    requests: [],
    foreign: () => result.requests.filter((url) => !allowedOrigins.some((o) => url === o || url.startsWith(`${o}/`))),
    cspViolations: [],
    errors: []
  };
  context.on('request', (request) => result.requests.push(request.url()));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`csp-violation: ${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('csp-violation:') || /Content Security Policy/i.test(text)) result.cspViolations.push(text);
    else if (message.type() === 'error') result.errors.push(text);
  });
  page.on('pageerror', (error) => result.errors.push(error.message));
  return result;
}

/** What this origin has stored in the browser: all of it should be empty. */
export async function browserStorage(context: BrowserContext, page: Page) {
  const cookies = await context.cookies();
  const inPage = await page.evaluate(async () => ({
    documentCookie: document.cookie,
    localStorage: window.localStorage.length,
    sessionStorage: window.sessionStorage.length,
    indexedDB: (await indexedDB.databases()).map((d) => d.name ?? ''),
    cacheStorage: await caches.keys(),
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length
  }));
  return { cookies, ...inPage };
}

export const EMPTY_STORAGE = {
  cookies: [],
  documentCookie: '',
  localStorage: 0,
  sessionStorage: 0,
  indexedDB: [],
  cacheStorage: [],
  serviceWorkers: 0
};

const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page (evaluated over DevTools, so the page's CSP still holds for everything else). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<any> } }).axe.run;
    const results = await run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }
    });
    return results.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n: any) => n.target.join(' '))
    }));
  });
}

export const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

// ---- Web Chat

export const quickReplies = (page: Page) => page.getByRole('toolbar', { name: 'Suggested actions' });

/** A bubble in the visible transcript (Web Chat also keeps a copy for screen readers). */
export const bubble = (page: Page, text: RegExp | string) => page.locator('.webchat__bubble__content', { hasText: text }).last();

export async function waitForBot(page: Page, text: RegExp | string, timeout = 15_000): Promise<void> {
  await bubble(page, text).waitFor({ state: 'visible', timeout });
}

export const messageBox = (page: Page) => page.getByRole('textbox', { name: 'Message' });

/** The welcome, then "I'm a young person", a typed worry, "13 to 17", "UK", an answer with service cards. */
export async function converseAsYoungPerson(page: Page, shot?: (step: string) => Promise<void>): Promise<void> {
  await waitForBot(page, /Safe to Ask/);
  await waitForBot(page, /Who is asking/);
  await shot?.('1-welcome');
  await quickReplies(page).getByRole('button', { name: "I'm a young person" }).click();
  await waitForBot(page, /worrying you/);
  await bubble(page, /I.m a young person/).waitFor();
  await shot?.('2-situation');
  await messageBox(page).fill('someone shared my nude at school');
  await messageBox(page).press('Enter');
  await bubble(page, 'someone shared my nude at school').waitFor();
  // Their age, as their own picture is the worry (or, if the words were not understood, the
  // closest choices first: then tap the right one), then where they live.
  const age = bubble(page, /How old are you/);
  const choices = bubble(page, /one of these|say it another way/);
  await age.or(choices).first().waitFor({ timeout: 15_000 });
  if (!(await age.isVisible())) {
    await quickReplies(page).getByRole('button', { name: /nude of me was shared/i }).click();
    await age.waitFor({ timeout: 15_000 });
  }
  await quickReplies(page).getByRole('button', { name: '13 to 17', exact: true }).click();
  await waitForBot(page, /Where do you live/);
  await quickReplies(page).getByRole('button', { name: 'UK', exact: true }).click();
  await page.locator('.webchat__bubble .ac-adaptiveCard').first().waitFor({ timeout: 15_000 });
}

export interface Website {
  browser: Browser;
  server: RunningServer;
  exitSite: ExitSite;
}

/** For one describe block: a stand-in exit site, the real server and Chromium, started before and stopped after. */
export function useWebsite(): Website {
  const site = {} as Website;
  beforeAll(async () => {
    site.exitSite = await startExitSite();
    site.server = await startServer({
      EXIT_URL: site.exitSite.exitUrl,
      RATE_LIMIT_PER_CLIENT: '0',
      RATE_LIMIT_PER_CONVERSATION: '0'
    });
    site.browser = await launchBrowser();
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.server?.stop();
    await site.exitSite?.close();
  });
  return site;
}
