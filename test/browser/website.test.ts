// The website over plain HTTP (no browser needed): security headers on every page, the CSP in
// detail, assets served from this server with SRI and long caching, and no cookies anywhere.
import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ EXIT_URL: 'http://127.0.0.1:9/weather' });
});
afterAll(async () => {
  await server.stop();
});

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values])
  );
}

async function page(path: string, base = server.url) {
  const res = await fetch(`${base}${path}`);
  return { res, html: await res.text() };
}

describe('pages', () => {
  it.each(['/', '/privacy'])('%s has the security headers, a strict CSP and no cookie', async (path) => {
    const { res, html } = await page(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('set-cookie')).toBeNull();
    const permissions = res.headers.get('permissions-policy') ?? '';
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()']) expect(permissions).toContain(feature);

    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    const style = csp.get('style-src') ?? [];
    expect(style).not.toContain("'unsafe-inline'");
    const nonce = style.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce}"`);
    // A new nonce for every response.
    const again = directives((await fetch(`${server.url}${path}`)).headers.get('content-security-policy'));
    expect(again.get('style-src')).not.toEqual(style);

    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1');
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    // No inline script or style: every <script> has a src, and no element has a style attribute.
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(html).not.toMatch(/\sstyle=/);
    // The quick exit and its note are on every page.
    expect(html).toContain('Exit this page');
    expect(html).toContain("This won&#39;t clear your browser history.");
    expect(html).toContain('data-exit-url="http://127.0.0.1:9/weather"');
  });

  it('/ has the privacy line with its link, and a help list for browsers without JavaScript', async () => {
    const { html } = await page('/');
    expect(html).toContain("We don&#39;t ask your name. We don&#39;t keep what you type. Never send pictures.");
    expect(html).toContain('<a href="/privacy">');
    expect(html).toMatch(/<noscript>[\s\S]*tel:999[\s\S]*Childline[\s\S]*<\/noscript>/);
  });

  it('the page loads nothing from other origins', async () => {
    const { html } = await page('/');
    const loaded = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(loaded.length).toBeGreaterThanOrEqual(3);
    for (const url of loaded) expect(url.startsWith('/') || url.startsWith('data:')).toBe(true);
  });

  it('FRAME_ANCESTORS lets the named sites embed the page; anything that is not an origin is dropped', async () => {
    const framed = await startServer({ FRAME_ANCESTORS: "https://www.example-charity.org.uk, https://*.example.org, javascript:alert(1), 'unsafe-inline'; script-src *" });
    try {
      const res = await fetch(`${framed.url}/`);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('frame-ancestors')).toEqual(['https://www.example-charity.org.uk', 'https://*.example.org']);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(res.headers.get('x-frame-options')).toBeNull();
    } finally {
      await framed.stop();
    }
  });

  it('DIRECTLINE_DOMAIN points the page at another Direct Line (Azure) and lets it connect there', async () => {
    const azure = await startServer({ DIRECTLINE_DOMAIN: 'https://directline.botframework.com/v3/directline', DIRECTLINE_TOKEN_PATH: '/api/directline-token' });
    try {
      const res = await fetch(`${azure.url}/`);
      const html = await res.text();
      expect(html).toContain('data-directline-domain="https://directline.botframework.com/v3/directline"');
      expect(html).toContain('data-token-path="/api/directline-token"');
      expect(html).toContain('data-websocket="true"');
      expect(html).toContain('data-can-forget="false"');
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('connect-src')).toEqual(["'self'", 'https://directline.botframework.com', 'wss://directline.botframework.com']);
    } finally {
      await azure.stop();
    }
  });
});

describe('assets', () => {
  it('serves Web Chat, app.js and app.css from this server with matching SRI and a year of caching', async () => {
    const { html } = await page('/');
    const tags = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(\/assets\/[^"]+)"[^>]*integrity="(sha384-[^"]+)"/g)];
    expect(tags.map((t) => t[1])).toEqual([
      expect.stringMatching(/^\/assets\/app\.[0-9a-f]{12}\.css$/),
      expect.stringMatching(/^\/assets\/webchat-4\.18\.1\.[0-9a-f]{12}\.js$/),
      expect.stringMatching(/^\/assets\/app\.[0-9a-f]{12}\.js$/)
    ]);
    for (const [, path, integrity] of tags) {
      const res = await fetch(`${server.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('set-cookie')).toBeNull();
      const body = Buffer.from(await res.arrayBuffer());
      expect(`sha384-${createHash('sha384').update(body).digest('base64')}`).toBe(integrity);
    }
  });

  it('compresses with brotli or gzip when the browser accepts it', async () => {
    const { html } = await page('/');
    const path = /src="(\/assets\/webchat-[^"]+)"/.exec(html)![1]!;
    const plain = Buffer.from(await (await fetch(`${server.url}${path}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    const raw = async (encoding: string) => {
      // Node's fetch decodes bodies itself; ask for the raw bytes through a plain request instead.
      const { request } = await import('node:http');
      return new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        const req = request(`${server.url}${path}`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    };
    const br = await raw('gzip, deflate, br');
    expect(br.encoding).toBe('br');
    expect(br.body.length).toBeLessThan(plain.length / 3);
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);
    const gz = await raw('gzip');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
  });

  it('an unknown asset is a 404', async () => {
    expect((await fetch(`${server.url}/assets/webchat.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});
