// The local Direct Line 3.0 endpoint over HTTP, as Web Chat's DirectLineJS uses it: tokens and
// starting a conversation; tokens scoped to one conversation, expiring and refreshed.
// Posting and polling are in ./posting.test.ts, forgetting in ./forgetting.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenIssuer } from '../../src/directline/tokens.js';
import { startServer } from '../support/server.js';
import { ENV, messagesOf, SECRET, useProtocolServer } from './protocolServer.js';
import { call, generate, getActivities, postMessage, startConversation, type Grant } from './support.js';

const dl = useProtocolServer();

describe('tokens and starting a conversation', () => {
  it('gives a token for a new conversation without any secret, and never caches it', async () => {
    const res = await call<Grant>(dl.base, 'POST', '/tokens/generate', { body: { user: { id: 'b9c5c1de-4c1b-4a55-9f3a-1234567890ab' } } });
    expect(res.status).toBe(200);
    expect(res.json.conversationId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(typeof res.json.token).toBe('string');
    expect(res.json.expires_in).toBe(1800);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('starts the conversation with 201 and the bot welcomes the user (membersAdded is not empty)', async () => {
    const grant = await startConversation(dl.base);
    const res = await getActivities(dl.base, grant);
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
    const grant = await startConversation(dl.base);
    const again = await call<Grant>(dl.base, 'POST', '/conversations', { token: grant.token, body: {} });
    expect(again.status).toBe(200);
    expect(again.json.conversationId).toBe(grant.conversationId);
    const res = await getActivities(dl.base, grant);
    expect(messagesOf(res.json).filter((m) => /Safe to Ask/.test(m.text)).length).toBe(1);
  });

  it('reconnect (GET /conversations/:id) gives a fresh token for the same conversation', async () => {
    const grant = await startConversation(dl.base);
    const res = await call<Grant>(dl.base, 'GET', `/conversations/${grant.conversationId}?watermark=`, { token: grant.token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ conversationId: grant.conversationId, expires_in: 1800 });
  });

  it('refuses a token request that a browser marks as cross-site', async () => {
    const res = await call(dl.base, 'POST', '/tokens/generate', { body: {}, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
  });
});

describe('tokens are scoped, expire and refresh', () => {
  let a: Grant & { user: string };
  let b: Grant & { user: string };
  beforeAll(async () => {
    a = await startConversation(dl.base);
    b = await startConversation(dl.base);
  });

  it("a token for conversation A gets 403 on conversation B: read, post, reconnect and forget", async () => {
    const asA = { ...b, token: a.token };
    expect((await getActivities(dl.base, asA)).status).toBe(403);
    expect((await postMessage(dl.base, asA, 'hello')).status).toBe(403);
    expect((await call(dl.base, 'GET', `/conversations/${b.conversationId}`, { token: a.token })).status).toBe(403);
    expect((await call(dl.base, 'POST', `/conversations/${b.conversationId}/forget`, { token: a.token, body: {} })).status).toBe(403);
    expect((await call(dl.base, 'DELETE', `/conversations/${b.conversationId}`, { token: a.token })).status).toBe(403);
    expect((await getActivities(dl.base, b)).status).toBe(200); // B is untouched
  });

  it('an expired token gets 403 (TokenExpired) for reading, posting and refreshing', async () => {
    const expired = new TokenIssuer({ secret: SECRET }).sign({
      conversationId: a.conversationId,
      userId: a.user,
      expiresAt: Math.floor(Date.now() / 1000) - 5
    });
    const asExpired = { ...a, token: expired };
    const read = await getActivities(dl.base, asExpired);
    expect(read.status).toBe(403);
    expect(read.json).toMatchObject({ error: { code: 'TokenExpired' } });
    expect((await postMessage(dl.base, asExpired, 'hello')).status).toBe(403);
    expect((await call(dl.base, 'POST', '/tokens/refresh', { token: expired })).status).toBe(403);
  });

  it('a token signed with another key, or tampered with, gets 403; no token gets 401', async () => {
    const foreign = new TokenIssuer({ secret: 'another-secret-another-secret-another-secret' }).issue(a.conversationId, a.user).token;
    expect((await getActivities(dl.base, { ...a, token: foreign })).status).toBe(403);
    const [payload, signature] = a.token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ c: b.conversationId, u: a.user, e: 9_999_999_999 })).toString('base64url');
    expect((await getActivities(dl.base, { ...b, token: `${forged}.${signature}` })).status).toBe(403);
    expect((await getActivities(dl.base, { ...a, token: `${payload}.${signature.slice(0, -2)}xx` })).status).toBe(403);
    expect((await getActivities(dl.base, { ...a, token: 'not-a-token' })).status).toBe(403);
    const none = await call(dl.base, 'GET', `/conversations/${a.conversationId}/activities?watermark=`);
    expect(none.status).toBe(401);
  });

  it('refresh gives a new token for the same conversation that lasts 30 minutes from now', async () => {
    const issuer = new TokenIssuer({ secret: SECRET });
    const shortLived = issuer.sign({ conversationId: a.conversationId, userId: a.user, expiresAt: Math.floor(Date.now() / 1000) + 60 });
    const res = await call<Grant>(dl.base, 'POST', '/tokens/refresh', { token: shortLived });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ conversationId: a.conversationId, expires_in: 1800 });
    const check = issuer.check(res.json.token);
    expect(check.ok && check.claims.expiresAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 1790);
    expect((await getActivities(dl.base, { ...a, token: res.json.token })).status).toBe(200);
  });

  it('a token from another server with the same DIRECTLINE_TOKEN_SECRET works; without it, it does not', async () => {
    const sameSecret = await startServer(ENV);
    const otherSecret = await startServer({ ...ENV, DIRECTLINE_TOKEN_SECRET: '' });
    try {
      const grant = await generate(sameSecret.url);
      expect((await call(dl.base, 'POST', '/conversations', { token: grant.token, body: {} })).status).toBe(201);
      const stranger = await generate(otherSecret.url);
      expect((await call(dl.base, 'POST', '/conversations', { token: stranger.token, body: {} })).status).toBe(403);
    } finally {
      await sameSecret.stop();
      await otherSecret.stop();
    }
  });
});
