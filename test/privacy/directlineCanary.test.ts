// The canary test for the website's own Direct Line (/directline): the same made-up names,
// numbers, emails, postcodes, schools and handles go in the way Web Chat sends them
// (tokens/generate -> conversations -> activities, polling with watermarks), in every other
// field of a posted activity and through the error paths. Then the logs (trace level), the
// console, /metrics, the bot's replies, the error responses and everything stored (memory, and
// a real Redis) are searched.
//
// What the person types is never written to storage, in any form, at any moment: not even for the
// second before the browser polls. So storage is searched while the chat is live, before any poll
// (when the history holds the person's message, as an echo without its text, and the bot's replies),
// as well as after polling, "delete this chat", DELETE (quick exit) and the sendBeacon forget.
// Every batch written to the store is searched too, and with Redis every command it received
// (MONITOR). Logs and /metrics never hold a canary either.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import { CHANNEL_ID } from '../../src/directline/activities.js';
import { historyKey } from '../../src/directline/history.js';
import { call, getActivities, postMessage, startConversation, type Grant } from '../directline/support.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../storage/redisServer.js';
import type { RunningServer } from '../support/server.js';
import {
  CANARY,
  CANARY_MESSAGES,
  canaryHits,
  captureConsole,
  memoryEntries,
  recordWrites,
  redisCommand,
  redisDump,
  redisMonitor,
  startCapturedServer,
  startTrap,
  type LogCapture
} from './support.js';

const redisAvailable = redisServerAvailable(); // throws in CI when redis-server is missing

