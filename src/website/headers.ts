// Security headers for the website's pages.
//
// Content-Security-Policy, directive by directive, and why each source is there:
//   default-src 'self'          anything not named below comes from this server only
//   script-src 'self'           Web Chat's bundle and app.js, both served from /assets with SRI. No inline
//                               script, no 'unsafe-eval': Web Chat 4.18.1's full bundle runs without eval
//                               (its webpack runtime finds globalThis first; checked in the browser tests,
//                               which fail on any CSP violation report).
//   style-src 'self' 'nonce-…'  app.css, plus the <style> elements Web Chat writes at run time (emotion,
//                               CSS-in-JS). Web Chat passes the `nonce` we give renderWebChat to every
//                               emotion cache, so no 'unsafe-inline' is needed for elements.
//   style-src-attr 'unsafe-inline'  Web Chat and Adaptive Cards set a few style="" attributes in markup
//                               (e.g. the transcript's scroller, card column widths). Attributes cannot
//                               carry a nonce. Style attributes cannot run script; this is the only
//                               'unsafe-inline' and it is for attributes only.
//   img-src 'self' data:        Web Chat's icons are data: URLs (e.g. the markdown external-link icon). Its
//                               default spinner is a blob: URL; app.js gives it a data: SVG spinner instead.
//   connect-src 'self' [+DL]    Direct Line polling and the quick-exit beacon go to this server; with
//                               DIRECTLINE_DOMAIN (Azure), that origin and its wss: twin too.
//   font-src 'self'             no web fonts are used (system fonts only); nothing else may load one.
//   media-src 'none', object-src 'none', worker-src 'none', frame-src 'none', manifest-src 'self'
//   frame-ancestors             FRAME_ANCESTORS, default 'none' (see the README to embed the page)
//   base-uri 'none', form-action 'none'
// Links on service cards (https:, tel:, sms:) are navigations, which CSP does not restrict.
import { randomBytes } from 'node:crypto';
import type { Response } from 'restify';

/** An origin or scheme-host source a site may be embedded by, e.g. https://www.example.org or https://*.example.org. */
const ANCESTOR = /^(?:'self'|https:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?|http:\/\/(?:localhost|127\.0\.0\.1)(?::\d{1,5})?)$/i;

/** FRAME_ANCESTORS entries that are safe to put in the header (anything else is dropped, never echoed). */
export function frameAncestors(configured: readonly string[]): { sources: string[]; rejected: number } {
  const sources: string[] = [];
  let rejected = 0;
  for (const raw of configured) {
    const entry = raw.trim().replace(/\/+$/, '');
    if (ANCESTOR.test(entry)) sources.push(entry);
    else rejected++;
  }
  return { sources, rejected };
}

/** sha256 of "": lets an EMPTY <style> element exist (see above); any text in it would not match. */
export const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

export interface CspOptions {
  nonce: string;
  ancestors: readonly string[];
  /** Origins of an external Direct Line (Azure), if configured. */
  directLineOrigins: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions): string {
  const connect = ["'self'", ...options.directLineOrigins];
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${options.nonce}' '${EMPTY_STYLE_HASH}'`,
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "font-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "worker-src 'none'",
    "frame-src 'none'",
    "manifest-src 'self'",
    `frame-ancestors ${options.ancestors.length > 0 ? options.ancestors.join(' ') : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'"
  ];
  return directives.join('; ');
}

/** The https: origin of an external Direct Line and its wss: twin, for connect-src. */
export function directLineOrigins(domain: string | undefined): string[] {
  if (!domain) return [];
  const url = new URL(domain);
  const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [url.origin, `${ws}//${url.host}`];
}

export const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'display-capture=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'midi=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()'
].join(', ');

/** Headers on every page (HTML) response. */
export function setPageHeaders(res: Response, csp: string, framed: boolean): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Robots-Tag', 'noarchive');
  // Old browsers ignore frame-ancestors; they get the same answer when no site may frame us.
  if (!framed) res.header('X-Frame-Options', 'DENY');
}
