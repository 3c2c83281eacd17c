// The local Direct Line 3.0 endpoint over HTTP, as Web Chat's DirectLineJS uses it: tokens,
// conversations, posting and polling with watermarks, scoping, expiry, refresh, bad input,
// "delete this chat" and quick-exit forgetting.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import { CHANNEL_ID } from '../../src/directline/activities.js';
import { historyKey } from '../../src/directline/history.js';
import { TokenIssuer } from '../../src/directline/tokens.js';
import { startServer, type RunningServer } from '../support/server.js';
import { call, generate, getActivities, postMessage, startConversation, type Grant } from './support.js';

const SECRET = 'test-secret-for-direct-line-tokens-0123456789';
const ENV = { DIRECTLINE_TOKEN_SECRET: SECRET, RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' };

let server: RunningServer;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    }
  });
  server = await startServer({ ...ENV, LOG_LEVEL: 'trace' }, { logDestination });
  base = server.url;
});
afterAll(async () => {
  await server.stop();
});

async function stored(conversationId: string): Promise<any> {
  const items = await server.parts.store.storage.read([historyKey(conversationId)]);
  return items[historyKey(conversationId)];
}

const messagesOf = (set: { activities: Array<Record<string, any>> }) => set.activities.filter((a) => a.type === 'message');