const UNLIMITED = { RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' };

type Conversation = Grant & { user: string };
type Entries = Array<[string, string]>;

const text = (entries: Entries) => entries.map(([k, v]) => `${k} = ${v}`).join('\n');
/** The stored entries of one conversation (its history and its dialog). */
const entriesOf = (entries: Entries, conversationId: string) => entries.filter(([key]) => key.includes(conversationId));
/** The stored history item of one conversation, parsed (undefined when there is none). Redis keeps `<eTag>\n<JSON>`. */
function historyOf(entries: Entries, conversationId: string): { state: string; last: number; entries: Array<{ activity: any }> } | undefined {
  const found = entries.find(([key]) => key.endsWith(historyKey(conversationId)));
  return found ? JSON.parse(found[1].slice(found[1].indexOf('\n') + 1)) : undefined;
}
const hasDialog = (entries: Entries, conversationId: string) => entries.some(([key]) => key.endsWith(dialogKey(CHANNEL_ID, conversationId)));

interface Run {
  server: RunningServer & { logs: LogCapture };
  console: string;
  metrics: string;
  /** The bot's messages as the browser received them (the user's own echoes are left out). */
  botReplies: string;
  /** Every response body other than a poll: activity ids, tokens, error responses. */
  responses: string;
  errorStatuses: number[];
  conversations: Record<'journey' | 'fields' | 'deleteChat' | 'quickExit' | 'beacon' | 'errors', Conversation>;
  /** Every command the store received from outside the process (Redis only), as text. */
  commands: string;
  /** Every batch written to the store, Direct Line histories and dialogs alike. */
  writes: string[];
  /** Writes to anything but a Direct Line history (i.e. the dialogs). */
  dialogWrites: string[];
  trapRequests: string[];
  /** Stored state at the points that matter. */
  stored: {
    journeyBeforePoll: Entries;
    journeyAfterPoll: Entries;
    fieldsBeforePoll: Entries;
    deleteChatBefore: Entries;
    deleteChatAfter: Entries;
    deleteChatAfterPoll: Entries;
    quickExitBefore: Entries;
    quickExitAfter: Entries;
    beaconAfter: Entries;
    final: Entries;
  };
}

/** Like a load balancer's readiness probe: traffic only once the store answers (Redis connects in the background). */
async function ready(server: RunningServer): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${server.url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('server never became ready');
}

/** Sends every canary through the local Direct Line as Web Chat would, and collects what the process kept. */
/** Records what a store receives from outside the process (Redis MONITOR) while the canaries run. */
type Watch = () => Promise<{ stop(): Promise<string> }>;

async function runCanaries(env: Record<string, string>, dump: (server: RunningServer) => Promise<Entries>, watch?: Watch): Promise<Run> {
  const captured = captureConsole();
  const trap = await startTrap();
  const server = await startCapturedServer({ ...UNLIMITED, ...env });
  const writes = recordWrites(server.parts.store);
  const base = server.url;
  const botReplies: string[] = [];
  const responses: string[] = [];
  const errorStatuses: number[] = [];
  const stored = {} as Run['stored'];
  const snapshot = () => dump(server);
  await ready(server);
  const watching = await watch?.();

  /** Web Chat's poll: everything after `watermark` (which also drops what is at or below it). */
  const poll = async (grant: Conversation, watermark: string) => {
    const res = await getActivities(base, grant, watermark);
    expect(res.status).toBe(200);
    for (const a of res.json.activities) {
      if (a.from?.role === 'user') continue; // the user's own words, echoed back to the page that sent them
      botReplies.push(JSON.stringify({ text: a.text, channelData: a.channelData, attachments: a.attachments, suggestedActions: a.suggestedActions }));
    }
    return res.json.watermark;
  };
  const send = async (grant: Conversation, message: string, extra: Record<string, unknown> = {}) => {
    const res = await postMessage(base, grant, message, {
      from: { id: grant.user, role: 'user' },
      channelData: { clientActivityID: `c-${randomBytes(4).toString('hex')}` },
      ...extra
    });
    expect(res.status, `"${message}"`).toBe(200);
    responses.push(JSON.stringify(res.json));
    return res;
  };
  const refused = async (response: Promise<{ status: number; json: unknown }>, status: number) => {
    const res = await response;
    expect(res.status).toBe(status);
    errorStatuses.push(res.status);
    responses.push(`${res.status} ${JSON.stringify(res.json)}`);
  };
  const start = async () => {
    const grant = await startConversation(base);
    responses.push(JSON.stringify(grant));
    return grant;
  };

  try {
    // 1. A whole journey, polled after every message as Web Chat does.
    const journey = await start();
    let watermark = await poll(journey, '');
    const steps = [
      ...CANARY_MESSAGES,
      'young-person',
      ...CANARY_MESSAGES,
      '13-17',
      ...CANARY_MESSAGES,
      'image-shared',
      ...CANARY_MESSAGES,
      `${CANARY.name} from ${CANARY.school} has my pics and says he'll post them unless i pay, his snap is ${CANARY.handle}`,
      `i want to kill myself, tell ${CANARY.email}`,
      'law',
      `i'm in ${CANARY.postcode}`,
      'uk'
    ];
    for (const [i, step] of steps.entries()) {
      // A button press shows its words in the chat: those are the user's too.
      await send(journey, step, i === 1 ? { channelData: { clientActivityID: 'c-button', messageBack: { displayText: CANARY.school } } } : {});
      if (i === 0) stored.journeyBeforePoll = await snapshot();
      watermark = await poll(journey, watermark);
    }
    await poll(journey, watermark); // the browser has everything
    stored.journeyAfterPoll = await snapshot();

    // 2. Canaries in every other field of a posted activity: none of them is ever kept.
    const fields = await start();
    watermark = await poll(fields, '');
    await send(fields, 'parent', {
      id: CANARY.phone,
      from: { id: CANARY.handle, name: CANARY.name, role: 'user' },
      recipient: { id: CANARY.email, name: CANARY.school },
      conversation: { id: CANARY.handle },
      serviceUrl: `${trap.url}/${CANARY.handle}`,
      summary: CANARY.name,
      speak: CANARY.phone,
      channelData: { clientActivityID: 'c-fields', note: CANARY.email, messageBack: { displayText: 'Parent', name: CANARY.name } },
      entities: [{ type: 'mention', text: CANARY.handle, mentioned: { id: CANARY.handle, name: CANARY.name } }],
      value: { name: CANARY.name, phone: CANARY.phone },
      attachments: [
        { contentType: 'image/jpeg', contentUrl: `${trap.url}/${CANARY.handle}.jpg`, name: `${CANARY.name}.jpg` },
        { contentType: 'application/vnd.microsoft.card.hero', content: { title: CANARY.school, text: CANARY.email, images: [{ url: `${trap.url}/card.png` }] } }
      ]
    });
    // Typing runs no turn and is never stored, whatever it carries.
    const typing = await call(base, 'POST', `/conversations/${fields.conversationId}/activities`, {
      token: fields.token,
      body: { type: 'typing', text: CANARY.name, from: { id: CANARY.handle, name: CANARY.name }, value: CANARY.email }
    });
    expect(typing.status).toBe(200);
    responses.push(JSON.stringify(typing.json));
    stored.fieldsBeforePoll = await snapshot();
    watermark = await poll(fields, watermark);
    await poll(fields, watermark);

    // 3. "delete this chat" while the browser has not fetched the canaries yet.
    const deleteChat = await start();
    watermark = await poll(deleteChat, '');
    for (const message of CANARY_MESSAGES) await send(deleteChat, message);
    stored.deleteChatBefore = await snapshot();
    await send(deleteChat, 'delete this chat');
    stored.deleteChatAfter = await snapshot();
    watermark = await poll(deleteChat, watermark); // the goodbye
    await poll(deleteChat, watermark);
    stored.deleteChatAfterPoll = await snapshot();

    // 4. Quick exit (DELETE) and the page closing (sendBeacon: token in a text/plain body),
    //    both with canaries the browser never fetched.
    const quickExit = await start();
    for (const message of CANARY_MESSAGES) await send(quickExit, message);
    stored.quickExitBefore = await snapshot();
    const deleted = await call(base, 'DELETE', `/conversations/${quickExit.conversationId}`, { token: quickExit.token });
    expect(deleted.status).toBe(204);
    stored.quickExitAfter = await snapshot();
    await refused(getActivities(base, quickExit), 404);

    const beacon = await start();
    for (const message of CANARY_MESSAGES) await send(beacon, message);
    const forgot = await call(base, 'POST', `/conversations/${beacon.conversationId}/forget`, {
      rawBody: JSON.stringify({ token: beacon.token }),
      contentType: 'text/plain;charset=UTF-8'
    });
    expect(forgot.status).toBe(204);
    stored.beaconAfter = await snapshot();
    await refused(postMessage(base, beacon, CANARY.name), 404);

    // 5. Error paths: bad bodies, bad fields, bad watermarks, bad user ids, uploads, forged
    //    tokens, a bot that fails, storage that fails, and a turn error whose message quotes the text.
    const errors = await start();
    watermark = await poll(errors, '');
    const post = (options: Parameters<typeof call>[3]) =>
      call(base, 'POST', `/conversations/${errors.conversationId}/activities`, { token: errors.token, ...options });
    await refused(post({ rawBody: `{"type":"message","text":"${CANARY.name} ${CANARY.phone}` }), 400);
    await refused(post({ rawBody: `{"text": ${JSON.stringify(CANARY.email)}, "broken": }` }), 400);
    await refused(post({ rawBody: `${CANARY.name} ${CANARY.postcode}`, contentType: 'text/plain' }), 400);
    await refused(post({ body: { type: 'message', text: `${CANARY.name} `.repeat(4000) } }), 413);
    await refused(post({ body: { type: 'message', text: `${CANARY.name} `.repeat(600) } }), 400);
    await refused(post({ body: { type: 'event', name: CANARY.handle, value: { email: CANARY.email } } }), 400);
    await refused(post({ body: { type: 'conversationUpdate', membersAdded: [{ id: CANARY.handle, name: CANARY.name }] } }), 400);
    await refused(post({ body: { type: 'message', text: CANARY.name, value: { blob: `${CANARY.email} `.repeat(200) } } }), 400);
    await refused(post({ body: { type: 'message', text: CANARY.name, channelData: { clientActivityID: CANARY.email.repeat(10) } } }), 400);
    await refused(post({ body: { type: 'message', text: CANARY.name, locale: CANARY.name } }), 400);
    await refused(getActivities(base, errors, encodeURIComponent(CANARY.phone)), 400);
    await refused(call(base, 'POST', '/tokens/generate', { body: { user: { id: CANARY.email } } }), 400);
    await refused(call(base, 'POST', '/tokens/generate', { body: { user: { id: CANARY.name } } }), 400);
    await refused(
      call(base, 'POST', `/conversations/${errors.conversationId}/upload?userId=${encodeURIComponent(CANARY.handle)}`, {
        token: errors.token,
        rawBody: `--b\r\nContent-Disposition: form-data; name="file"; filename="${CANARY.name}.png"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n`,
        contentType: 'multipart/form-data; boundary=b'
      }),
      415
    );
    await refused(call(base, 'GET', `/conversations/${encodeURIComponent(CANARY.name)}/activities?watermark=`, { token: errors.token }), 403);
    const forged = `${Buffer.from(JSON.stringify({ c: errors.conversationId, u: CANARY.handle, e: 9_999_999_999 })).toString('base64url')}.${CANARY.handle}`;
    await refused(postMessage(base, { ...errors, token: forged }, CANARY.name), 403);
    await refused(call(base, 'GET', `/conversations/${errors.conversationId}/activities?watermark=`, { headers: { authorization: CANARY.email } }), 401);
    const failure = () =>
      Object.assign(new Error(`could not handle "${CANARY.name} ${CANARY.phone}" from ${CANARY.email}`), {
        code: 'ETURN',
        request: { body: JSON.stringify({ text: CANARY.name }) },
        activity: { text: CANARY.school }
      });
    // The bot's turn fails outside the turn (502), then storage fails (503).
    const deliver = vi.spyOn(server.parts.adapter, 'deliver').mockRejectedValueOnce(failure());
    await refused(postMessage(base, errors, `${CANARY.name} ${CANARY.phone}`), 502);
    expect(deliver).toHaveBeenCalled();
    deliver.mockRestore();
    // Storage fails while a message is answered: the person is answered all the same...
    const read = vi.spyOn(server.parts.store.storage, 'read').mockRejectedValueOnce(failure());
    await send(errors, `${CANARY.school} ${CANARY.email}`);
    expect(read).toHaveBeenCalled();
    read.mockRestore();
    // ...and while the chat is forgotten, which then cannot be done (503).
    const write = vi.spyOn(server.parts.store.storage, 'write').mockRejectedValue(failure());
    await refused(call(base, 'DELETE', `/conversations/${errors.conversationId}`, { token: errors.token }), 503);
    expect(write).toHaveBeenCalled();
    write.mockRestore();
    // An error thrown during the turn (the adapter's onTurnError answers it).
    const withLock = vi.spyOn(server.parts.store, 'withLock').mockRejectedValueOnce(failure());
    await send(errors, `${CANARY.school} ${CANARY.handle}`);
    expect(withLock).toHaveBeenCalled();
    withLock.mockRestore();
    watermark = await poll(errors, watermark);
    await poll(errors, watermark);

    const metricsRes = await fetch(`${base}/metrics`);
    expect(metricsRes.status).toBe(200);
    const metrics = await metricsRes.text();
    // Give anything that was going to fetch an attachment the chance to do so.
    await new Promise((r) => setTimeout(r, 200));
    stored.final = await snapshot();
    const commands = (await watching?.stop()) ?? '';
    return {
      commands,
      server,
      console: captured.text(),
      metrics,
      botReplies: botReplies.join('\n'),
      responses: responses.join('\n'),
      errorStatuses,
      conversations: { journey, fields, deleteChat, quickExit, beacon, errors },
      writes: [...writes],
      dialogWrites: writes.flatMap((batch) =>
        Object.entries(JSON.parse(batch) as Record<string, unknown>)
          .filter(([key]) => !key.startsWith('directline/'))
          .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
      ),
      trapRequests: [...trap.requests],
      stored
    };
  } finally {
    captured.restore();
    await server.stop();
    await trap.close();
  }
}

function describeRun(
  name: string,
  env: () => Record<string, string>,
  dump: (server: RunningServer) => Promise<Entries>,
  extra?: (run: () => Run) => void,
  watch?: Watch
) {
  describe(name, () => {
    let run: Run;
    beforeAll(async () => {
      run = await runCanaries(env(), dump, watch);
    }, 60_000);

    it('the run was real: canaries were sent, storage was looked at while the chat was live, and the error paths were taken', () => {
      const { journey, fields } = run.conversations;
      expect(run.server.logs.lines.length).toBeGreaterThan(50); // one per request at trace level
      expect(run.server.logs.text).toContain('"msg":"turn failed"');
      expect(run.server.logs.text).toContain('"msg":"directline: turn failed"');
      expect(run.server.logs.text).toContain('"msg":"directline: request failed"');
      expect(run.server.logs.text).toContain('"err":{"name":"Error","code":"ETURN"}');
      expect(run.metrics).toMatch(/safe_to_ask_turns_total\{event="MESSAGE",result="ok"\} [1-9]/);
      expect(run.metrics).toMatch(/safe_to_ask_urgent_help_total\{kind="sextortion"\} [1-9]/);
      expect(run.botReplies).toMatch(/Report Remove/);
      expect(run.errorStatuses).toHaveLength(21);
      // Storage was looked at while the chat was live, before the browser polled: it held the
      // person's messages (as echoes) and the bot's replies, so the searches below search real state.
      const live = historyOf(run.stored.journeyBeforePoll, journey.conversationId)?.entries.map((e) => e.activity) ?? [];
      expect(live.filter((a) => a.from.role === 'user')).toHaveLength(1);
      expect(live.filter((a) => a.from.role === 'bot').length).toBeGreaterThan(2);
      expect(historyOf(run.stored.deleteChatBefore, run.conversations.deleteChat.conversationId)?.entries.length).toBeGreaterThan(CANARY_MESSAGES.length);
      // The other fields of a posted activity were dropped as the allow-list says: the echo holds only
      // what Web Chat needs to mark the message sent.
      const echo = historyOf(run.stored.fieldsBeforePoll, fields.conversationId)?.entries.find((e) => e.activity.from.role === 'user');
      expect(echo?.activity).toEqual({
        type: 'message',
        id: expect.stringMatching(new RegExp(`^${fields.conversationId}\\|\\d+$`)),
        timestamp: expect.any(String),
        channelId: CHANNEL_ID,
        conversation: { id: fields.conversationId },
        from: { id: fields.user, role: 'user' },
        recipient: { id: 'bot', role: 'bot' },
        locale: 'en-GB',
        channelData: { clientActivityID: 'c-fields' }
      });
      expect(run.writes.length).toBeGreaterThan(100);
      expect(run.dialogWrites.length).toBeGreaterThan(40);
      expect(hasDialog(run.stored.final, journey.conversationId)).toBe(true);
    });

    it('never logs, prints or counts a canary, and never puts one in a reply or a response', () => {
      expect([
        ...canaryHits('log', run.server.logs.text),
        ...canaryHits('console', run.console),
        ...canaryHits('metrics', run.metrics),
        ...canaryHits('bot reply', run.botReplies),
        ...canaryHits('response', run.responses)
      ]).toEqual([]);
    });

    it('never writes what was typed to storage, at any moment: not in any write, not while the chat is live before a poll', () => {
      expect(canaryHits('write', run.writes.join('\n'))).toEqual([]);
      expect(canaryHits('live journey, before the poll', text(run.stored.journeyBeforePoll))).toEqual([]);
      expect(canaryHits('live, other fields, before the poll', text(run.stored.fieldsBeforePoll))).toEqual([]);
      expect(canaryHits('live, before "delete this chat"', text(run.stored.deleteChatBefore))).toEqual([]);
      expect(canaryHits('live, before quick exit', text(run.stored.quickExitBefore))).toEqual([]);
    });

    it('keeps nothing the user typed once the browser has polled past it', () => {
      const { journey } = run.conversations;
      const history = historyOf(run.stored.journeyAfterPoll, journey.conversationId);
      expect(history).toMatchObject({ state: 'open', entries: [] });
      expect(history?.last).toBeGreaterThan(50);
      expect(canaryHits('stored after the poll', text(run.stored.journeyAfterPoll))).toEqual([]);
    });

    it('"delete this chat" deletes the unfetched canaries and the dialog at once; the goodbye goes once fetched', () => {
      const id = run.conversations.deleteChat.conversationId;
      expect(canaryHits('after delete this chat', text(run.stored.deleteChatAfter))).toEqual([]);
      expect(hasDialog(run.stored.deleteChatAfter, id)).toBe(false);
      const kept = historyOf(run.stored.deleteChatAfter, id)?.entries.map((e) => e.activity) ?? [];
      expect(kept.map((a) => [a.from.role, a.text])).toEqual([
        ['user', undefined],
        ['bot', expect.stringMatching(/deleted this chat/)]
      ]);
      // Once the browser has the goodbye, nothing of the conversation is left but an empty watermark.
      expect(entriesOf(run.stored.deleteChatAfterPoll, id).map(([key]) => key.replace(/^.*item:/, ''))).toEqual([historyKey(id)]);
      expect(historyOf(run.stored.deleteChatAfterPoll, id)).toMatchObject({ state: 'open', entries: [] });
    });

    it('quick exit (DELETE) and the page closing (forget) leave only an empty tombstone', () => {
      const { quickExit, beacon } = run.conversations;
      for (const [entries, id] of [
        [run.stored.quickExitAfter, quickExit.conversationId],
        [run.stored.beaconAfter, beacon.conversationId]
      ] as const) {
        expect(canaryHits('after forget', text(entriesOf(entries, id)))).toEqual([]);
        expect(entriesOf(entries, id).map(([key]) => key.replace(/^.*item:/, ''))).toEqual([historyKey(id)]);
        const tombstone = historyOf(entries, id);
        expect(tombstone).toMatchObject({ state: 'forgotten', entries: [] });
        expect(Object.keys(tombstone ?? {}).filter((k) => k !== 'eTag').sort()).toEqual(['entries', 'last', 'state', 'v']);
      }
    });

    it('in the end holds no canary anywhere, and no history holds an activity', () => {
      expect(canaryHits('stored', text(run.stored.final))).toEqual([]);
      for (const { conversationId } of Object.values(run.conversations)) {
        expect(historyOf(run.stored.final, conversationId)?.entries).toEqual([]);
      }
    });

    it('logs no conversation id, user id, token or IP address, and puts none in /metrics', () => {
      const output = [run.server.logs.text, run.console, run.metrics];
      for (const grant of Object.values(run.conversations)) {
        for (const secret of [grant.conversationId, grant.user, grant.token, grant.token.split('.')[1]!]) {
          for (const o of output) expect(o).not.toContain(secret);
        }
      }
      for (const o of [run.server.logs.text, run.metrics]) expect(o).not.toContain('127.0.0.1');
    });

    it('never fetched an attachment or called a serviceUrl', () => {
      expect(run.trapRequests).toEqual([]);
    });

    extra?.(() => run);
  });
}

describeRun('canaries through the local Direct Line, memory storage', () => ({}), async (server) => memoryEntries(server.parts.store));

describe.skipIf(!redisAvailable)('canaries through the local Direct Line, Redis storage (REDIS_URL)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.destroy();
  });

  describeRun(
    'Redis',
    () => ({ REDIS_URL: redis.url }),
    () => redisDump(redis.url),
    (run) => {
      it('stored only Direct Line histories and dialogs (KEYS * and GET every value), each with an expiry', async () => {
        expect(run().server.parts.store.kind).toBe('redis');
        const keys = run().stored.final.map(([key]) => key);
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) {
          expect(key).toMatch(/^safe-to-ask:item:(directline\/[A-Za-z0-9_-]{16,64}|directline-local\/conversations\/[A-Za-z0-9_-]{16,64}\/dialog)$/);
        }
        const ttls = await redisCommand(redis.url, (client) => Promise.all(keys.map((key) => client.ttl(key))));
        for (const ttl of ttls) expect(ttl).toBeGreaterThan(0);
      });

      it('never sent Redis what was typed, in any command (MONITOR, for the whole run)', () => {
        expect(run().commands.split('\n').length).toBeGreaterThan(100);
        expect(canaryHits('Redis command', run().commands)).toEqual([]);
      });
    },
    () => redisMonitor(redis.url)
  );
});
