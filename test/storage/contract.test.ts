/**
 * One contract, run against both conversation stores (embedded memory and Redis), so the bot behaves the same on
 * either: botbuilder Storage eTag semantics, idle expiry, and the per-conversation lock.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createConversationStore, type ConversationStore } from '../../src/storage/conversationStore.js';
import { ExpiringMemoryStorage } from '../../src/storage/expiringMemoryStorage.js';
import { redisServerAvailable, startRedisServer, waitFor, type RedisServer } from './redisServer.js';

interface Harness {
  name: string;
  available: boolean;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A fresh, empty store with the given idle time. */
  make(idleSeconds: number): Promise<ConversationStore>;
  /** Lets `ms` pass for the store's expiry clock. */
  advance(ms: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function memoryHarness(): Harness {
  let clock = 1_700_000_000_000;
  const stores: ConversationStore[] = [];
  return {
    name: 'ExpiringMemoryStorage',
    available: true,
    setup: async () => {},
    teardown: async () => {
      await Promise.all(stores.map((s) => s.close()));
    },
    make: async (idleSeconds) => {
      const store = new ExpiringMemoryStorage({ idleSeconds, now: () => clock, sweepIntervalMs: 0 });
      stores.push(store);
      return store;
    },
    advance: async (ms) => {
      clock += ms;
    },
  };
}

function redisHarness(): Harness {
  let server: RedisServer | undefined;
  const stores: ConversationStore[] = [];
  return {
    name: 'RedisStorage',
    available: redisServerAvailable(),
    setup: async () => {
      server = await startRedisServer();
    },
    teardown: async () => {
      await Promise.all(stores.map((s) => s.close()));
      await server?.destroy();
    },
    make: async (idleSeconds) => {
      if (!server) throw new Error('redis-server not started');
      // A unique prefix per store keeps the tests independent on one server.
      const store = createConversationStore({ redisUrl: server.url, idleSeconds, keyPrefix: `t-${randomUUID()}:` });
      stores.push(store);
      await waitFor(() => store.isReady(), 5000, 'redis store ready');
      return store;
    },
    advance: sleep,
  };
}

const harnesses: Harness[] = [memoryHarness(), redisHarness()];

for (const h of harnesses) {
  describe.skipIf(!h.available)(`ConversationStore contract: ${h.name}`, () => {
    beforeAll(() => h.setup(), 20_000);
    afterAll(() => h.teardown(), 20_000);

    it('reads missing keys as absent', async () => {
      const store = await h.make(1800);
      expect(await store.storage.read(['nope', 'also/nope'])).toEqual({});
      expect(await store.storage.read([])).toEqual({});
    });

    it('round-trips values through JSON and adds an eTag without touching the input', async () => {
      const store = await h.make(1800);
      const item = { state: 'askAge', context: { answers: [1, 'x', null], ok: true }, at: new Date(0), skip: undefined };
      await store.storage.write({ 'webchat/conversations/c1/': item });
      expect(item).not.toHaveProperty('eTag');
      const read = await store.storage.read(['webchat/conversations/c1/', 'missing']);
      expect(Object.keys(read)).toEqual(['webchat/conversations/c1/']);
      const { eTag, ...rest } = read['webchat/conversations/c1/']!;
      expect(typeof eTag).toBe('string');
      expect(eTag).not.toBe('');
      expect(rest).toEqual({ state: 'askAge', context: { answers: [1, 'x', null], ok: true }, at: '1970-01-01T00:00:00.000Z' });
    });

    it('keeps its own copy: changing what was written or read never changes what is stored, and keys never share', async () => {
      const store = await h.make(1800);
      const written = { context: { shown: ['law'] } };
      await store.storage.write({ a: written, b: written });
      written.context.shown.push('written-after');
      const first = await store.storage.read(['a', 'b']);
      (first['a'] as typeof written).context.shown.push('read-after');
      expect(first['b']).toMatchObject({ context: { shown: ['law'] } });
      const again = await store.storage.read(['a', 'a', 'b']);
      expect(again['a']).toMatchObject({ context: { shown: ['law'] } });
      expect(again['b']).toMatchObject({ context: { shown: ['law'] } });
      expect(again['a']).not.toBe(again['b']);
      expect(again['a']).not.toBe(first['a']);
    });

    it('gives every write a new eTag', async () => {
      const store = await h.make(1800);
      await store.storage.write({ k: { n: 1 } });
      const first = (await store.storage.read(['k']))['k']!.eTag;
      await store.storage.write({ k: { n: 1 } });
      const second = (await store.storage.read(['k']))['k']!.eTag;
      expect(second).not.toBe(first);
    });

    it('accepts a write with the current eTag and rejects a stale one', async () => {
      const store = await h.make(1800);
      await store.storage.write({ k: { n: 1 } });
      const v1 = (await store.storage.read(['k']))['k']!;
      await store.storage.write({ k: { ...v1, n: 2 } });
      await expect(store.storage.write({ k: { ...v1, n: 3 } })).rejects.toThrow(/eTag conflict/);
      expect((await store.storage.read(['k']))['k']).toMatchObject({ n: 2 });
    });

    it("overwrites with eTag '*', without an eTag, and when there is no old item", async () => {
      const store = await h.make(1800);
      await store.storage.write({ k: { n: 1 } });
      await store.storage.write({ k: { n: 2, eTag: '*' } });
      expect((await store.storage.read(['k']))['k']).toMatchObject({ n: 2 });
      await store.storage.write({ k: { n: 3 } });
      expect((await store.storage.read(['k']))['k']).toMatchObject({ n: 3 });
      await store.storage.write({ fresh: { n: 4, eTag: 'some-old-etag' } });
      expect((await store.storage.read(['fresh']))['fresh']).toMatchObject({ n: 4 });
    });

    it('writes a batch all or nothing', async () => {
      const store = await h.make(1800);
      await store.storage.write({ a: { n: 1 } });
      const stale = (await store.storage.read(['a']))['a']!;
      await store.storage.write({ a: { n: 2 } });
      await expect(store.storage.write({ b: { n: 1 }, a: { ...stale, n: 3 } })).rejects.toThrow(/"a" due to eTag conflict/);
      const read = await store.storage.read(['a', 'b']);
      expect(read['a']).toMatchObject({ n: 2 });
      expect(read).not.toHaveProperty('b');
    });

    it('deletes at once ("forget me"), and deleting a missing key is fine', async () => {
      const store = await h.make(1800);
      await store.storage.write({ k: { secret: 'x' }, other: { n: 1 } });
      const old = (await store.storage.read(['k']))['k']!;
      await store.storage.delete(['k', 'never-written']);
      const read = await store.storage.read(['k', 'other']);
      expect(read).not.toHaveProperty('k');
      expect(read['other']).toMatchObject({ n: 1 });
      // With no old item, a write with the old eTag is a plain write.
      await store.storage.write({ k: { ...old, secret: 'y' } });
      expect((await store.storage.read(['k']))['k']).toMatchObject({ secret: 'y' });
    });

    it('forgets a key after idleSeconds without writes; every write refreshes the expiry', async () => {
      const store = await h.make(1);
      await store.storage.write({ idle: { n: 1 }, active: { n: 1 } });
      await h.advance(600);
      await store.storage.write({ active: { n: 2 } });
      await h.advance(600);
      // idle: written 1.2 s ago (> 1 s); active: written 0.6 s ago.
      const read = await store.storage.read(['idle', 'active']);
      expect(read).not.toHaveProperty('idle');
      expect(read['active']).toMatchObject({ n: 2 });
      // An expired item no longer takes part in eTag checks.
      await store.storage.write({ idle: { n: 5, eTag: 'stale' } });
      expect((await store.storage.read(['idle']))['idle']).toMatchObject({ n: 5 });
    });

    it('runs withLock calls on one key one after another, in call order', async () => {
      const store = await h.make(1800);
      const events: string[] = [];
      const results = await Promise.all(
        [0, 1, 2].map((i) =>
          store.withLock('conv-1', async () => {
            events.push(`start ${i}`);
            await sleep(15);
            events.push(`end ${i}`);
            return i * 10;
          }),
        ),
      );
      expect(results).toEqual([0, 10, 20]);
      expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    });

    it('releases the lock when fn throws, and passes the error on', async () => {
      const store = await h.make(1800);
      await expect(store.withLock('conv-err', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      // The next turn gets the lock (in memory it would wait for ever if the lock had been kept; the Redis lock's
      // release is checked in redis.test.ts).
      expect(await store.withLock('conv-err', async () => 'next')).toBe('next');
    });

    it('runs withLock calls on different keys in parallel', async () => {
      const store = await h.make(1800);
      // Each fn waits until the other has started: this only finishes if they run at the same time.
      let releaseA!: () => void;
      let releaseB!: () => void;
      const aStarted = new Promise<void>((r) => (releaseA = r));
      const bStarted = new Promise<void>((r) => (releaseB = r));
      const timeout = (ms: number) => sleep(ms).then(() => Promise.reject(new Error('serialized: deadlock')));
      const both = Promise.all([
        store.withLock('conv-a', async () => {
          releaseA();
          await bStarted;
          return 'a';
        }),
        store.withLock('conv-b', async () => {
          releaseB();
          await aStarted;
          return 'b';
        }),
      ]);
      expect(await Promise.race([both, timeout(2000)])).toEqual(['a', 'b']);
    });

    it('is ready while running', async () => {
      const store = await h.make(1800);
      expect(await store.isReady()).toBe(true);
    });
  });
}