describe('tokens and starting a conversation', () => {
  it('gives a token for a new conversation without any secret, and never caches it', async () => {
    const res = await call<Grant>(base, 'POST', '/tokens/generate', { body: { user: { id: 'b9c5c1de-4c1b-4a55-9f3a-1234567890ab' } } });
    expect(res.status).toBe(200);
    expect(res.json.conversationId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(typeof res.json.token).toBe('string');
    expect(res.json.expires_in).toBe(1800);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('starts the conversation with 201 and the bot welcomes the user (membersAdded is not empty)', async () => {
    const grant = await startConversation(base);
    const res = await getActivities(base, grant);
    expect(res.status).toBe(200);
    const messages = messagesOf(res.json);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]?.text).toMatch(/Safe to Ask/);
    for (const m of messages) {
      expect(m.from).toMatchObject({ id: 'bot', role: 'bot' });
      expect(m.id).toMatch(new RegExp(`^${grant.conversationId}\\|\\d+$`));
      expect(new Date(m.timestamp).toISOString()).toBe(m.timestamp);
      expect(m.conversation).toEqual({ id: grant.conversationId });
      expect(m.channelData.guide).toMatchObject({ version: 1 });
    }
    const actions = messages.at(-1)?.suggestedActions?.actions.map((a: { value: string }) => a.value);
    expect(actions).toEqual(['parent', 'young-person', 'professional', 'adult']);
    // The watermark is the newest activity's sequence number (see src/directline/historyEntries.ts nextSeq).
    expect(res.json.watermark).toBe(messages.at(-1)?.id.split('|')[1]);
  });

  it('a second start with the same token is 200 for the same conversation (no second welcome)', async () => {
    const grant = await startConversation(base);
    const again = await call<Grant>(base, 'POST', '/conversations', { token: grant.token, body: {} });
    expect(again.status).toBe(200);
    expect(again.json.conversationId).toBe(grant.conversationId);
    const res = await getActivities(base, grant);
    expect(messagesOf(res.json).filter((m) => /Safe to Ask/.test(m.text)).length).toBe(1);
  });

  it('reconnect (GET /conversations/:id) gives a fresh token for the same conversation', async () => {
    const grant = await startConversation(base);
    const res = await call<Grant>(base, 'GET', `/conversations/${grant.conversationId}?watermark=`, { token: grant.token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ conversationId: grant.conversationId, expires_in: 1800 });
  });

  it('refuses a token request that a browser marks as cross-site', async () => {
    const res = await call(base, 'POST', '/tokens/generate', { body: {}, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
  });
});

describe('posting and polling', () => {
  it('post -> { id }; the echo keeps clientActivityID but not the text; replies follow with replyToId; watermarks page', async () => {
    const grant = await startConversation(base);
    const first = await getActivities(base, grant);
    const w1 = first.json.watermark;

    const posted = await postMessage(base, grant, 'young-person', { channelData: { clientActivityID: 'client-abc' } });
    expect(posted.status).toBe(200);
    expect(posted.json.id).toMatch(new RegExp(`^${grant.conversationId}\\|\\d+$`));

    const page = await getActivities(base, grant, w1);
    expect(page.status).toBe(200);
    const [echo, ...replies] = page.json.activities;
    expect(echo).toMatchObject({
      id: posted.json.id,
      type: 'message',
      from: { id: grant.user, role: 'user' },
      channelData: { clientActivityID: 'client-abc' }
    });
    // Web Chat needs the echo (an id and its clientActivityID) to mark the message sent; the page keeps its own words.
    expect(echo).not.toHaveProperty('text');
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(r).toMatchObject({ replyToId: posted.json.id, from: { role: 'bot' } });
    expect(replies.at(-1)?.channelData.guide).toMatchObject({ audience: 'young-person', expects: 'situation' });
    const stamps = page.json.activities.map((a) => Date.parse(a.timestamp));
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(page.json.watermark).toBe(page.json.activities.at(-1)?.id.split('|')[1]);
    expect(Number(page.json.watermark)).toBeGreaterThan(Number(w1));

    const nothingNew = await getActivities(base, grant, page.json.watermark);
    expect(nothingNew.json).toEqual({ activities: [], watermark: page.json.watermark });
  });

  it('keeps an activity only until the browser has it: polling with a watermark drops what is below it', async () => {
    const grant = await startConversation(base);
    const first = await getActivities(base, grant);
    await postMessage(base, grant, 'parent');
    const before = await stored(grant.conversationId);
    expect(JSON.stringify(before)).toContain('How old is your child');

    const page = await getActivities(base, grant, first.json.watermark);
    await getActivities(base, grant, page.json.watermark); // the browser says it has everything
    const after = await stored(grant.conversationId);
    expect(after.entries).toEqual([]);
    expect(JSON.stringify(after)).not.toContain('How old');
    // Asking again from the start now gives nothing: it is gone.
    expect((await getActivities(base, grant, '')).json.activities).toEqual([]);
  });

  it('keeps at most DIRECTLINE_HISTORY_LIMIT activities when the browser never polls', async () => {
    const small = await startServer({ ...ENV, DIRECTLINE_HISTORY_LIMIT: '10' });
    try {
      const grant = await startConversation(small.url);
      for (let i = 0; i < 8; i++) await postMessage(small.url, grant, i % 2 ? 'parent' : 'start again');
      const items = await small.parts.store.storage.read([historyKey(grant.conversationId)]);
      const item = items[historyKey(grant.conversationId)] as { entries: unknown[]; last: number };
      expect(item.entries.length).toBe(10);
      expect(item.last).toBeGreaterThan(10);
      const res = await getActivities(small.url, grant);
      expect(res.json.activities.length).toBe(10);
      expect(res.json.watermark).toBe(String(item.last));
    } finally {
      await small.stop();
    }
  });

  it('keeps at most DIRECTLINE_HISTORY_KB of activities when the browser never polls, the newest first', async () => {
    const small = await startServer({ ...ENV, DIRECTLINE_HISTORY_KB: '16' });
    try {
      const grant = await startConversation(small.url);
      for (let i = 0; i < 6; i++) await postMessage(small.url, grant, "he says he'll post my nudes unless I pay"); // about 10 KB of replies each
      const last = await postMessage(small.url, grant, 'help');
      const item = (await small.parts.store.storage.read([historyKey(grant.conversationId)]))[historyKey(grant.conversationId)] as {
        entries: Array<{ activity: { id: string } }>;
      };
      expect(JSON.stringify(item.entries).length).toBeLessThanOrEqual(16 * 1024);
      // What is kept is the newest: the last message's echo and all its replies.
      const ids = item.entries.map((e) => e.activity.id);
      expect(ids).toContain(last.json.id);
      const page = await getActivities(small.url, grant);
      expect(page.json.activities.at(-1)?.replyToId).toBe(last.json.id);
    } finally {
      await small.stop();
    }
  });

  it("a button press comes back without its value or its words (the page shows the button's words itself)", async () => {
    const grant = await startConversation(base);
    await postMessage(base, grant, 'young-person', { channelData: { clientActivityID: 'c-1', messageBack: { displayText: "I'm under 18" } } });
    const echo = (await getActivities(base, grant)).json.activities.find((a) => a.from.role === 'user');
    expect(echo?.channelData).toEqual({ clientActivityID: 'c-1' });
    expect(echo).not.toHaveProperty('text');
  });

  it('typing is acknowledged, runs no turn and is not stored', async () => {
    const grant = await startConversation(base);
    const before = (await stored(grant.conversationId)).last;
    const res = await call(base, 'POST', `/conversations/${grant.conversationId}/activities`, {
      token: grant.token,
      body: { type: 'typing', from: { id: 'x' } }
    });
    expect(res.status).toBe(200);
    expect((await stored(grant.conversationId)).last).toBe(before);
  });

  it('attachments are never stored or echoed: the bot only notices one was sent', async () => {
    const grant = await startConversation(base);
    const res = await postMessage(base, grant, '', {
      attachments: [{ contentType: 'image/png', contentUrl: 'data:image/png;base64,iVBORw0KGgo=', name: 'me-nude.png' }]
    });
    expect(res.status).toBe(200);
    const json = JSON.stringify(await stored(grant.conversationId));
    expect(json).not.toContain('data:image');
    expect(json).not.toContain('me-nude.png');
    const activities = (await getActivities(base, grant)).json.activities;
    expect(activities.find((a) => a.from.role === 'user')?.attachments).toBeUndefined();
    expect(activities.some((a) => a.from.role !== 'user' && /can't open pictures|haven't looked/i.test(a.text ?? ''))).toBe(true);
  });

  it('refuses uploads, always', async () => {
    const grant = await startConversation(base);
    const json = await call(base, 'POST', `/conversations/${grant.conversationId}/upload?userId=x`, { token: grant.token, body: {} });
    expect(json.status).toBe(403);
    const multipart = await call(base, 'POST', `/conversations/${grant.conversationId}/upload?userId=x`, {
      token: grant.token,
      rawBody: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n',
      contentType: 'multipart/form-data; boundary=b'
    });
    expect(multipart.status).toBeGreaterThanOrEqual(400);
    expect(multipart.status).toBeLessThan(500);
  });
});

describe('tokens are scoped, expire and refresh', () => {
  let a: Grant & { user: string };
  let b: Grant & { user: string };
  beforeAll(async () => {
    a = await startConversation(base);
    b = await startConversation(base);
  });

  it("a token for conversation A gets 403 on conversation B: read, post, reconnect and forget", async () => {
    const asA = { ...b, token: a.token };
    expect((await getActivities(base, asA)).status).toBe(403);
    expect((await postMessage(base, asA, 'hello')).status).toBe(403);
    expect((await call(base, 'GET', `/conversations/${b.conversationId}`, { token: a.token })).status).toBe(403);
    expect((await call(base, 'POST', `/conversations/${b.conversationId}/forget`, { token: a.token, body: {} })).status).toBe(403);
    expect((await call(base, 'DELETE', `/conversations/${b.conversationId}`, { token: a.token })).status).toBe(403);
    expect((await getActivities(base, b)).status).toBe(200); // B is untouched
  });

  it('an expired token gets 403 (TokenExpired) for reading, posting and refreshing', async () => {
    const expired = new TokenIssuer({ secret: SECRET }).sign({
      conversationId: a.conversationId,
      userId: a.user,
      expiresAt: Math.floor(Date.now() / 1000) - 5
    });
    const asExpired = { ...a, token: expired };
    const read = await getActivities(base, asExpired);
    expect(read.status).toBe(403);
    expect(read.json).toMatchObject({ error: { code: 'TokenExpired' } });
    expect((await postMessage(base, asExpired, 'hello')).status).toBe(403);
    expect((await call(base, 'POST', '/tokens/refresh', { token: expired })).status).toBe(403);
  });

  it('a token signed with another key, or tampered with, gets 403; no token gets 401', async () => {
    const foreign = new TokenIssuer({ secret: 'another-secret-another-secret-another-secret' }).issue(a.conversationId, a.user).token;
    expect((await getActivities(base, { ...a, token: foreign })).status).toBe(403);
    const [payload, signature] = a.token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ c: b.conversationId, u: a.user, e: 9_999_999_999 })).toString('base64url');
    expect((await getActivities(base, { ...b, token: `${forged}.${signature}` })).status).toBe(403);
    expect((await getActivities(base, { ...a, token: `${payload}.${signature.slice(0, -2)}xx` })).status).toBe(403);
    expect((await getActivities(base, { ...a, token: 'not-a-token' })).status).toBe(403);
    const none = await call(base, 'GET', `/conversations/${a.conversationId}/activities?watermark=`);
    expect(none.status).toBe(401);
  });

  it('refresh gives a new token for the same conversation that lasts 30 minutes from now', async () => {
    const issuer = new TokenIssuer({ secret: SECRET });
    const shortLived = issuer.sign({ conversationId: a.conversationId, userId: a.user, expiresAt: Math.floor(Date.now() / 1000) + 60 });
    const res = await call<Grant>(base, 'POST', '/tokens/refresh', { token: shortLived });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ conversationId: a.conversationId, expires_in: 1800 });
    const check = issuer.check(res.json.token);
    expect(check.ok && check.claims.expiresAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 1790);
    expect((await getActivities(base, { ...a, token: res.json.token })).status).toBe(200);
  });

  it('a token from another server with the same DIRECTLINE_TOKEN_SECRET works; without it, it does not', async () => {
    const sameSecret = await startServer(ENV);
    const otherSecret = await startServer({ ...ENV, DIRECTLINE_TOKEN_SECRET: '' });
    try {
      const grant = await generate(sameSecret.url);
      expect((await call(base, 'POST', '/conversations', { token: grant.token, body: {} })).status).toBe(201);
      const stranger = await generate(otherSecret.url);
      expect((await call(base, 'POST', '/conversations', { token: stranger.token, body: {} })).status).toBe(403);
    } finally {
      await sameSecret.stop();
      await otherSecret.stop();
    }
  });
});

