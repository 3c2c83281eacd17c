/**
 * botbuilder `Storage` over Redis (ioredis), for running more than one bot instance.
 *
 * Why hand-written: Microsoft ships no Redis store for botbuilder v4, and the community package
 * (`botbuilder-storage-redis`) ignores eTags and defaults to a TTL of 0, which Redis rejects. This one:
 *  - gives every key a TTL (`SET key value EX idleSeconds`, refreshed by every write): the privacy rule
 *    "nothing is kept after a conversation goes idle" is enforced by Redis itself;
 *  - does MemoryStorage's eTag optimistic concurrency atomically, in one Lua compare-and-set script;
 *  - fails fast when Redis is down (no offline queue, short timeouts) so a turn errors within ~1 s instead of
 *    hanging, and reconnects every 500 ms forever so conversations continue when Redis comes back;
 *  - serializes turns of one conversation across instances with a short-lived Redis lock (`withLock`);
 *  - does a turn in two round trips, not four: taking the lock also fetches the conversation's item, and
 *    the turn's write also releases the lock (both atomic, in Lua).
 *
 * Privacy: values can hold conversation data. This module writes nothing to the console, and every error it
 * throws is a fresh Error carrying only a message (ioredis attaches the command arguments, i.e. the values,
 * to its errors as `err.command.args`; those errors never leave this module).
 *
 * Stored format of a data key: `<eTag>\n<item JSON without eTag>`, so the Lua script can compare eTags without
 * decoding JSON. Keys: data `${keyPrefix}item:${key}`, locks `${keyPrefix}lock:${key}`.
 * The multi-key script assumes a single Redis (not Redis Cluster: the keys of one batch could live in different slots).
 */
import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { ConversationStore } from './conversationStore.js';
import { KeyedLock, serializeItem } from './expiringMemoryStorage.js';

export const DEFAULT_KEY_PREFIX = 'safe-to-ask:';

export interface RedisStorageOptions {
  /** e.g. `redis://127.0.0.1:6379/0` (`rediss://` for TLS). */
  redisUrl: string;
  /** TTL of every key, refreshed on every write. Positive integer of seconds. */
  idleSeconds: number;
  /** Default `safe-to-ask:`. */
  keyPrefix?: string;
  /** Lifetime of a conversation lock, so a crashed instance cannot block a conversation. Default 5000 ms. */
  lockTtlMs?: number;
  /** How long `withLock` waits for a lock held by another instance before running anyway. Default 3000 ms. */
  lockWaitMs?: number;
  /** Per-command timeout, the bound on how long a turn waits for a hung Redis. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Extra ioredis options (tests, TLS). They override the fail-fast defaults, so use with care. */
  redisOptions?: RedisOptions;
}

/**
 * Compare-and-set of a batch, all or nothing, optionally releasing the writer's lock with it.
 * KEYS: the n data keys, then (when ARGV[2] is a token) the lock key. ARGV[1]: TTL seconds; ARGV[2]: the lock
 * token to release after writing ('' = none); for data key i: ARGV[2i+1] = expected eTag ('' = overwrite),
 * ARGV[2i+2] = new value.
 * Returns 0 when written, or the 1-based index of the first key whose eTag did not match (nothing written then,
 * and the lock is kept).
 */
const CAS_WRITE_LUA = `
local ttl = ARGV[1]
local token = ARGV[2]
local n = #KEYS
if token ~= '' then n = n - 1 end
for i = 1, n do
  local expected = ARGV[i * 2 + 1]
  if expected ~= '' then
    local current = redis.call('GET', KEYS[i])
    if current then
      local nl = string.find(current, '\\n', 1, true)
      local currentTag = ''
      if nl then currentTag = string.sub(current, 1, nl - 1) end
      if currentTag ~= expected then return i end
    end
  end
end
for i = 1, n do
  redis.call('SET', KEYS[i], ARGV[i * 2 + 2], 'EX', ttl)
end
if token ~= '' and redis.call('GET', KEYS[n + 1]) == token then
  redis.call('DEL', KEYS[n + 1])
end
return 0
`;

/**
 * Takes a conversation's lock and, when taken, reads its item in the same step (nothing can write it between).
 * KEYS[1]: lock key, KEYS[2]: data key. ARGV[1]: token, ARGV[2]: lock TTL in ms.
 * Returns {1, value or false} when the lock was taken, {0} when another holder has it.
 */
