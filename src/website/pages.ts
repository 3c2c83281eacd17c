// The website's two pages as HTML strings: the chat (GET /) and privacy (GET /privacy).
// No inline script and no inline style: the page's behaviour is /assets/app.<hash>.js, its
// look /assets/app.<hash>.css, both with Subresource Integrity. The server hands the page its
// settings as data-* attributes on <body>.
import type { Content } from '../content/load.js';
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

const WORDS = {
  siteName: 'Safe to Ask',
  exit: 'Exit this page',
  exitNote: "This won't clear your browser history.",
  exitTip: 'Or press Shift 3 times.',
  skipExit: 'Exit this page now',
  privacyLine: "We don't ask your name. We don't keep what you type. Never send pictures.",
  privacyLink: 'How we keep you private'
};

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
    'can-forget': settings.canForget ? 'true' : 'false'
  };
  const attributes = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  return `<body${attributes}>`;
}

/** The secondary exit link (first in the tab order) and the exit bar, on every page. */
function exitBar(exitUrl: string): string {
  const href = escapeHtml(exitUrl);
  return `<div class="exit-bar" role="region" aria-label="Quick exit">
  <a class="skip-exit js-exit" href="${href}" target="_top" rel="noreferrer">${WORDS.skipExit}</a>
  <p class="exit-note" id="exit-note">${escapeHtml(WORDS.exitNote)} <span class="exit-tip">${escapeHtml(WORDS.exitTip)}</span></p>
  <a class="exit-button js-exit" id="exit-button" href="${href}" target="_top" rel="noreferrer" aria-describedby="exit-note">${WORDS.exit}<span class="exit-progress" aria-hidden="true" hidden><span></span><span></span><span></span></span></a>
  <p class="visually-hidden" id="exit-status" role="status" aria-live="polite"></p>
</div>`;
}

/** Help that works without JavaScript: from content/, so numbers are never typed twice. */
function helpWithoutScript(content: Content): string {
  const childline = content.services.get('childline');
  const lines: string[] = ['<p>The chat needs JavaScript, which is turned off. You can still get help now:</p>', '<ul>'];
  lines.push('<li>In danger right now? Call <a href="tel:999">999</a>.</li>');
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
${head('Safe to Ask: help with nude or sexual pictures', settings, true)}
${bodyOpen(settings)}
${exitBar(settings.exitUrl)}
<div class="page">
  <header class="intro">
    <h1>${WORDS.siteName}</h1>
    <p class="lead">Worried about a nude, a sexual picture or video, or someone asking for one? Chat here to find out what to do and who can help.</p>
    <p class="privacy-line">${escapeHtml(WORDS.privacyLine)} <a href="/privacy">${WORDS.privacyLink}</a></p>
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

export function privacyPage(settings: PageSettings): string {
  const minutes = settings.idleMinutes;
  const idle = minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;
  return `<!doctype html>
<html lang="en-GB">
${head('Your privacy: Safe to Ask', settings, false)}
${bodyOpen(settings)}
${exitBar(settings.exitUrl)}
<div class="page">
  <main id="main" class="prose">
    <h1>Your privacy</h1>
    <h2>The short version</h2>
    <ul>
      <li>You don't need to tell us who you are. We never ask your name.</li>
      <li>We don't keep what you type.</li>
      <li>We can't see pictures. Please never send one, to us or to anyone.</li>
      <li>After ${escapeHtml(idle)} with no chat, we forget everything.</li>
      <li>Type <strong>delete this chat</strong> at any time and we forget it straight away.</li>
    </ul>
    <h2>What we keep</h2>
    <p>Only your answers to our questions, like "parent", "13 to 17" or "UK", so the chat makes sense from one message to the next. We forget them after ${escapeHtml(
      idle
    )} with no chat.</p>
    <h2>On your phone or computer</h2>
    <ul>
      <li>This website doesn't use cookies and doesn't save anything on your phone or computer.</li>
${
        settings.canForget
          ? '      <li>When you close this page or press <strong>Exit this page</strong>, the chat is deleted.</li>\n'
          : ''
      }      <li>Your browser history may still show that you visited. To stop that, use a private or incognito window, or delete this site from your history.</li>
    </ul>
    <h2>Helplines are separate</h2>
    <p>We point you to helplines like Childline. We don't send them anything about you. If you call, text or chat with them, their own privacy rules apply.</p>
    <h2>No tracking</h2>
    <p>No adverts, no accounts, and we don't build a profile of you.</p>
    <p><a href="/">Back to the chat</a></p>
  </main>
</div>
</body>
</html>
`;
}
