// The canary test: made-up names, numbers, emails, postcodes, schools and handles go in through
// /api/messages at every step of a conversation, in every field of an activity and through the
// error paths; then the logs (trace level), the console, the stored state (memory, and a real
// Redis), /metrics and the replies are searched. Nothing may be found anywhere.
// The website's own Direct Line (/directline) has the same test in ./directlineCanary.test.ts.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { activity, post, type RunningServer } from '../support/server.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../storage/redisServer.js';
import {
  CANARY,
  CANARY_MESSAGES,
  canaryHits,
  captureConsole,
  memoryEntries,
  messages,
  recordWrites,
  redisDump,
  startCapturedServer,
  startTrap,
  type LogCapture
} from './support.js';

const redisAvailable = redisServerAvailable(); // throws in CI when redis-server is missing

const UNLIMITED = { RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' };

/** A loopback "channel" that rejects every reply with an error body quoting the canaries. */
async function startRejectingChannel(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'BadArgument', message: `bad activity for ${CANARY.name} ${CANARY.email}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

interface Run {
  server: RunningServer & { logs: LogCapture };
  writes: string[];
  console: string;
  replies: string;
  /** What the error responses said (they must not quote the request either). */
  errorBodies: string;
  conversationIds: string[];
  trapRequests: string[];
  metrics: string;
  stored: () => Promise<Array<[string, string]>>;
}

/** Sends every canary through every path it can take, and collects what the process kept. */
async function runCanaries(env: Record<string, string>, stored: (server: RunningServer) => Promise<Array<[string, string]>>): Promise<Run> {
  const captured = captureConsole();
  const trap = await startTrap();
  const channel = await startRejectingChannel();
  // A journey here sends more messages a minute than a person types: the rate limits (tested below) are off.
  // The rejecting channel is the one serviceUrl replies may go to (authentication is off).
  const server = await startCapturedServer({ ...UNLIMITED, SERVICE_URL_ALLOWLIST: channel.url, ...env });
  const writes = recordWrites(server.parts.store);
  const replies: string[] = [];
  const errorBodies: string[] = [];
  const conversationIds: string[] = [];
  const newConversation = () => {
    const id = `privacy-${randomBytes(6).toString('hex')}`;
    conversationIds.push(id);
    return id;
  };
  const user = { id: `user-${CANARY.handle}`, name: CANARY.name, role: 'user' };
  const send = async (text: string, conversationId: string, extra: object = {}) => {
    const res = await post(server.url, activity(text, conversationId, { from: user, ...extra }));
    expect(res.status, `"${text}"`).toBe(200);
    for (const m of messages(res)) replies.push(JSON.stringify({ text: m.text, channelData: m.channelData, attachments: m.attachments }));
    return res;
  };
  try {
    // 1. A whole journey, with identifying details typed at every step.
    const journey = newConversation();
    await post(server.url, { ...activity('', journey), type: 'conversationUpdate', text: undefined, membersAdded: [user] });
    for (const text of CANARY_MESSAGES) await send(text, journey);
    await send('young-person', journey);
    for (const text of CANARY_MESSAGES) await send(text, journey);
    await send('13-17', journey);
    for (const text of CANARY_MESSAGES) await send(text, journey);
    await send('image-shared', journey);
    for (const text of CANARY_MESSAGES) await send(text, journey);
    // Urgent help, with details in the same message.
    await send(`${CANARY.name} from ${CANARY.school} has my pics and says he'll post them unless i pay, his snap is ${CANARY.handle}`, journey);
    await send(`i want to kill myself, tell ${CANARY.email}`, journey);
    await send('law', journey);
    await send(`i'm in ${CANARY.postcode}`, journey);
    await send('uk', journey);

    // 2. Canaries in every other field of an activity.
    const fields = newConversation();
    await send(CANARY.name, fields, {
      channelData: { clientActivityID: CANARY.handle, note: CANARY.email },
      entities: [{ type: 'mention', text: CANARY.handle, mentioned: { id: CANARY.handle, name: CANARY.name } }],
      locale: 'en-GB',
      value: { name: CANARY.name, phone: CANARY.phone },
      attachments: [
        { contentType: 'image/jpeg', contentUrl: `${trap.url}/${CANARY.handle}.jpg`, name: `${CANARY.name}.jpg` },
        { contentType: 'application/vnd.microsoft.card.hero', content: { title: CANARY.school, text: CANARY.email, images: [{ url: `${trap.url}/card.png` }] } }
      ]
    });
    await post(server.url, { ...activity(CANARY.name, fields), type: 'event', name: CANARY.handle, value: { email: CANARY.email } });
    await post(server.url, { ...activity(CANARY.name, fields), type: 'invoke', name: CANARY.handle, value: { phone: CANARY.phone } });
    await post(server.url, { ...activity(CANARY.name, fields), type: 'messageReaction', reactionsAdded: [{ type: CANARY.handle }] });

    // 3. Error paths: restify's body parser, the activity guard, 404 and 405, a channel that
    //    rejects the bot's replies (botbuilder RestError carrying request and response), and an
    //    error thrown during a turn whose message quotes the text.
    const errors = newConversation();
    const refused = async (response: Promise<{ status: number; text: string }>, status: number) => {
      const res = await response;
      expect(res.status).toBe(status);
      errorBodies.push(`${res.status} ${res.text}`);
    };
    const get = (path: string) => fetch(`${server.url}${path}`).then(async (r) => ({ status: r.status, text: await r.text() }));
    await refused(post(server.url, `{"type":"message","conversation":{"id":"x"},"text":"${CANARY.name} ${CANARY.phone}`), 400);
    await refused(post(server.url, `{"text": ${JSON.stringify(CANARY.email)}, "broken": }`), 400);
    await refused(post(server.url, activity(`${CANARY.name} `.repeat(4000), errors)), 413);
    await refused(post(server.url, { ...activity(CANARY.name, errors), text: 42, from: { id: 7 } }), 400);
    await refused(post(server.url, { ...activity(CANARY.name, errors), channelId: CANARY.handle.repeat(10) }), 400);
    await refused(post(server.url, { ...activity(CANARY.name, errors), deliveryMode: 'normal', serviceUrl: `https://${CANARY.handle.slice(1)}.example.com/` }), 403);
    await refused(get(`/${encodeURIComponent(CANARY.name)}?email=${encodeURIComponent(CANARY.email)}`), 404);
    await refused(get(`/api/messages?name=${encodeURIComponent(CANARY.name)}`), 405);
    await post(server.url, { ...activity(`${CANARY.name} ${CANARY.phone}`, errors, { from: user }), deliveryMode: 'normal', serviceUrl: channel.url });
    const failure = Object.assign(new Error(`could not handle "${CANARY.name} ${CANARY.phone}" from ${CANARY.email}`), {
      code: 'ETURN',
      request: { body: JSON.stringify({ text: CANARY.name }) },
      activity: { text: CANARY.school }
    });
    const withLock = vi.spyOn(server.parts.store, 'withLock').mockRejectedValueOnce(failure);
    await send(`${CANARY.school} ${CANARY.handle}`, errors);
    expect(withLock).toHaveBeenCalled();
    withLock.mockRestore();

    const metricsRes = await fetch(`${server.url}/metrics`);
    expect(metricsRes.status).toBe(200);
    const metrics = await metricsRes.text();
    const state = await stored(server);
    // Give anything that was going to fetch an attachment the chance to do so.
    await new Promise((r) => setTimeout(r, 200));
    return {
      server,
      writes,
      console: captured.text(),
      replies: replies.join('\n'),
      errorBodies: errorBodies.join('\n'),
      conversationIds,
      trapRequests: [...trap.requests],
      metrics,
      stored: async () => state
    };
  } finally {
    captured.restore();
    await server.stop();
    await trap.close();
    await channel.close();
  }
}