const LOCK_AND_READ_LUA = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('GET', KEYS[2])}
end
return {0}
`;

/** Deletes the lock only if it still holds our token (it may have expired and been taken by another instance). */
const RELEASE_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

interface ScriptedRedis extends Redis {
  safeToAskCasWrite(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
  safeToAskLockAndRead(lockKey: string, dataKey: string, token: string, ttlMs: number): Promise<[1, string | null] | [0]>;
  safeToAskReleaseLock(lockKey: string, token: string): Promise<number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RedisStorage implements Storage, ConversationStore {
  readonly kind = 'redis' as const;
  readonly keyPrefix: string;
  private readonly idleSeconds: number;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly client: ScriptedRedis;
  private readonly localLocks = new KeyedLock();
  /** Locks this instance holds, by conversation key, while their turns run (see withLock). */
  private readonly held = new Map<string, HeldLock>();
  private closed = false;

  constructor(options: RedisStorageOptions) {
    const { idleSeconds } = options;
    if (!(Number.isInteger(idleSeconds) && idleSeconds > 0)) {
      throw new RangeError('RedisStorage: idleSeconds must be a positive integer');
    }
    this.idleSeconds = idleSeconds;
    this.keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.lockTtlMs = options.lockTtlMs ?? 5000;
    this.lockWaitMs = options.lockWaitMs ?? 3000;
    const commandTimeout = options.commandTimeoutMs ?? 1000;

    const client = new Redis(options.redisUrl, {
      // Connect explicitly below, so the constructor never throws and the first failure is caught here.
      lazyConnect: true,
      // Fail fast: with Redis down, a command rejects at once instead of waiting in a queue...
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      // ...and a hung Redis (connected but not answering) fails the command after `commandTimeout`.
      commandTimeout,
      // Keep reconnecting every 500 ms forever, so the store recovers by itself when Redis comes back.
      retryStrategy: () => 500,
      // Wait for Redis to finish loading its data (e.g. the AOF after a restart) before sending commands.
      enableReadyCheck: true,
      // Commands issued in the same tick (turns of different conversations) go out in one write: fewer
      // system calls under load (about 7% more turns a second in the bench); each keeps its own reply.
      enableAutoPipelining: true,
      ...options.redisOptions,
    }) as ScriptedRedis;
    // Without an 'error' listener ioredis prints "[ioredis] Unhandled error event" to the console. Connection
    // errors surface to callers as rejected commands and as `isReady() === false`, so there is nothing to do here.
    client.on('error', () => {});
    client.defineCommand('safeToAskCasWrite', { lua: CAS_WRITE_LUA });
    client.defineCommand('safeToAskReleaseLock', { lua: RELEASE_LOCK_LUA, numberOfKeys: 1 });
    client.defineCommand('safeToAskLockAndRead', { lua: LOCK_AND_READ_LUA, numberOfKeys: 2 });
    // A failed first connect is retried by `retryStrategy`; the rejection itself carries nothing we need.
    client.connect().catch(() => {});
    this.client = client;
  }

  get storage(): Storage {
    return this;
  }

  /** The Redis key of a storage key (exposed for tests and operations). */
  dataKey(key: string): string {
    return `${this.keyPrefix}item:${key}`;
  }

  lockKey(conversationKey: string): string {
    return `${this.keyPrefix}lock:${conversationKey}`;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    const fetched = keys.length === 1 ? this.takePrefetched(keys[0]!) : undefined;
    let values: (string | null)[];
    try {
      values = fetched !== undefined ? [fetched] : await this.client.mget(keys.map((k) => this.dataKey(k)));
    } catch (err) {
      throw sanitize('read', err);
    }
    const result: StoreItems = {};
    keys.forEach((key, i) => {
      const raw = values[i];
      if (raw != null) result[key] = parseStored(key, raw);
    });
    return result;
  }

  /** The item fetched with the lock of this conversation, once: later reads go to Redis. */
  private takePrefetched(key: string): string | null | undefined {
    const lock = this.held.get(key);
    const value = lock?.prefetched;
    if (lock) lock.prefetched = undefined;
    return value;
  }

  /**
   * Writes all changes or none, atomically (one Lua script); each written key gets a new eTag and a fresh TTL.
   * A turn's write of its own conversation also releases the turn's lock, in the same script.
   */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const keys = Object.keys(changes);
    if (keys.length === 0) return;
    for (const key of keys) this.takePrefetched(key);
    const lock = keys.length === 1 ? this.held.get(keys[0]!) : undefined;
    const release = lock && !lock.released ? lock : undefined;
    const args: string[] = [String(this.idleSeconds), release?.token ?? ''];
    for (const key of keys) {
      const item = changes[key] as StoreItem | undefined;
      const expected = item?.eTag && item.eTag !== '*' ? String(item.eTag) : '';
      args.push(expected, `${newETag()}\n${serializeItem(item)}`);
    }
    const redisKeys = [...keys.map((k) => this.dataKey(k)), ...(release ? [release.lockKey] : [])];
    let conflict: number;
    try {
      conflict = await this.client.safeToAskCasWrite(redisKeys.length, ...redisKeys, ...args);
    } catch (err) {
      throw sanitize('write', err);
    }
    if (conflict !== 0) {
      throw new Error(`Storage: error writing "${keys[conflict - 1]}" due to eTag conflict.`);
    }
    if (release) release.released = true;
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    for (const key of keys) this.takePrefetched(key);
    try {
      await this.client.del(...keys.map((k) => this.dataKey(k)));
    } catch (err) {
      throw sanitize('delete', err);
    }
  }

  /**
   * Runs `fn` while holding the conversation's lock: first an in-process queue (so turns on this instance wait
   * their turn without polling Redis), then `SET lockKey token NX PX lockTtlMs` against other instances.
   *
   * The conversation key is also the storage key of the conversation's item, so taking the lock fetches that
   * item in the same round trip, and the first `read` of it inside `fn` needs none; `fn`'s write of it releases
   * the lock in the same script (the rest of `fn`, e.g. rendering, needs no lock).
   *
   * If the Redis lock cannot be had (held for longer than `lockWaitMs`, or Redis is down), `fn` runs anyway.
   * The lock only guards against two quick messages of one conversation interleaving; failing the turn would show
   * the person an error at a moment when they may be distressed, which is worse than the rare last-writer-wins
   * overwrite the lock prevents. If Redis is down, `fn`'s own storage calls fail fast and report it.
   * A turn longer than `lockTtlMs` loses the lock (it expires); turns are expected to take well under a second.
   */
  withLock<T>(conversationKey: string, fn: () => Promise<T>): Promise<T> {
    return this.localLocks.run(conversationKey, async () => {
      const lockKey = this.lockKey(conversationKey);
      await this.releaseUnsettled(lockKey);
      const lock: HeldLock = { lockKey, token: randomUUID(), released: false };
      const fetched = await this.acquireLock(conversationKey, lock);
      if (fetched !== false) this.held.set(conversationKey, { ...lock, prefetched: fetched });
      try {
        return await fn();
      } finally {
        const state = this.held.get(conversationKey) ?? lock;
        this.held.delete(conversationKey);
        // Released even when acquiring seemed to fail: a hung Redis may still run our SET when it
        // wakes. If the release cannot run now, it is retried before the next turn of this key.
        if (!state.released) {
          await this.client.safeToAskReleaseLock(lockKey, lock.token).catch(() => this.unsettledLocks.set(lockKey, lock.token));
        }
      }
    });
  }

  /** Lock tokens whose release failed (Redis was down or hung), by lock key. */
  private readonly unsettledLocks = new Map<string, string>();

  private async releaseUnsettled(lockKey: string): Promise<void> {
    const token = this.unsettledLocks.get(lockKey);
    if (token === undefined) return;
    await this.client
      .safeToAskReleaseLock(lockKey, token)
      .then(() => this.unsettledLocks.delete(lockKey))
      .catch(() => undefined);
  }

  /** Takes the lock; returns the conversation's stored item (null when none) read with it, or false without the lock. */
  private async acquireLock(conversationKey: string, lock: HeldLock): Promise<string | null | false> {
    const deadline = Date.now() + this.lockWaitMs;
    let delay = 20;
    for (;;) {
      try {
        const [taken, value] = await this.client.safeToAskLockAndRead(lock.lockKey, this.dataKey(conversationKey), lock.token, this.lockTtlMs);
        if (taken === 1) return value ?? null;
      } catch {
        return false; // Redis unavailable: do not wait, see withLock
      }
      const now = Date.now();
      if (now >= deadline || this.closed) return false;
      await sleep(Math.min(delay + Math.random() * delay, deadline - now));
      delay = Math.min(delay * 2, 200);
    }
  }

  /** true when Redis answers PING within 500 ms. */
  async isReady(): Promise<boolean> {
    if (this.closed || this.client.status !== 'ready') return false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), 500);
      });
      return (await Promise.race([this.client.ping(), timeout])) === 'PONG';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection and stops reconnecting. Data stays in Redis until its TTL. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
        return;
      } catch {
        // fall through to a hard disconnect
      }
    }
    this.client.disconnect();
  }
}

interface HeldLock {
  lockKey: string;
  token: string;
  /** The item read with the lock, until the turn reads it (undefined once read, written or deleted). */
  prefetched?: string | null;
  /** The turn's write released the lock already. */
  released: boolean;
}

/** A stored value (`<eTag>\n<JSON>`) as a botbuilder item. */
function parseStored(key: string, raw: string): StoreItem {
  const nl = raw.indexOf('\n');
  let item: StoreItem;
  try {
    if (nl < 0) throw new Error('no eTag');
    item = JSON.parse(raw.slice(nl + 1)) as StoreItem;
  } catch {
    // Never include the value: it could hold conversation data.
    throw new Error(`RedisStorage: stored value of "${key}" is malformed`);
  }
  item.eTag = raw.slice(0, nl);
  return item;
}

/** Unique, not secret: randomUUID draws from a cached pool, several times cheaper per call than randomBytes. */
function newETag(): string {
  return randomUUID();
}

/** A fresh Error with only a message: ioredis errors carry the command arguments (the values) in `err.command`. */
function sanitize(operation: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : 'unknown error';
  return new Error(`RedisStorage: ${operation} failed: ${message}`);
}
