/**
 * RedisStorage specifics against a real redis-server: TTLs, two bot instances on one Redis, Redis going down and
 * coming back (with AOF persistence), and no leaking of values through errors or the console.
 */
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createConversationStore, untilStoreReady } from '../../src/storage/conversationStore.js';
import { DEFAULT_KEY_PREFIX, RedisStorage, type RedisStorageOptions } from '../../src/storage/redisStorage.js';
import { redisServerAvailable, startRedisServer, waitFor, type RedisServer } from './redisServer.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.skipIf(!redisServerAvailable())('RedisStorage on a real redis-server', () => {
  let server: RedisServer;
  let raw: Redis;
  const stores: RedisStorage[] = [];

  async function make(options: Partial<RedisStorageOptions> = {}): Promise<RedisStorage> {
    const store = new RedisStorage({ redisUrl: server.url, idleSeconds: 1800, keyPrefix: `t-${randomUUID()}:`, ...options });
    stores.push(store);
    await waitFor(() => store.isReady(), 5000, 'store ready');
    return store;
  }

  beforeAll(async () => {
    server = await startRedisServer({ appendOnly: true });
    raw = new Redis(server.url, { lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: 0 });
    raw.on('error', () => {});
    await raw.connect();
  }, 20_000);

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    raw?.disconnect();
    await server?.destroy();
  }, 20_000);

  it('sets a TTL of idleSeconds on every write, under the key prefix', async () => {
    const store = await make({ idleSeconds: 120 });
    await store.write({ 'webchat/conversations/c1/': { n: 1 } });
    const key = store.dataKey('webchat/conversations/c1/');
    expect(key.startsWith(store.keyPrefix)).toBe(true);
    const ttl = await raw.ttl(key);
    expect(ttl).toBeGreaterThan(110);
    expect(ttl).toBeLessThanOrEqual(120);
    // A write refreshes the TTL.
    await raw.expire(key, 5);
    await store.write({ 'webchat/conversations/c1/': { n: 2 } });
    expect(await raw.ttl(key)).toBeGreaterThan(110);
  });

  it("uses the 'safe-to-ask:' prefix by default (via createConversationStore)", async () => {
    const store = createConversationStore({ redisUrl: server.url, idleSeconds: 60 });
    expect(store.kind).toBe('redis');
    await waitFor(() => store.isReady(), 5000, 'store ready');
    const key = `prefix-check-${randomUUID()}`;
    await store.storage.write({ [key]: { n: 1 } });
    expect(await raw.exists(`${DEFAULT_KEY_PREFIX}item:${key}`)).toBe(1);
    await store.storage.delete([key]);
    expect(await raw.exists(`${DEFAULT_KEY_PREFIX}item:${key}`)).toBe(0);
    await store.close();
  });

  it('two instances alternate writes to one conversation with eTags', async () => {
    const a = await make();
    const b = new RedisStorage({ redisUrl: server.url, idleSeconds: 1800, keyPrefix: a.keyPrefix });
    stores.push(b);
    await waitFor(() => b.isReady(), 5000, 'second store ready');
    const key = 'webchat/conversations/shared/';

    await a.write({ [key]: { turn: 1 } });
    const seenByA1 = (await a.read([key]))[key]!;
    const seenByB1 = (await b.read([key]))[key]!;
    expect(seenByB1).toEqual(seenByA1);

    await b.write({ [key]: { ...seenByB1, turn: 2 } });
    // A still holds the eTag from before B's write.
    await expect(a.write({ [key]: { ...seenByA1, turn: 99 } })).rejects.toThrow(/eTag conflict/);
    const seenByA2 = (await a.read([key]))[key]!;
    expect(seenByA2).toMatchObject({ turn: 2 });
    await a.write({ [key]: { ...seenByA2, turn: 3 } });
    await expect(b.write({ [key]: { ...seenByB1, turn: 99 } })).rejects.toThrow(/eTag conflict/);
    const seenByB3 = (await b.read([key]))[key]!;
    expect(seenByB3).toMatchObject({ turn: 3 });
    await b.write({ [key]: { ...seenByB3, turn: 4 } });
    expect((await a.read([key]))[key]).toMatchObject({ turn: 4 });
  });

  it('withLock serializes one conversation across two instances and leaves no lock key behind', async () => {
    const a = await make();
    const b = new RedisStorage({ redisUrl: server.url, idleSeconds: 1800, keyPrefix: a.keyPrefix });
    stores.push(b);
    await waitFor(() => b.isReady(), 5000, 'second store ready');
    const events: string[] = [];
    const turn = (store: RedisStorage, name: string) =>
      store.withLock('conv-x', async () => {
        events.push(`start ${name}`);
        await sleep(40);
        events.push(`end ${name}`);
      });
    await Promise.all([turn(a, 'a1'), turn(b, 'b1'), turn(a, 'a2'), turn(b, 'b2')]);
    // Each start is directly followed by its own end: no two turns overlapped.
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]!.replace('start', 'end')).toBe(events[i + 1]);
    }
    expect(events).toHaveLength(8);
    expect(await raw.exists(a.lockKey('conv-x'))).toBe(0);
  });

  it('holds the lock for the whole turn, whatever the turn writes, and releases it when the turn ends', async () => {
    const store = await make();
    const key = 'webchat/conversations/held/dialog';
    await store.write({ [key]: { turn: 1 } });
    const held: number[] = [];
    await store.withLock(key, async () => {
      held.push(await raw.exists(store.lockKey(key)));
      await store.write({ [key]: { turn: 2 } });
      held.push(await raw.exists(store.lockKey(key)));
      await expect(store.write({ [key]: { turn: 99, eTag: 'stale' } })).rejects.toThrow(/eTag conflict/);
      held.push(await raw.exists(store.lockKey(key)));
    });
    expect(held).toEqual([1, 1, 1]);
    expect(await raw.exists(store.lockKey(key))).toBe(0);
    expect((await store.read([key]))[key]).toMatchObject({ turn: 2 });
  });

  it('reads, writes and deletes the same inside the lock as outside it: every read goes to Redis', async () => {
    const store = await make();
    const key = 'webchat/conversations/same/dialog';
    await store.write({ [key]: { turn: 1 } });
    await store.withLock(key, async () => {
      expect((await store.read([key]))[key]).toMatchObject({ turn: 1 });
      // Another instance writes meanwhile: the next read sees it, and a write with the old eTag conflicts.
      await raw.set(store.dataKey(key), `other\n${JSON.stringify({ turn: 5 })}`);
      const seen = (await store.read([key]))[key]!;
      expect(seen).toMatchObject({ turn: 5, eTag: 'other' });
      await expect(store.write({ [key]: { turn: 6, eTag: 'not-other' } })).rejects.toThrow(/eTag conflict/);
      await store.write({ [key]: { ...seen, turn: 6 } });
    });
    expect((await store.read([key]))[key]).toMatchObject({ turn: 6 });
  });

  it('runs anyway when another holder keeps the lock past lockWaitMs, and does not release a lock it does not own', async () => {
    const store = await make({ lockWaitMs: 300 });
    const lockKey = store.lockKey('conv-stuck');
    await raw.set(lockKey, 'someone-else', 'PX', 10_000);
    expect(await store.withLock('conv-stuck', async () => 'ran')).toBe('ran');
    expect(await raw.get(lockKey)).toBe('someone-else');
  });

  it('gets a lock that expires (lockTtlMs) after its holder crashed', async () => {
    const store = await make({ lockWaitMs: 2000 });
    const lockKey = store.lockKey('conv-crashed');
    await raw.set(lockKey, 'crashed-instance', 'PX', 200);
    let sawOwnLock = false;
    await store.withLock('conv-crashed', async () => {
      const holder = await raw.get(lockKey);
      sawOwnLock = holder !== null && holder !== 'crashed-instance';
    });
    expect(sawOwnLock).toBe(true);
  });

  it('Redis down: fails fast, is not ready, leaks no values; Redis back (AOF): data is there and the same store works', async () => {
    const store = await make();
    const secret = `my secret message ${randomUUID()}`;
    await store.write({ 'conv-persist': { said: secret } });
    const before = (await store.read(['conv-persist']))['conv-persist']!;

    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    try {
      await server.stop();

      // A read rejects (it does not wait in a queue for Redis to come back).
      await expect(store.read(['conv-persist'])).rejects.toThrow(/RedisStorage: read failed/);

      // A write error says nothing about the value.
      const writeError = await store.write({ 'conv-persist': { said: secret } }).then(
        () => undefined,
        (e: unknown) => e as Error & { command?: unknown },
      );
      expect(writeError).toBeInstanceOf(Error);
      expect(writeError!.message).not.toContain(secret);
      expect(writeError!.command).toBeUndefined();
      expect(JSON.stringify(writeError, Object.getOwnPropertyNames(writeError))).not.toContain(secret);

      expect(await store.isReady()).toBe(false);

      // withLock does not wait for a dead Redis: the turn runs (and its storage calls report the outage).
      expect(await store.withLock('conv-persist', async () => 'ran')).toBe('ran');

      await sleep(1200); // a few reconnect attempts while down

      await server.restart();
      await waitFor(() => store.isReady(), 5000, 'store ready again after restart');

      const after = (await store.read(['conv-persist']))['conv-persist']!;
      expect(after).toEqual(before);
      expect(after['said']).toBe(secret);
      // The Lua script cache was lost with the restart; the CAS write still works (EVALSHA falls back to EVAL).
      await store.write({ 'conv-persist': { ...after, said: 'after restart' } });
      await expect(store.write({ 'conv-persist': { ...after, said: 'stale' } })).rejects.toThrow(/eTag conflict/);
      expect((await store.read(['conv-persist']))['conv-persist']).toMatchObject({ said: 'after restart' });
      expect(await raw.ttl(store.dataKey('conv-persist'))).toBeGreaterThan(1700);

      for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of consoleSpies) spy.mockRestore();
      if (!server.running) await server.restart();
    }
  }, 20_000);

  it('Redis hung (connected but not answering): a read times out, then calls fail at once until Redis answers again', async () => {
    const store = await make();
    await store.write({ 'conv-hung': { n: 1 } });
    server.pause();
    try {
      // The first command waits for the command timeout...
      await expect(store.read(['conv-hung'])).rejects.toThrow(/RedisStorage: read failed: Command timed out/);
      // ...after which nothing more is sent to a Redis that does not answer: every call fails at once.
      await expect(store.read(['conv-hung'])).rejects.toThrow(/RedisStorage: read failed: Redis is not answering/);
      await expect(store.write({ 'conv-hung': { n: 2 } })).rejects.toThrow(/Redis is not answering/);
      expect(await store.withLock('conv-hung', async () => 'ran')).toBe('ran');
      expect(await store.isReady()).toBe(false);
    } finally {
      server.resume();
    }
    await waitFor(() => store.isReady(), 5000, 'store ready after resume');
    await waitFor(async () => (await store.read(['conv-hung']).catch(() => undefined)) !== undefined, 5000, 'reads again');
    expect((await store.read(['conv-hung']))['conv-hung']).toMatchObject({ n: 1 });
    // The lock of the turn that ran while Redis was hung is not left behind: the next turn releases it.
    await store.withLock('conv-hung', async () => undefined);
    expect(await raw.exists(store.lockKey('conv-hung'))).toBe(0);
  }, 15_000);

  it('a store created while Redis is down connects by itself once Redis starts', async () => {
    const other = await startRedisServer();
    try {
      await other.stop();
      const store = new RedisStorage({ redisUrl: other.url, idleSeconds: 60 });
      stores.push(store);
      expect(await store.isReady()).toBe(false);
      await expect(store.read(['k'])).rejects.toThrow(/RedisStorage: read failed/);
      await other.restart();
      await waitFor(() => store.isReady(), 5000, 'store ready once Redis started');
      await store.write({ k: { n: 1 } });
      expect((await store.read(['k']))['k']).toMatchObject({ n: 1 });
      await store.close();
    } finally {
      await other.destroy();
    }
  }, 15_000);

  it('a new instance waits for Redis before taking traffic, but not for long when Redis is down', async () => {
    const fresh = createConversationStore({ redisUrl: server.url, idleSeconds: 60 });
    // Straight after start-up the client is still connecting; waiting makes the first turn remember.
    expect(await untilStoreReady(fresh, 5000)).toBe(true);
    const key = `first-turn-${randomUUID()}`;
    await fresh.withLock(key, async () => fresh.storage.write({ [key]: { n: 1 } }));
    expect((await fresh.storage.read([key]))[key]).toMatchObject({ n: 1 });
    await fresh.close();

    const other = await startRedisServer();
    await other.stop();
    const orphan = createConversationStore({ redisUrl: other.url, idleSeconds: 60 });
    try {
      expect(await untilStoreReady(orphan, 300)).toBe(false);
    } finally {
      await orphan.close();
      await other.destroy();
    }
    const memory = createConversationStore({ idleSeconds: 60 });
    expect(await untilStoreReady(memory, 0)).toBe(true);
    await memory.close();
  }, 15_000);

  it('close() stops the client; a closed store is not ready', async () => {
    const store = await make();
    await store.close();
    expect(await store.isReady()).toBe(false);
    await store.close(); // idempotent
  });
});