function expectNoCanaries(run: Run, state: Array<[string, string]>): void {
  const hits = [
    ...canaryHits('log', run.server.logs.text),
    ...canaryHits('console', run.console),
    ...canaryHits('stored', state.map(([k, v]) => `${k} = ${v}`).join('\n')),
    ...canaryHits('storage write', run.writes.join('\n')),
    ...canaryHits('metrics', run.metrics),
    ...canaryHits('reply', run.replies),
    ...canaryHits('error response', run.errorBodies)
  ];
  expect(hits).toEqual([]);
}

function expectNoIdsInLogsOrMetrics(run: Run): void {
  for (const id of run.conversationIds) {
    expect(run.server.logs.text).not.toContain(id);
    expect(run.metrics).not.toContain(id);
    expect(run.console).not.toContain(id);
  }
  for (const text of [run.server.logs.text, run.metrics]) {
    expect(text).not.toContain('127.0.0.1'); // no IP address (nor a serviceUrl)
    expect(text).not.toMatch(/user-/); // no user id
  }
}

function expectTheRunWasReal(run: Run, state: Array<[string, string]>): void {
  // The searches above are only meaningful if there was something to search.
  expect(run.server.logs.lines.length).toBeGreaterThan(20); // one per request at trace level, plus turn failures
  expect(run.server.logs.text).toContain('"msg":"turn failed"');
  expect(run.server.logs.text).toContain('"err":{"name":"Error","code":"ETURN"}');
  expect(run.server.logs.text).toContain('"err":{"name":"RestError"');
  expect(state.length).toBeGreaterThan(0);
  expect(run.writes.length).toBeGreaterThan(20);
  expect(run.metrics).toMatch(/safe_to_ask_turns_total\{event="MESSAGE",result="ok"\} [1-9]/);
  expect(run.metrics).toMatch(/safe_to_ask_urgent_help_total\{kind="sextortion"\} [1-9]/);
  expect(run.replies).toMatch(/Report Remove/);
  expect(run.errorBodies.split('\n')).toHaveLength(8);
  // Attachments were never fetched, whatever their URL.
  expect(run.trapRequests).toEqual([]);
}

