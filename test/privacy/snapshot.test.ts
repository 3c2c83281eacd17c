// What is stored for a conversation: the dialog snapshot only (audience, ageBand, region,
// situation, imageUnder18, the dialog's own flags and counters, and the step), under one key made of the channel and the
// conversation id alone, however much identifying detail the person typed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import { AGE_BANDS, AUDIENCES, REGIONS, SITUATIONS } from '../../dialogs/vocabulary.js';
import { GUIDE_MACHINE_VERSION } from '../../dialogs/guideMachine.js';
import { activity, post, startServer, type RunningServer } from '../support/server.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../storage/redisServer.js';
import { CANARY, CANARY_MESSAGES, memoryEntries, redisDump } from './support.js';

const redisAvailable = redisServerAvailable(); // throws in CI when redis-server is missing

/** The conversation below sends more messages a minute than a person types. */
const UNLIMITED = { RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' };
const SNAPSHOT_KEYS = ['context', 'machineVersion', 'value'];
const CONTEXT_KEYS = [
  ...['audience', 'ageBand', 'region', 'situation', 'imageUnder18', 'imageAgeUnsure', 'responsible', 'piiNoted'],
  // The dialog's own flags and counters (dialogs/context.ts): values from its vocabulary, never text.
  ...['welcomed', 'lost', 'crisis', 'urgentWorry', 'safetyOpen', 'riskOpen', 'urgentUnplaced', 'maybe', 'shown', 'asides', 'heldQuestions']
];

/** A conversation that types identifying details at every step, from a user with an id and a name. */
async function converse(url: string, conversationId: string): Promise<void> {
  const from = { id: `user-${randomBytes(4).toString('hex')}`, name: CANARY.name };
  const say = (text: string) => post(url, activity(text, conversationId, { from }));
  for (const text of ['hello', ...CANARY_MESSAGES, 'young-person', ...CANARY_MESSAGES, '13-17']) await say(text);
  for (const text of [...CANARY_MESSAGES, 'law', ...CANARY_MESSAGES, 'uk', ...CANARY_MESSAGES]) await say(text);
}

function expectOnlyTheSnapshot(stored: Array<[string, string]>, key: string): void {
  expect(stored.map(([k]) => k)).toEqual([key]);
  const snapshot = JSON.parse(stored[0]![1]) as Record<string, unknown>;
  expect(Object.keys(snapshot).sort()).toEqual(SNAPSHOT_KEYS);
  expect(snapshot.machineVersion).toBe(GUIDE_MACHINE_VERSION);
  expect(snapshot.value).toMatch(/^[A-Za-z.]{1,80}$/); // the step, a state name
  const context = snapshot.context as Record<string, unknown>;
  // After this conversation every slot it can know is known; imageUnder18 is only asked of adults.
  expect(Object.keys(context).sort()).toEqual(['ageBand', 'asides', 'audience', 'piiNoted', 'region', 'shown', 'situation', 'welcomed']);
  for (const k of Object.keys(context)) expect(CONTEXT_KEYS).toContain(k);
  expect(context).toEqual({
    audience: 'young-person',
    ageBand: '13-17',
    region: 'uk',
    situation: 'law',
    piiNoted: expect.any(Boolean),
    welcomed: true,
    asides: expect.any(Number),
    shown: 'law|young-person|13-17|uk||'
  });
  expect(AUDIENCES).toContain(context.audience);
  expect(AGE_BANDS).toContain(context.ageBand);
  expect(REGIONS).toContain(context.region);
  expect(SITUATIONS).toContain(context.situation);
}

describe('the stored snapshot, memory storage', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(UNLIMITED);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('holds exactly the snapshot keys, under the conversation id alone', async () => {
    const id = `snap-${randomBytes(6).toString('hex')}`;
    await converse(server.url, id);
    expectOnlyTheSnapshot(memoryEntries(server.parts.store), dialogKey('test-http', id));
  });
});

describe.skipIf(!redisAvailable)('the stored snapshot, Redis storage', () => {
  let redis: RedisServer;
  let server: RunningServer;
  beforeAll(async () => {
    redis = await startRedisServer();
    server = await startServer({ REDIS_URL: redis.url, ...UNLIMITED });
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.destroy();
  });

  it('holds exactly the snapshot keys, under the conversation id alone', async () => {
    const id = `snap-${randomBytes(6).toString('hex')}`;
    await converse(server.url, id);
    // Stored as "<eTag>\n<json>": the eTag is a random UUID, not data.
    const stored = (await redisDump(redis.url)).map(([k, v]): [string, string] => {
      const [eTag, json] = [v.slice(0, v.indexOf('\n')), v.slice(v.indexOf('\n') + 1)];
      expect(eTag).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      return [k, json];
    });
    expectOnlyTheSnapshot(stored, `safe-to-ask:item:${dialogKey('test-http', id)}`);
  });
});