describe('unknown conversations and bad input', () => {
  it('a token whose conversation has no record (never started, or lost by storage) carries on: it is answered, not "ended"', async () => {
    const grant = await generate(base);
    const empty = await getActivities(base, grant, '42');
    expect(empty.status).toBe(200);
    expect(empty.json).toEqual({ activities: [], watermark: '42' });
    expect((await call(base, 'GET', `/conversations/${grant.conversationId}`, { token: grant.token })).status).toBe(200);
    expect((await postMessage(base, grant, 'hello')).status).toBe(200);
    const replies = messagesOf((await getActivities(base, grant, '42')).json).filter((a) => a.from.role === 'bot');
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.at(-1)?.channelData.guide).toMatchObject({ expects: 'audience' });
  });

  it.each([
    ['malformed JSON', { rawBody: '{"type": "message", ' }],
    ['a JSON array', { rawBody: '[]' }],
    ['plain text that is not JSON', { rawBody: 'hello there', contentType: 'text/plain' }],
    ['a message without text', { body: { type: 'message' } }],
    ['a number as text', { body: { type: 'message', text: 42 } }],
    ['a conversationUpdate from the browser', { body: { type: 'conversationUpdate', membersAdded: [{ id: 'x' }] } }],
    ['an event', { body: { type: 'event', name: 'webchat/join' } }],
    ['text longer than any message', { body: { type: 'message', text: 'x'.repeat(10_001) } }],
    ['a huge value', { body: { type: 'message', text: 'hi', value: { blob: 'x'.repeat(3000) } } }],
    ['a bad clientActivityID', { body: { type: 'message', text: 'hi', channelData: { clientActivityID: 7 } } }]
  ])('rejects %s with a clear 4xx JSON error, never a 500', async (_name, options) => {
    const grant = await startConversation(base);
    const res = await call(base, 'POST', `/conversations/${grant.conversationId}/activities`, { token: grant.token, ...options });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof res.json).toBe('object');
  });

  it('rejects a deeply nested value with 400, as JSON or as text (JSON.stringify would throw a RangeError: a 5xx)', async () => {
    const grant = await startConversation(base);
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    for (const contentType of ['application/json', 'text/plain']) {
      const res = await call(base, 'POST', `/conversations/${grant.conversationId}/activities`, {
        token: grant.token,
        rawBody: `{"type":"message","text":"hi","value":${deep}}`,
        contentType
      });
      expect(res.status, contentType).toBe(400);
      expect(JSON.stringify(res.json)).toMatch(/nested/);
    }
    expect((await postMessage(base, grant, 'parent')).status).toBe(200);
  });

  it('rejects a bad watermark, a bad user id and a body that is too large', async () => {
    const grant = await startConversation(base);
    expect((await getActivities(base, grant, 'abc')).status).toBe(400);
    expect((await getActivities(base, grant, '-1')).status).toBe(400);
    expect((await call(base, 'POST', '/tokens/generate', { body: { user: { id: 'a b<script>' } } })).status).toBe(400);
    expect((await call(base, 'POST', '/tokens/generate', { body: { user: { id: 42 } } })).status).toBe(400);
    const big = await postMessage(base, grant, 'x'.repeat(70_000));
    expect(big.status).toBe(413);
  });
});

