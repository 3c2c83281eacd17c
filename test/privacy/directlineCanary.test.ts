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
//
// The run itself (what is sent, and when storage is looked at) is in ./directlineCanaryRun.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import { CHANNEL_ID } from '../../src/directline/activities.js';
import { historyKey } from '../../src/directline/history.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../storage/redisServer.js';
import type { RunningServer } from '../support/server.js';
import { runCanaries, type Entries, type Run, type Watch } from './directlineCanaryRun.js';
import { CANARY_MESSAGES, canaryHits, memoryEntries, redisCommand, redisDump, redisMonitor } from './support.js';

const redisAvailable = redisServerAvailable(); // throws in CI when redis-server is missing

const text = (entries: Entries) => entries.map(([k, v]) => `${k} = ${v}`).join('\n');
/** The stored entries of one conversation (its history and its dialog). */
const entriesOf = (entries: Entries, conversationId: string) => entries.filter(([key]) => key.includes(conversationId));
/** The stored history item of one conversation, parsed (undefined when there is none). Redis keeps `<eTag>\n<JSON>`. */
function historyOf(entries: Entries, conversationId: string): { state: string; last: number; entries: Array<{ activity: any }> } | undefined {
  const found = entries.find(([key]) => key.endsWith(historyKey(conversationId)));
  return found ? JSON.parse(found[1].slice(found[1].indexOf('\n') + 1)) : undefined;
}
const hasDialog = (entries: Entries, conversationId: string) => entries.some(([key]) => key.endsWith(dialogKey(CHANNEL_ID, conversationId)));

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
