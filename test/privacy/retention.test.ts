// Retention, end to end with the bot: idle conversations expire (IDLE_MINUTES, default 30) in
// memory and in Redis, and "delete this chat" / "forget me" deletes the conversation at once.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import { RedisStorage } from '../../src/storage/conversationStore.js';
import { Conversation, last } from '../support/botHarness.js';
import { activity, post, startServer, type RunningServer } from '../support/server.js';
import { redisServerAvailable, startRedisServer, waitFor, type RedisServer } from '../storage/redisServer.js';
import { memoryEntries, messages, redisCommand, redisDump, sleep } from './support.js';

const redisAvailable = redisServerAvailable(); // throws in CI when redis-server is missing

const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;
const CHANNEL = 'test-http';
const guideOf = (res: Awaited<ReturnType<typeof post>>) => messages(res).at(-1)?.channelData.guide;

/** Who-is-asking then age: after this the stored dialog knows the audience. */
async function startConversation(url: string, id: string): Promise<void> {
  await post(url, activity('hello', id));
  expect(guideOf(await post(url, activity('parent', id)))).toMatchObject({ audience: 'parent', expects: 'age' });
}

/** Whether the bot still remembers the conversation: "13-17" is then the child's age, for a parent. */
async function remembers(url: string, id: string): Promise<boolean> {
  const guide = guideOf(await post(url, activity('13-17', id)));
  return guide?.audience === 'parent';
}

describe('idle expiry in memory, through HTTP (the clock is moved, nothing else is faked)', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    vi.useRealTimers();
  });

  async function startWithFakeClock(env: Record<string, string>): Promise<RunningServer> {
    // Only Date is faked (timers and I/O are real), before the store reads the clock.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T10:00:00Z'));
    server = await startServer(env);
    return server;
  }

  const advance = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));

  it('keeps a conversation for 30 minutes of quiet by default, then forgets it', async () => {
    const { url, parts } = await startWithFakeClock({});
    expect(parts.config.IDLE_MINUTES).toBe(30);
    const kept = newId('idle');
    await startConversation(url, kept);
    advance(29 * 60_000);
    expect(await remembers(url, kept)).toBe(true); // and that turn refreshed the expiry

    const forgotten = newId('idle');
    await startConversation(url, forgotten);
    const key = dialogKey(CHANNEL, forgotten);
    expect(await parts.store.storage.read([key])).toHaveProperty([key]);
    advance(30 * 60_000 + 1000);
    expect(await parts.store.storage.read([key])).toEqual({});
    (parts.store as unknown as { sweep(): number }).sweep();
    expect(memoryEntries(parts.store).map(([k]) => k)).not.toContain(key);
    // The person is welcomed as new: nothing of the old conversation is left to restore.
    const res = await post(url, activity('13-17', forgotten));
    expect(messages(res)[0]?.text).toMatch(/Safe to Ask/);
    expect(guideOf(res)?.audience).toBeUndefined();
  });

  it('uses IDLE_MINUTES', async () => {
    const { url, parts } = await startWithFakeClock({ IDLE_MINUTES: '5' });
    const id = newId('idle');
    await startConversation(url, id);
    advance(4 * 60_000 + 59_000);
    expect(await remembers(url, id)).toBe(true);

    const other = newId('idle');
    await startConversation(url, other);
    advance(5 * 60_000 + 1000);
    expect(await parts.store.storage.read([dialogKey(CHANNEL, other)])).toEqual({});
    expect(await remembers(url, other)).toBe(false);
  });
});

describe('"delete this chat" over HTTP, memory storage', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(['delete this chat', 'forget me', 'Delete my chat!'])('"%s" deletes the conversation at once and says so', async (phrase) => {
    const id = newId('forget');
    const key = dialogKey(CHANNEL, id);
    await startConversation(server.url, id);
    expect(memoryEntries(server.parts.store).map(([k]) => k)).toContain(key);

    const res = await post(server.url, activity(phrase, id));
    expect(messages(res).map((m) => m.text).join('\n')).toMatch(/deleted this chat/i);
    expect(memoryEntries(server.parts.store).map(([k]) => k)).not.toContain(key);
    expect(await server.parts.store.storage.read([key])).toEqual({});

    // Coming back starts afresh: no "we started again" note, because nothing was left.
    expect(await remembers(server.url, id)).toBe(false);
  });
});

describe.skipIf(!redisAvailable)('Redis: idle expiry and "delete this chat"', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.destroy();
  });

  it('a conversation written with a 1-second TTL is gone after it (the bot, a real Redis)', async () => {
    const store = new RedisStorage({ redisUrl: redis.url, idleSeconds: 1, keyPrefix: 'ttl-test:' });
    try {
      await waitFor(() => store.isReady(), 5000, 'Redis store ready');
      const convo = new Conversation({ store, conversationId: newId('ttl') });
      await convo.open();
      expect(last(await convo.say('parent')).guide.expects).toBe('age');
      const keys = await redisCommand(redis.url, (c) => c.keys('ttl-test:*'));
      expect(keys).toHaveLength(1);
      const ttl = await redisCommand(redis.url, (c) => c.pttl(keys[0]!));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1000);
      await sleep(1300);
      expect(await redisCommand(redis.url, (c) => c.keys('ttl-test:*'))).toEqual([]);
      // The bot starts afresh.
      const replies = await convo.say('13-17');
      expect(replies[0]?.text).toMatch(/Safe to Ask/);
      expect(last(replies).guide.audience).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  describe('through HTTP with REDIS_URL', () => {
    let server: RunningServer | undefined;
    beforeEach(async () => {
      await redisCommand(redis.url, (c) => c.flushall());
    });
    afterEach(async () => {
      await server?.stop();
      server = undefined;
    });

    it.each([
      [{}, 30],
      [{ IDLE_MINUTES: '1' }, 1]
    ])('every write sets the TTL to IDLE_MINUTES (%j)', async (env, minutes) => {
      server = await startServer({ REDIS_URL: redis.url, ...env });
      const id = newId('redis-ttl');
      await startConversation(server.url, id);
      const dump = await redisDump(redis.url);
      expect(dump.map(([k]) => k)).toEqual([`safe-to-ask:item:${dialogKey(CHANNEL, id)}`]);
      const ttl = await redisCommand(redis.url, (c) => c.ttl(dump[0]![0]));
      expect(ttl).toBeGreaterThan(minutes * 60 - 5);
      expect(ttl).toBeLessThanOrEqual(minutes * 60);
    });

    it.each(['delete this chat', 'forget me'])('"%s" deletes the key at once and says so', async (phrase) => {
      server = await startServer({ REDIS_URL: redis.url });
      const id = newId('redis-forget');
      const itemKey = `safe-to-ask:item:${dialogKey(CHANNEL, id)}`;
      await startConversation(server.url, id);
      expect(await redisCommand(redis.url, (c) => c.exists(itemKey))).toBe(1);

      const res = await post(server.url, activity(phrase, id));
      expect(messages(res).map((m) => m.text).join('\n')).toMatch(/deleted this chat/i);
      // Gone: not the item, not its lock, nothing at all.
      expect(await redisCommand(redis.url, (c) => c.exists(itemKey))).toBe(0);
      expect(await redisDump(redis.url)).toEqual([]);
      expect(await remembers(server.url, id)).toBe(false);
    });
  });
});
