// Several bot instances behind a load balancer, sharing one real redis-server (REDIS_URL):
// a conversation may land on any instance at any turn and must carry on as if there were one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../support/server.js';
import { redisServerAvailable, startRedisServer, waitFor, type RedisServer } from '../storage/redisServer.js';
import { guideOf, isStorageNotice, messages, say, startInstances, storedDialog, watchCrashes } from './support.js';

const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;

describe.skipIf(!redisServerAvailable())('two instances, one Redis', () => {
  let redis: RedisServer;
  let a: RunningServer;
  let b: RunningServer;
  const crashes = watchCrashes();

  beforeAll(async () => {
    crashes.start();
    redis = await startRedisServer({ appendOnly: true });
    [a, b] = (await startInstances(2, { REDIS_URL: redis.url })) as [RunningServer, RunningServer];
    await waitFor(async () => (await a.parts.store.isReady()) && (await b.parts.store.isReady()), 5000, 'both stores ready');
  }, 20_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.destroy();
    crashes.stop();
    expect(crashes.seen).toEqual([]);
  }, 20_000);

  it('both use Redis', () => {
    expect(a.parts.store.kind).toBe('redis');
    expect(b.parts.store.kind).toBe('redis');
  });

  it('continues one conversation alternating between the instances turn by turn: audience -> age -> situation -> region -> answer', async () => {
    const id = newId('alternate');
    const hello = await say(a.url, id, 'hello');
    expect(guideOf(hello)).toMatchObject({ expects: 'audience' });

    const age = await say(b.url, id, 'parent');
    expect(guideOf(age)).toMatchObject({ state: 'askAge', expects: 'age', audience: 'parent' });

    const topic = await say(a.url, id, '13-17');
    expect(guideOf(topic)).toMatchObject({ state: 'askSituation', expects: 'situation', audience: 'parent', ageBand: '13-17' });

    const where = await say(b.url, id, 'sent-image');
    expect(guideOf(where)).toMatchObject({ state: 'askRegion', expects: 'region', situation: 'sent-image' });

    const answer = await say(a.url, id, 'uk');
    expect(guideOf(answer)).toMatchObject({ state: 'answer', audience: 'parent', ageBand: '13-17', situation: 'sent-image', region: 'uk' });
    expect(guideOf(answer)?.services.length).toBeGreaterThan(0);

    for (const res of [hello, age, topic, where, answer]) {
      expect(res.status).toBe(200);
      expect(messages(res).some(isStorageNotice)).toBe(false);
    }
    // Both instances see the same stored dialog.
    expect(await storedDialog(a, id)).toEqual(await storedDialog(b, id));
  });

  it('carries on with the other instance when one is stopped mid-conversation', async () => {
    const [c] = (await startInstances(1, { REDIS_URL: redis.url })) as [RunningServer];
    await waitFor(() => c.parts.store.isReady(), 5000, 'third store ready');
    const id = newId('stopped');
    await say(c.url, id, 'hello');
    expect(guideOf(await say(c.url, id, 'parent'))).toMatchObject({ audience: 'parent', expects: 'age' });
    await c.stop();
    await expect(fetch(`${c.url}/healthz`)).rejects.toThrow();

    const res = await say(a.url, id, '13-17');
    expect(guideOf(res)).toMatchObject({ audience: 'parent', ageBand: '13-17', expects: 'situation' });
    expect(messages(res).some(isStorageNotice)).toBe(false);
  });

  it('serialises concurrent turns of one conversation across instances: every post answered, no lost update', async () => {
    const id = newId('concurrent');
    // Each message fills a different slot (or none), so the final dialog shows whether any turn was lost,
    // whatever order they ran in.
    const texts = ['parent', '13-17', 'ie', "he says he'll post my nudes unless I pay", 'hello'];
    const results = await Promise.all(texts.map((text, i) => say(i % 2 === 0 ? a.url : b.url, id, text)));

    for (const res of results) {
      expect(res.status).toBe(200);
      expect(messages(res).length).toBeGreaterThan(0);
      // A lost eTag race would show the "trouble remembering" notice.
      expect(messages(res).some(isStorageNotice)).toBe(false);
    }
    // The urgent message got urgent help first, whichever turn it was.
    expect(messages(results[3]!)[0]?.channelData.guide).toMatchObject({ urgent: true });

    // Each turn saw all the turns before it: the slot-filling turns saw 1, 2, 3 and 4 slots filled.
    const slotsSeen = results
      .slice(0, 4)
      .map((res) => ['audience', 'ageBand', 'region', 'situation'].filter((slot) => guideOf(res)?.[slot] !== undefined).length)
      .sort();
    expect(slotsSeen).toEqual([1, 2, 3, 4]);

    // The stored dialog holds the effect of every turn.
    const stored = await storedDialog(b, id);
    expect(stored?.context).toMatchObject({ audience: 'parent', ageBand: '13-17', region: 'ie', situation: 'sextortion' });
    expect(stored?.value).toBe('answer');
  });

  it('keeps conversations across a Redis restart (append-only file on)', async () => {
    const id = newId('restart');
    await say(a.url, id, 'hello');
    await say(b.url, id, 'young-person');
    const before = await storedDialog(a, id);
    expect(before?.context).toMatchObject({ audience: 'young-person' });

    await redis.restart();
    await waitFor(async () => (await a.parts.store.isReady()) && (await b.parts.store.isReady()), 10_000, 'stores ready again');

    const after = await storedDialog(b, id);
    expect(after?.context).toEqual(before?.context);
    const res = await say(b.url, id, 'under-13');
    expect(guideOf(res)).toMatchObject({ audience: 'young-person', ageBand: 'under-13', expects: 'situation' });
    expect(messages(res).some(isStorageNotice)).toBe(false);
  }, 20_000);
});
