// The website's two pages as HTML strings: the chat (GET /) and privacy (GET /privacy).
// No inline script and no inline style: the page's behaviour is /assets/app.<hash>.js, its
// look /assets/app.<hash>.css, both with Subresource Integrity. The server hands the page its
// settings as data-* attributes on <body>.
import type { Content } from '../content/load.js';
import type { WordKey } from '../content/wordKeys.js';
import { fill } from '../render/words.js';
import type { AssetRef } from './assets.js';

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface PageAssets {
  css: AssetRef;
  app: AssetRef;
  webchat: AssetRef;
}

export interface PageSettings {
  nonce: string;
  exitUrl: string;
  assets: PageAssets;
  /** Where Web Chat finds Direct Line; '' = this server's /directline. */
  directLineDomain: string;
  /** Same-origin path that hands out tokens. */
  tokenPath: string;
  /** WebSocket for Azure's Direct Line; polling for the local one. */
  webSocket: boolean;
  /** The local Direct Line can forget a conversation at once (quick exit, the page closing). */
  canForget: boolean;
  idleMinutes: number;
}

type Words = Content['words'];

/** A word from content/words.yaml, escaped for HTML. */
const word = (words: Words, key: WordKey, values: Record<string, string> = {}): string => escapeHtml(fill(words, key, values));

/** Escaped text with **bold** made <strong>. */
const inline = (text: string): string => escapeHtml(text).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');

/**
 * The privacy page's text, from content: "## " headings, "- " list items and paragraphs, with
 * **bold**. Written by hand because these three shapes are all it needs; items that come out
 * empty after filling placeholders are dropped.
 */
function prose(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((block) => {
      const lines = block.split('\n').map((l) => l.trim());
      if (lines[0]?.startsWith('## ')) return `<h2>${inline(lines[0].slice(3))}</h2>`;
      if (lines.every((l) => /^-( |$)/.test(l))) {
        const items = lines.map((l) => l.slice(1).trim()).filter(Boolean);
        return `<ul>\n${items.map((i) => `  <li>${inline(i)}</li>`).join('\n')}\n</ul>`;
      }
      return `<p>${inline(lines.join(' '))}</p>`;
    })
    .join('\n');
}

function script(asset: AssetRef, nonce?: string): string {
  const n = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  return `<script src="${escapeHtml(asset.path)}" integrity="${asset.integrity}" defer${n}></script>`;
}

function head(title: string, settings: PageSettings, withChat: boolean): string {
  const { assets } = settings;
  return `<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<meta name="format-detection" content="telephone=no">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(assets.css.path)}" integrity="${assets.css.integrity}">
${withChat ? script(assets.webchat) + '\n' : ''}${script(assets.app, settings.nonce)}
</head>`;
}

function bodyOpen(settings: PageSettings): string {
  const data: Record<string, string> = {
    'exit-url': settings.exitUrl,
    'directline-domain': settings.directLineDomain,
    'token-path': settings.tokenPath,
    'websocket': settings.webSocket ? 'true' : 'false',
    'can-forget': settings.canForget ? 'true' : 'false',
    'idle-minutes': String(settings.idleMinutes)
  };
  const attributes = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  return `<body${attributes}>`;
}

/** The secondary exit link (first in the tab order) and the exit bar, on every page. */
function exitBar(exitUrl: string, words: Words): string {
  const href = escapeHtml(exitUrl);
  return `<div class="exit-bar" role="region" aria-label="Quick exit">
  <a class="skip-exit js-exit" href="${href}" target="_top" rel="noreferrer">${word(words, 'site.skipExit')}</a>
  <p class="exit-note" id="exit-note">${word(words, 'site.exitNote')} <span class="exit-tip">${word(words, 'site.exitTip')}</span></p>
  <a class="exit-button js-exit" id="exit-button" href="${href}" target="_top" rel="noreferrer" aria-describedby="exit-note">${word(words, 'site.exit')}<span class="exit-progress" aria-hidden="true" hidden><span></span><span></span><span></span></span></a>
  <p class="visually-hidden" id="exit-status" role="status" aria-live="polite"></p>
</div>`;
}

/** Help that works without JavaScript: from content/, so numbers are never typed twice. */
function helpWithoutScript(content: Content): string {
  const childline = content.services.get('childline');
  const lines: string[] = [`<p>${word(content.words, 'site.noScript')}</p>`, '<ul>'];
  lines.push(`<li>${word(content.words, 'site.noScriptDanger')} <a href="tel:999">999</a>.</li>`);
  if (childline?.phone) {
    lines.push(
      `<li>${escapeHtml(childline.name)}: call <a href="tel:${escapeHtml(childline.phone.value.dial)}">${escapeHtml(
        childline.phone.value.display
      )}</a>${childline.web ? ` or visit <a href="${escapeHtml(childline.web.value)}" rel="noreferrer">${escapeHtml(new URL(childline.web.value).host)}</a>` : ''}. ${escapeHtml(childline.for.value)}</li>`
    );
  }
  lines.push('</ul>');
  return lines.join('\n');
}

export function chatPage(settings: PageSettings, content: Content): string {
  return `<!doctype html>
<html lang="en-GB">
${head(fill(content.words, 'site.title'), settings, true)}
${bodyOpen(settings)}
${exitBar(settings.exitUrl, content.words)}
<div class="page">
  <header class="intro">
    <h1>${word(content.words, 'site.name')}</h1>
    <p class="lead">${word(content.words, 'site.lead')}</p>
    <p class="privacy-line">${word(content.words, 'site.privacyLine')} <a href="/privacy">${word(content.words, 'site.privacyLink')}</a></p>
  </header>
  <main id="main" class="chat" aria-labelledby="chat-heading">
    <h2 id="chat-heading" class="visually-hidden">Chat</h2>
    <div class="chat-frame" id="chat-frame">
      <noscript><div class="chat-notice">${helpWithoutScript(content)}</div></noscript>
    </div>
  </main>
</div>
</body>
</html>
`;
}

export function privacyPage(settings: PageSettings, content: Content): string {
  const words = content.words;
  const minutes = settings.idleMinutes;
  const idle = minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;
  const closing = settings.canForget ? fill(words, 'site.privacyClosing') : '';
  return `<!doctype html>
<html lang="en-GB">
${head(fill(words, 'site.privacyTitle'), settings, false)}
${bodyOpen(settings)}
${exitBar(settings.exitUrl, words)}
<div class="page">
  <main id="main" class="prose">
    <h1>${word(words, 'site.privacyHeading')}</h1>
${prose(fill(words, 'site.privacyPage', { idle, closing }))}
    <p><a href="/">${word(words, 'site.privacyBack')}</a></p>
  </main>
</div>
</body>
</html>
`;
}