describe('forgetting', () => {
  it('"delete this chat" deletes the history: only the goodbye is kept, until the browser has it', async () => {
    const grant = await startConversation(base);
    await postMessage(base, grant, 'young-person');
    await postMessage(base, grant, 'my secret worry about school');
    expect(JSON.stringify(await stored(grant.conversationId))).toContain('worrying you');

    await postMessage(base, grant, 'delete this chat');
    const item = await stored(grant.conversationId);
    const json = JSON.stringify(item);
    expect(json).not.toContain('worrying you');
    expect(json).not.toContain('Safe to Ask**'); // the welcome is gone too
    const bot = item.entries.map((e: any) => e.activity).filter((a: any) => a.from.role === 'bot');
    expect(bot.length).toBe(1);
    expect(bot[0].text).toMatch(/deleted this chat/);
    expect(bot[0].channelData.guide.state).toMatch(/forgotten/);
    // The dialog is gone as well.
    const dialog = await server.parts.store.storage.read([dialogKey(CHANNEL_ID, grant.conversationId)]);
    expect(dialog).toEqual({});

    // The browser, polling from where it was, gets the goodbye; then nothing is left.
    const page = await getActivities(base, grant, '0');
    expect(page.json.activities.at(-1)?.text).toMatch(/deleted this chat/);
    await getActivities(base, grant, page.json.watermark);
    expect((await stored(grant.conversationId)).entries).toEqual([]);
  });

  it('quick exit forgets at once (sendBeacon: token in a text/plain body); the token can no longer be used', async () => {
    const grant = await startConversation(base);
    await postMessage(base, grant, 'parent');
    const res = await call(base, 'POST', `/conversations/${grant.conversationId}/forget`, {
      rawBody: JSON.stringify({ token: grant.token }),
      contentType: 'text/plain;charset=UTF-8'
    });
    expect(res.status).toBe(204);
    const item = await stored(grant.conversationId);
    expect(item).toMatchObject({ state: 'forgotten', entries: [] });
    expect(JSON.stringify(item)).not.toContain('parent');
    expect(await server.parts.store.storage.read([dialogKey(CHANNEL_ID, grant.conversationId)])).toEqual({});

    expect((await getActivities(base, grant)).status).toBe(404);
    expect((await postMessage(base, grant, 'hello again')).status).toBe(404);
    expect((await call(base, 'POST', '/conversations', { token: grant.token, body: {} })).status).toBe(404);
    expect((await call(base, 'POST', '/tokens/refresh', { token: grant.token })).status).toBe(403);
  });

  it('DELETE /conversations/:id forgets too, even with an expired token of that conversation', async () => {
    const grant = await startConversation(base);
    const expired = new TokenIssuer({ secret: SECRET }).sign({
      conversationId: grant.conversationId,
      userId: grant.user,
      expiresAt: Math.floor(Date.now() / 1000) - 60
    });
    const res = await call(base, 'DELETE', `/conversations/${grant.conversationId}`, { token: expired });
    expect(res.status).toBe(204);
    expect(await stored(grant.conversationId)).toMatchObject({ state: 'forgotten', entries: [] });
  });
});

describe('rate limits and logs', () => {
  it('a conversation sending faster than a person types gets 429 from the rate limit', async () => {
    const limited = await startServer({ DIRECTLINE_TOKEN_SECRET: SECRET, RATE_LIMIT_PER_CONVERSATION: '2', RATE_LIMIT_PER_CLIENT: '0' });
    try {
      const grant = await startConversation(limited.url);
      expect((await postMessage(limited.url, grant, 'hi')).status).toBe(200);
      expect((await postMessage(limited.url, grant, 'hi')).status).toBe(200);
      const third = await postMessage(limited.url, grant, 'hi');
      expect(third.status).toBe(429);
    } finally {
      await limited.stop();
    }
  });

  it('no message text, token or conversation id reaches the logs (trace level)', async () => {
    const canary = 'canary-zebra-7731 my name is Jo Bloggs';
    const grant = await startConversation(base);
    await postMessage(base, grant, canary);
    await getActivities(base, grant);
    await call(base, 'POST', `/conversations/${grant.conversationId}/activities`, { token: grant.token, rawBody: `{"text":"${canary}` });
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain('canary-zebra');
    expect(logs).not.toContain(grant.token);
    expect(logs).not.toContain(grant.conversationId);
  });
});
