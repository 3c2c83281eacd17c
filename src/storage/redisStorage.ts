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
 *  - serializes turns of one conversation across instances with a short-lived Redis lock (`withLock`).
 *
 * Privacy: values can hold conversation data. This module writes nothing to the console, and every error it
 * throws is a fresh Error carrying only a message (ioredis attaches the command arguments, i.e. the values,
 * to its errors as `err.command.args`; those errors never leave this module).
 *
 * Stored format of a data key: `<eTag>\n<item JSON without eTag>`, so the Lua script can compare eTags without
 * decoding JSON. Keys: data `${keyPrefix}item:${key}`, locks `${keyPrefix}lock:${key}`.
 * The multi-key script assumes a single Redis (not Redis Cluster: the keys of one batch could live in different slots).
 */
import { randomBytes } from 'node:crypto';
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
 * Compare-and-set of a batch, all or nothing.
 * KEYS: data keys. ARGV[1]: TTL seconds; for key i: ARGV[2i] = expected eTag ('' = overwrite), ARGV[2i+1] = new value.
 * Returns 0 when written, or the 1-based index of the first key whose eTag did not match (nothing written then).
 */
const CAS_WRITE_LUA = `
local ttl = ARGV[1]
for i = 1, #KEYS do
  local expected = ARGV[i * 2]
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
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[i * 2 + 1], 'EX', ttl)
end
return 0
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
      ...options.redisOptions,
    }) as ScriptedRedis;
    // Without an 'error' listener ioredis prints "[ioredis] Unhandled error event" to the console. Connection
    // errors surface to callers as rejected commands and as `isReady() === false`, so there is nothing to do here.
    client.on('error', () => {});
    client.defineCommand('safeToAskCasWrite', { lua: CAS_WRITE_LUA });
    client.defineCommand('safeToAskReleaseLock', { lua: RELEASE_LOCK_LUA, numberOfKeys: 1 });
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
    let values: (string | null)[];
    try {
      values = await this.client.mget(keys.map((k) => this.dataKey(k)));
    } catch (err) {
      throw sanitize('read', err);
    }
    const result: StoreItems = {};
    keys.forEach((key, i) => {
      const raw = values[i];
      if (raw == null) return;
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
      result[key] = item;
    });
    return result;
  }

  /** Writes all changes or none, atomically (one Lua script); each written key gets a new eTag and a fresh TTL. */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const keys = Object.keys(changes);
    if (keys.length === 0) return;
    const args: string[] = [String(this.idleSeconds)];
    for (const key of keys) {
      const item = changes[key] as StoreItem | undefined;
      const expected = item?.eTag && item.eTag !== '*' ? String(item.eTag) : '';
      args.push(expected, `${newETag()}\n${serializeItem(item)}`);
    }
    let conflict: number;
    try {
      conflict = await this.client.safeToAskCasWrite(keys.length, ...keys.map((k) => this.dataKey(k)), ...args);
    } catch (err) {
      throw sanitize('write', err);
    }
    if (conflict !== 0) {
      throw new Error(`Storage: error writing "${keys[conflict - 1]}" due to eTag conflict.`);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
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
      const token = randomBytes(12).toString('base64url');
      await this.acquireLock(lockKey, token);
      try {
        return await fn();
      } finally {
        // Released even when acquiring seemed to fail: a hung Redis may still run our SET when it
        // wakes. If the release cannot run now, it is retried before the next turn of this key.
        await this.client.safeToAskReleaseLock(lockKey, token).catch(() => this.unsettledLocks.set(lockKey, token));
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

  private async acquireLock(lockKey: string, token: string): Promise<boolean> {
    const deadline = Date.now() + this.lockWaitMs;
    let delay = 20;
    for (;;) {
      try {
        if ((await this.client.set(lockKey, token, 'PX', this.lockTtlMs, 'NX')) === 'OK') return true;
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

function newETag(): string {
  return randomBytes(9).toString('base64url');
}

/** A fresh Error with only a message: ioredis errors carry the command arguments (the values) in `err.command`. */
function sanitize(operation: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : 'unknown error';
  return new Error(`RedisStorage: ${operation} failed: ${message}`);
}
