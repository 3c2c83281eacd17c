// The local Direct Line 3.0 endpoint over HTTP, as Web Chat's DirectLineJS uses it: posting and
// polling with watermarks (and what is kept until the browser has it), unknown conversations and
// bad input, the rate limit and what reaches the logs.
// Tokens are in ./tokens.test.ts, forgetting in ./forgetting.test.ts.
import { describe, expect, it } from 'vitest';
import { historyKey } from '../../src/directline/history.js';
import { startServer } from '../support/server.js';
import { ENV, messagesOf, SECRET, useProtocolServer } from './protocolServer.js';
import { call, generate, getActivities, postMessage, startConversation } from './support.js';

const dl = useProtocolServer();

describe('posting and polling', () => {
  it('post -> { id }; the echo keeps clientActivityID but not the text; replies follow with replyToId; watermarks page', async () => {
    const grant = await startConversation(dl.base);
    const first = await getActivities(dl.base, grant);
    const w1 = first.json.watermark;

    const posted = await postMessage(dl.base, grant, 'young-person', { channelData: { clientActivityID: 'client-abc' } });
    expect(posted.status).toBe(200);
    expect(posted.json.id).toMatch(new RegExp(`^${grant.conversationId}\\|\\d+$`));

    const page = await getActivities(dl.base, grant, w1);
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

    const nothingNew = await getActivities(dl.base, grant, page.json.watermark);
    expect(nothingNew.json).toEqual({ activities: [], watermark: page.json.watermark });
  });

  it('keeps an activity only until the browser has it: polling with a watermark drops what is below it', async () => {
    const grant = await startConversation(dl.base);
    const first = await getActivities(dl.base, grant);
    await postMessage(dl.base, grant, 'parent');
    const before = await dl.stored(grant.conversationId);
    expect(JSON.stringify(before)).toContain('How old is your child');

    const page = await getActivities(dl.base, grant, first.json.watermark);
    await getActivities(dl.base, grant, page.json.watermark); // the browser says it has everything
    const after = await dl.stored(grant.conversationId);
    expect(after.entries).toEqual([]);
    expect(JSON.stringify(after)).not.toContain('How old');
    // Asking again from the start now gives nothing: it is gone.
    expect((await getActivities(dl.base, grant, '')).json.activities).toEqual([]);
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
    const grant = await startConversation(dl.base);
    await postMessage(dl.base, grant, 'young-person', { channelData: { clientActivityID: 'c-1', messageBack: { displayText: "I'm a young person" } } });
    const echo = (await getActivities(dl.base, grant)).json.activities.find((a) => a.from.role === 'user');
    expect(echo?.channelData).toEqual({ clientActivityID: 'c-1' });
    expect(echo).not.toHaveProperty('text');
  });

  it('typing is acknowledged, runs no turn and is not stored', async () => {
    const grant = await startConversation(dl.base);
    const before = (await dl.stored(grant.conversationId)).last;
    const res = await call(dl.base, 'POST', `/conversations/${grant.conversationId}/activities`, {
      token: grant.token,
      body: { type: 'typing', from: { id: 'x' } }
    });
    expect(res.status).toBe(200);
    expect((await dl.stored(grant.conversationId)).last).toBe(before);
  });

  it('attachments are never stored or echoed: the bot only notices one was sent', async () => {
    const grant = await startConversation(dl.base);
    const res = await postMessage(dl.base, grant, '', {
      attachments: [{ contentType: 'image/png', contentUrl: 'data:image/png;base64,iVBORw0KGgo=', name: 'me-nude.png' }]
    });
    expect(res.status).toBe(200);
    const json = JSON.stringify(await dl.stored(grant.conversationId));
    expect(json).not.toContain('data:image');
    expect(json).not.toContain('me-nude.png');
    const activities = (await getActivities(dl.base, grant)).json.activities;
    expect(activities.find((a) => a.from.role === 'user')?.attachments).toBeUndefined();
    expect(activities.some((a) => a.from.role !== 'user' && /can't open pictures|haven't looked/i.test(a.text ?? ''))).toBe(true);
  });

  it('refuses uploads, always', async () => {
    const grant = await startConversation(dl.base);
    const json = await call(dl.base, 'POST', `/conversations/${grant.conversationId}/upload?userId=x`, { token: grant.token, body: {} });
    expect(json.status).toBe(403);
    const multipart = await call(dl.base, 'POST', `/conversations/${grant.conversationId}/upload?userId=x`, {
      token: grant.token,
      rawBody: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n',
      contentType: 'multipart/form-data; boundary=b'
    });
    expect(multipart.status).toBeGreaterThanOrEqual(400);
    expect(multipart.status).toBeLessThan(500);
  });
});

describe('unknown conversations and bad input', () => {
  it('a token whose conversation has no record (never started, or lost by storage) carries on: it is answered, not "ended"', async () => {
    const grant = await generate(dl.base);
    const empty = await getActivities(dl.base, grant, '42');
    expect(empty.status).toBe(200);
    expect(empty.json).toEqual({ activities: [], watermark: '42' });
    expect((await call(dl.base, 'GET', `/conversations/${grant.conversationId}`, { token: grant.token })).status).toBe(200);
    expect((await postMessage(dl.base, grant, 'hello')).status).toBe(200);
    const replies = messagesOf((await getActivities(dl.base, grant, '42')).json).filter((a) => a.from.role === 'bot');
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
    const grant = await startConversation(dl.base);
    const res = await call(dl.base, 'POST', `/conversations/${grant.conversationId}/activities`, { token: grant.token, ...options });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof res.json).toBe('object');
  });

  it('rejects a deeply nested value with 400, as JSON or as text (JSON.stringify would throw a RangeError: a 5xx)', async () => {
    const grant = await startConversation(dl.base);
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    for (const contentType of ['application/json', 'text/plain']) {
      const res = await call(dl.base, 'POST', `/conversations/${grant.conversationId}/activities`, {
        token: grant.token,
        rawBody: `{"type":"message","text":"hi","value":${deep}}`,
        contentType
      });
      expect(res.status, contentType).toBe(400);
      expect(JSON.stringify(res.json)).toMatch(/nested/);
    }
    expect((await postMessage(dl.base, grant, 'parent')).status).toBe(200);
  });

  it('rejects a bad watermark, a bad user id and a body that is too large', async () => {
    const grant = await startConversation(dl.base);
    expect((await getActivities(dl.base, grant, 'abc')).status).toBe(400);
    expect((await getActivities(dl.base, grant, '-1')).status).toBe(400);
    expect((await call(dl.base, 'POST', '/tokens/generate', { body: { user: { id: 'a b<script>' } } })).status).toBe(400);
    expect((await call(dl.base, 'POST', '/tokens/generate', { body: { user: { id: 42 } } })).status).toBe(400);
    const big = await postMessage(dl.base, grant, 'x'.repeat(70_000));
    expect(big.status).toBe(413);
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
    const grant = await startConversation(dl.base);
    await postMessage(dl.base, grant, canary);
    await getActivities(dl.base, grant);
    await call(dl.base, 'POST', `/conversations/${grant.conversationId}/activities`, { token: grant.token, rawBody: `{"text":"${canary}` });
    const logs = dl.logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain('canary-zebra');
    expect(logs).not.toContain(grant.token);
    expect(logs).not.toContain(grant.conversationId);
  });
});
