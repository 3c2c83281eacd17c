// Rate limits per conversation and per client: token buckets with a fake clock, the client key
// (a salted hash, forgotten after the window, X-Forwarded-For only with TRUST_PROXY), and the
// 429 with Retry-After and a kind message through HTTP.
import { describe, expect, it, afterEach } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { addressKey, clientAddress, RateLimits, TokenBuckets } from '../../src/rateLimit.js';
import { call, generate, getActivities, startConversation } from '../directline/support.js';
import { activity, post, startServer, type RunningServer } from '../support/server.js';

const fakeReq = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as never;

describe('TokenBuckets', () => {
  it('allows a burst of perMinute, then refills one token every 60/perMinute seconds', () => {
    let now = 1_000_000;
    const buckets = new TokenBuckets({ perMinute: 6, now: () => now });
    for (let i = 0; i < 6; i++) expect(buckets.take('k')).toEqual({ ok: true });
    expect(buckets.take('k')).toEqual({ ok: false, retryAfterSeconds: 10 });
    now += 4_000;
    expect(buckets.take('k')).toEqual({ ok: false, retryAfterSeconds: 6 });
    now += 6_000;
    expect(buckets.take('k')).toEqual({ ok: true });
    expect(buckets.take('other')).toEqual({ ok: true }); // keys are independent
  });

  it('forgets a key once its bucket has refilled (at most one window after its last request)', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 10, now: () => now });
    buckets.take('a');
    for (let i = 0; i < 11; i++) buckets.take('b');
    expect(buckets.size).toBe(2);
    now += 6_000;
    expect(buckets.sweep()).toBe(1); // 'a' is full again; 'b' is not
    now += 60_000;
    expect(buckets.sweep()).toBe(1);
    expect(buckets.size).toBe(0);
  });

  it('stays bounded in memory under a flood of new keys', () => {
    const buckets = new TokenBuckets({ perMinute: 5, maxKeys: 100, now: () => 0 });
    for (let i = 0; i < 1000; i++) buckets.take(`k${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
  });

  it('0 per minute means no limit', () => {
    const buckets = new TokenBuckets({ perMinute: 0 });
    for (let i = 0; i < 1000; i++) expect(buckets.take('k').ok).toBe(true);
    expect(buckets.size).toBe(0);
  });
});

describe('the client key', () => {
  it('uses the socket address unless TRUST_PROXY says how many proxies to look through', () => {
    expect(clientAddress(fakeReq('10.0.0.1', '1.2.3.4'), 0)).toBe('10.0.0.1');
    expect(clientAddress(fakeReq('10.0.0.1', 'spoofed, 1.2.3.4'), 1)).toBe('1.2.3.4');
    expect(clientAddress(fakeReq('10.0.0.1', 'spoofed, 1.2.3.4, 10.0.0.9'), 2)).toBe('1.2.3.4');
    expect(clientAddress(fakeReq('10.0.0.1', '1.2.3.4'), 3)).toBe('1.2.3.4');
    expect(clientAddress(fakeReq('10.0.0.1'), 1)).toBe('10.0.0.1');
  });

  it('groups IPv6 by /64, and strips ports and IPv4-mapped prefixes', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7:51234')).toBe('192.0.2.7');
    expect(addressKey('[2001:db8::1]:443')).toBe(addressKey('2001:db8::2'));
    expect(addressKey('not an address')).toBe('unknown');
  });

  it('is a salted hash: not the address, different per process, the same for one client', () => {
    const one = new RateLimits({ perConversation: 0, perClient: 10, trustProxy: 0, sweepIntervalMs: 0 });
    const two = new RateLimits({ perConversation: 0, perClient: 10, trustProxy: 0, sweepIntervalMs: 0 });
    const key = one.clientKey(fakeReq('192.0.2.7'));
    expect(key).not.toContain('192');
    expect(key).toBe(one.clientKey(fakeReq('192.0.2.7')));
    expect(key).not.toBe(two.clientKey(fakeReq('192.0.2.7')));
    expect(key).not.toBe(one.clientKey(fakeReq('192.0.2.8')));
  });
});

describe('through HTTP', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('has limits on by default, with TRUST_PROXY off', () => {
    const config = loadConfig({});
    expect(config.RATE_LIMIT_PER_CONVERSATION).toBe(30);
    expect(config.RATE_LIMIT_PER_CLIENT).toBe(300);
    expect(config.RATE_LIMIT_READS_PER_CLIENT).toBe(1200);
    expect(config.RATE_LIMIT_POLLS_PER_CONVERSATION).toBe(120);
    expect(config.TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });

  it('answers a conversation that sends too fast with 429, Retry-After and a kind message with urgent services', async () => {
    server = await startServer({ RATE_LIMIT_PER_CONVERSATION: '3', RATE_LIMIT_PER_CLIENT: '0' });
    const id = 'rate-conversation';
    for (let i = 0; i < 3; i++) expect((await post(server.url, activity('hello', id))).status).toBe(200);
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('hello', id))
    });
    expect(res.status).toBe(429);
    // 3 a minute: the next one is 20 seconds after the first, less the few seconds the turns took.
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(15);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'rate-limited', retryAfterSeconds: Number(res.headers.get('retry-after')) });
    expect(body['message']).toMatch(/wait .*seconds/i);
    expect(body['message']).toMatch(/999/);
    expect(body['services']).toEqual(expect.arrayContaining(['emergency-999', 'childline']));
    // Another conversation from the same client is not held back.
    expect((await post(server.url, activity('hello', 'rate-other'))).status).toBe(200);
  });

  it('limits one client across conversations, and a forwarded address only counts with TRUST_PROXY', async () => {
    server = await startServer({ RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '4' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(server.url, activity('hi'), { 'x-forwarded-for': `203.0.113.${i}` })).status);
    // Without TRUST_PROXY, X-Forwarded-For is ignored: all six came from 127.0.0.1.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // Health checks are never limited.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('with authentication on, /api/messages has no per-client limit (the Bot Connector posts from a few shared addresses)', async () => {
    server = await startServer({ MicrosoftAppId: 'an-app-id', MicrosoftAppPassword: 'a-secret', RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '2' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(server.url, activity('hi'))).status);
    expect(statuses).toEqual([401, 401, 401, 401]); // no token: refused by the adapter, but never a 429
  });

  it('with TRUST_PROXY=1, each forwarded client has its own allowance', async () => {
    server = await startServer({ RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '2', TRUST_PROXY: 'true' });
    const send = (client: string) => post(server!.url, activity('hi'), { 'x-forwarded-for': `spoofed-by-client, ${client}` });
    expect([(await send('203.0.113.1')).status, (await send('203.0.113.1')).status, (await send('203.0.113.1')).status]).toEqual([
      200, 200, 429
    ]);
    expect((await send('203.0.113.2')).status).toBe(200);
  });

  it("limits a website conversation's polls (after its token is checked), and no one else's", async () => {
    server = await startServer({ RATE_LIMIT_POLLS_PER_CONVERSATION: '5', RATE_LIMIT_READS_PER_CLIENT: '0', RATE_LIMIT_PER_CLIENT: '0' });
    const chat = await startConversation(server.url);
    const other = await startConversation(server.url);
    // Polls without this chat's token spend nothing of its share.
    for (let i = 0; i < 10; i++) expect((await getActivities(server.url, { ...chat, token: other.token })).status).toBe(403);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await getActivities(server.url, chat)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await call(server.url, 'GET', `/conversations/${chat.conversationId}`, { token: chat.token });
    expect(limited.status).toBe(429); // reconnecting is a poll too
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(7); // 5 a minute: one every 12 s
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(12);
    expect((await getActivities(server.url, other)).status).toBe(200);
  });

  it("limits a client's reads (pages, assets, polls), apart from its messages; health checks are never limited", async () => {
    server = await startServer({ RATE_LIMIT_READS_PER_CLIENT: '4', RATE_LIMIT_PER_CLIENT: '0', RATE_LIMIT_POLLS_PER_CONVERSATION: '0' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${server.url}/privacy`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect((await fetch(`${server.url}/`)).status).toBe(429);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    expect((await post(server.url, activity('hello'))).status).toBe(200); // messages have their own share
  });

  it('limits token refreshes, quick exits and forgets per client, like every other request that changes something', async () => {
    server = await startServer({ RATE_LIMIT_PER_CLIENT: '4', RATE_LIMIT_READS_PER_CLIENT: '0', RATE_LIMIT_PER_CONVERSATION: '0' });
    const grant = await generate(server.url); // 1
    const statuses = [
      (await call(server.url, 'POST', '/tokens/refresh', { token: grant.token })).status, // 2
      (await call(server.url, 'POST', `/conversations/${grant.conversationId}/forget`, { body: { token: grant.token } })).status, // 3
      (await call(server.url, 'DELETE', `/conversations/${grant.conversationId}`, { token: grant.token })).status, // 4
      (await call(server.url, 'POST', '/tokens/refresh', { token: grant.token })).status,
      (await call(server.url, 'DELETE', `/conversations/${grant.conversationId}`, { token: grant.token })).status
    ];
    expect(statuses).toEqual([200, 204, 204, 429, 429]);
  });

  it('keeps no client address: the limiter holds only salted hashes', async () => {
    server = await startServer({ RATE_LIMIT_PER_CONVERSATION: '5', RATE_LIMIT_PER_CLIENT: '5', TRUST_PROXY: '1' });
    await post(server.url, activity('hi', 'privacy-conv'), { 'x-forwarded-for': '198.51.100.23' });
    const held = JSON.stringify([...((server.app.limits.perClient as unknown as { buckets: Map<string, unknown> }).buckets.keys())]);
    expect(held).not.toContain('198.51.100.23');
    expect(held).not.toContain('127.0.0.1');
    expect(server.app.limits.perClient.size).toBe(1);
  });
});