describe('canaries through /api/messages, memory storage', () => {
  let run: Run;
  let state: Array<[string, string]>;
  beforeAll(async () => {
    run = await runCanaries({}, async (server) => memoryEntries(server.parts.store));
    state = await run.stored();
  }, 120_000);

  it('leaves no canary in logs, console, stored state, storage writes, /metrics, replies or error responses', () => {
    expectTheRunWasReal(run, state);
    expectNoCanaries(run, state);
  });

  it('logs no conversation id, user id or IP address, and puts none in /metrics', () => {
    expectNoIdsInLogsOrMetrics(run);
  });
});

describe('canaries and the rate limit', () => {
  it('a conversation over its limit gets a 429 that quotes nothing, and nothing is logged', async () => {
    const captured = captureConsole();
    const server = await startCapturedServer({ RATE_LIMIT_PER_CONVERSATION: '2' });
    const conversationId = `privacy-${randomBytes(6).toString('hex')}`;
    const statuses: number[] = [];
    const bodies: string[] = [];
    try {
      for (const text of CANARY_MESSAGES.slice(0, 4)) {
        const res = await post(server.url, activity(text, conversationId, { from: { id: CANARY.handle, name: CANARY.name } }));
        statuses.push(res.status);
        if (res.status !== 200) bodies.push(res.text);
      }
    } finally {
      captured.restore();
      await server.stop();
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    const output = [server.logs.text, captured.text(), ...bodies].join('\n');
    expect(canaryHits('429', output)).toEqual([]);
    expect(output).not.toContain(conversationId);
    expect(server.logs.text).not.toContain('127.0.0.1');
  });
});

describe('canaries with Bot Framework authentication on', () => {
  it('refuses requests without a valid token, and nothing identifying is logged or printed', async () => {
    const captured = captureConsole();
    const server = await startCapturedServer({ MicrosoftAppId: '00000000-0000-4000-8000-000000000001', MicrosoftAppPassword: 'not-a-secret' });
    const conversationId = `privacy-${randomBytes(6).toString('hex')}`;
    try {
      const body = {
        ...activity(`${CANARY.name} ${CANARY.phone}`, conversationId, { from: { id: CANARY.handle, name: CANARY.name } }),
        deliveryMode: 'normal',
        serviceUrl: 'https://smba.trafficmanager.net/emea/'
      };
      // A token whose payload names the canary (unsigned, so it is refused before any network call).
      const token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: CANARY.email })).toString('base64url')}.`;
      expect((await post(server.url, body)).status).toBe(401);
      expect((await post(server.url, body, { authorization: `Bearer ${token}` })).status).toBe(401);
    } finally {
      captured.restore();
      await server.stop();
    }
    // botbuilder's CloudAdapter prints the AuthenticationError itself (console.error): that text
    // is about the token, never the activity.
    const output = `${server.logs.text}\n${captured.text()}`;
    expect(canaryHits('log or console', output)).toEqual([]);
    expect(output).not.toContain(conversationId);
  });
});

describe.skipIf(!redisAvailable)('canaries through /api/messages, Redis storage (REDIS_URL)', () => {
  let redis: RedisServer;
  let run: Run;
  let state: Array<[string, string]>;
  beforeAll(async () => {
    redis = await startRedisServer();
    run = await runCanaries({ REDIS_URL: redis.url }, () => redisDump(redis.url));
    state = await run.stored();
  }, 120_000);
  afterAll(async () => {
    await redis?.destroy();
  });

  it('stored the conversations in Redis (KEYS * and GET every value)', () => {
    expect(run.server.parts.store.kind).toBe('redis');
    expect(state.length).toBeGreaterThan(0);
    for (const [key] of state) expect(key).toMatch(/^safe-to-ask:item:test-http\/conversations\/privacy-[0-9a-f]{12}\/dialog$/);
  });

  it('leaves no canary in logs, console, Redis, storage writes, /metrics, replies or error responses', () => {
    expectTheRunWasReal(run, state);
    expectNoCanaries(run, state);
  });

  it('logs no conversation id, user id or IP address, and puts none in /metrics', () => {
    expectNoIdsInLogsOrMetrics(run);
  });
});
