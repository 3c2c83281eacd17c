// Redis going away (stopped, hung, restarting, never there) while people are talking to the bot:
// every message still gets a kind answer with the urgent services, urgent help still comes first,
// /readyz says "not ready", nothing crashes, and conversations carry on when Redis is back.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import type { RedisStorage } from '../../src/storage/redisStorage.js';
import type { RunningServer } from '../support/server.js';
import { redisServerAvailable, startRedisServer, waitFor, type RedisServer } from '../storage/redisServer.js';
import { CHANNEL, guideOf, isStorageNotice, messages, say, startInstances, watchCrashes, type Posted } from './support.js';

const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;
const URGENT = "he says he'll post my nudes unless I pay";

const readiness = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** The answer given without storage: the kind notice with urgent services first, then the bot's reply. */
function expectAnsweredWithoutMemory(res: Posted) {
  expect(res.status).toBe(200);
  const [notice, ...rest] = messages(res);
  expect(notice && isStorageNotice(notice)).toBe(true);
  expect(notice?.channelData.guide.services).toEqual(expect.arrayContaining(['emergency-999', 'childline']));
  expect(rest.length).toBeGreaterThan(0);
  for (const m of messages(res)) expect(m.channelData.guide).toMatchObject({ version: 1 });
}

/** Urgent help for sextortion came before any question. */
function expectUrgentHelp(res: Posted) {
  const urgent = messages(res).find((m) => m.channelData.guide.urgent === true);
  expect(urgent).toBeDefined();
  expect(urgent?.channelData.guide.services).toContain('ceop');
  expect(urgent?.text).toMatch(/not your fault/i);
  // Nothing but the storage notice comes before it: no question first.
  const before = messages(res).slice(0, messages(res).indexOf(urgent!));
  expect(before.every(isStorageNotice)).toBe(true);
}

describe.skipIf(!redisServerAvailable())('Redis faults', () => {
  let redis: RedisServer;
  let bot: RunningServer;
  const crashes = watchCrashes();

  beforeAll(async () => {
    crashes.start();
    redis = await startRedisServer({ appendOnly: true });
    [bot] = (await startInstances(1, { REDIS_URL: redis.url })) as [RunningServer];
    await waitFor(() => bot.parts.store.isReady(), 5000, 'store ready');
  }, 20_000);

  afterAll(async () => {
    await bot?.stop();
    await redis?.destroy();
    crashes.stop();
    // Nothing rejected unhandled and nothing was thrown out of an event handler, in any test here.
    expect(crashes.seen).toEqual([]);
  }, 20_000);

  it('Redis stopped: answers kindly with urgent services, urgent help still first; not ready; state intact once Redis is back', async () => {
    const id = newId('outage');
    await say(bot.url, id, 'hello');
    expect(guideOf(await say(bot.url, id, 'parent'))).toMatchObject({ audience: 'parent', expects: 'age' });
    expect((await readiness(bot.url)).status).toBe(200);

    await redis.stop();
    try {
      const urgent = await say(bot.url, id, URGENT);
      expectAnsweredWithoutMemory(urgent);
      expectUrgentHelp(urgent);

      const other = await say(bot.url, newId('outage-new'), 'I sent a picture to someone and now I regret it');
      expectAnsweredWithoutMemory(other);

      const ready = await readiness(bot.url);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not ready', storage: false });
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200); // alive: do not restart it
    } finally {
      await redis.restart();
    }
    await waitFor(async () => (await readiness(bot.url)).status === 200, 10_000, 'ready again');

    // The turns during the outage were not saved; what was said before is.
    const res = await say(bot.url, id, '13-17');
    expect(guideOf(res)).toMatchObject({ audience: 'parent', ageBand: '13-17', expects: 'situation' });
    expect(messages(res).some(isStorageNotice)).toBe(false);
  }, 20_000);

  /** Whether the conversation lock of the hung test was still held once Redis had recovered and a turn had run. */
  let staleLockAfterRecovery: number | undefined;

  it('Redis hung (SIGSTOP): the turn still answers with urgent help, readiness fails, and it recovers', async () => {
    const id = newId('hung');
    await say(bot.url, id, 'hello');
    await say(bot.url, id, 'young-person');
    redis.pause();
    try {
      const [urgent, ready] = await Promise.all([say(bot.url, id, URGENT), readiness(bot.url)]);
      expectAnsweredWithoutMemory(urgent);
      expectUrgentHelp(urgent);
      expect(ready.status).toBe(503);
    } finally {
      redis.resume();
    }
    await waitFor(async () => (await readiness(bot.url)).status === 200, 10_000, 'ready again');
    expect(guideOf(await say(bot.url, id, '13-17'))).toMatchObject({ audience: 'young-person', ageBand: '13-17' });

    const raw = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    raw.on('error', () => {});
    await raw.connect();
    staleLockAfterRecovery = await raw.exists((bot.parts.store as RedisStorage).lockKey(dialogKey(CHANNEL, id)));
    raw.disconnect();
  }, 20_000);

  /**
   * While Redis is hung, the lock's `SET NX PX` times out on the client but Redis runs it when it wakes.
   * The store releases such a lock after the turn, or before the conversation's next turn.
   */
  it('after a hung Redis recovers, the next turn gets the lock and leaves none behind', () => {
    expect(staleLockAfterRecovery).toBe(0);
  });

  it('Redis restarting while turns arrive: every request is answered, none is a 5xx', async () => {
    const ids = Array.from({ length: 6 }, () => newId('restarting'));
    await Promise.all(ids.map((id) => say(bot.url, id, 'hello')));
    const restarting = redis.restart();
    const during: Posted[] = [];
    for (let round = 0; round < 3; round++) {
      during.push(...(await Promise.all(ids.map((id, i) => say(bot.url, id, i % 2 ? 'parent' : URGENT)))));
    }
    await restarting;
    for (const res of during) {
      expect(res.status).toBe(200);
      expect(messages(res).length).toBeGreaterThan(0);
    }
    await waitFor(async () => (await readiness(bot.url)).status === 200, 10_000, 'ready again');
    for (const id of ids) expect((await say(bot.url, id, 'help')).status).toBe(200);
  }, 20_000);

  it('an instance started while Redis is down answers, is not ready, and uses Redis once it is up', async () => {
    const other = await startRedisServer();
    let late: RunningServer | undefined;
    try {
      await other.stop();
      [late] = (await startInstances(1, { REDIS_URL: other.url })) as [RunningServer];
      const urgent = await say(late.url, newId('late'), URGENT);
      expectAnsweredWithoutMemory(urgent);
      expectUrgentHelp(urgent);
      expect((await readiness(late.url)).status).toBe(503);

      await other.restart();
      await waitFor(async () => (await readiness(late!.url)).status === 200, 10_000, 'ready once Redis started');
      const id = newId('late');
      await say(late.url, id, 'hello');
      await say(late.url, id, 'parent');
      expect(guideOf(await say(late.url, id, 'under-13'))).toMatchObject({ audience: 'parent', ageBand: 'under-13' });
    } finally {
      await late?.stop();
      await other.destroy();
    }
  }, 20_000);
});
