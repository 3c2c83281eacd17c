/**
 * The embedded default conversation store: botbuilder `Storage` in process memory, with an idle expiry.
 *
 * Why not botbuilder's own `MemoryStorage`: it keeps every item until the process exits, so it grows without bound
 * and breaks the privacy rule "nothing is kept after a conversation goes idle". This class keeps MemoryStorage's
 * eTag semantics (so the bot behaves the same on memory and on Redis) and adds:
 *  - an idle expiry per key, refreshed by every write; expired keys read as absent and are swept;
 *  - compact storage (one JSON string per key), so 100,000 idle conversations fit in well under 300 MB;
 *  - a bound on the whole store (`maxBytes`): beyond it the idlest conversations are forgotten first, so a flood of
 *    new conversations can never exhaust the process's memory;
 *  - an in-process per-key lock (`withLock`) so two quick messages of one conversation never interleave.
 * It is per process: with more than one bot instance, use the Redis store instead.
 */
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { KeyedLock } from './keyedLock.js';
import type { ConversationStore } from './types.js';

export interface ExpiringMemoryStorageOptions {
  /** Idle time after the last write before a key is forgotten. Positive number of seconds. */
  idleSeconds: number;
  /** Clock in milliseconds, injectable for tests. Default `Date.now`. */
  now?: () => number;
  /**
   * Interval of the background sweep in ms (the timer is unref'd, so it never keeps the process alive).
   * Default: min(idle time, 60 s). 0 disables the timer; lazy sweeping on every write still runs.
   */
  sweepIntervalMs?: number;
  /**
   * Most bytes the store holds (keys and values, counted as UTF-16 code units, which is what a JSON string of
   * ASCII costs). Beyond it the least recently written keys (the idlest conversations) are forgotten first.
   * Default: no bound.
   */
  maxBytes?: number;
}

interface Entry {
  /** The item without its eTag, as compact JSON. */
  json: string;
  eTag: string;
  expiresAt: number;
}

/** Upper bound of expired entries removed by one write, so a write never stalls on a large backlog. */
const LAZY_SWEEP_BATCH = 64;

export class ExpiringMemoryStorage implements Storage, ConversationStore {
  readonly kind = 'memory' as const;
  private readonly idleMs: number;
  private readonly now: () => number;
  /**
   * Insertion order = order of last write. Every write deletes and re-inserts its key, and the idle time is the same
   * for all keys, so the Map is ordered by expiry (oldest first) and a sweep can stop at the first live entry.
   */
  private readonly entries = new Map<string, Entry>();
  private readonly locks = new KeyedLock();
  private readonly maxBytes: number;
  private bytes = 0;
  private nextETag = 1;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ExpiringMemoryStorageOptions) {
    const { idleSeconds } = options;
    if (!(typeof idleSeconds === 'number' && Number.isFinite(idleSeconds) && idleSeconds > 0)) {
      throw new RangeError('ExpiringMemoryStorage: idleSeconds must be a positive number');
    }
    this.idleMs = idleSeconds * 1000;
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    if (!(this.maxBytes > 0)) throw new RangeError('ExpiringMemoryStorage: maxBytes must be positive');
    const interval = options.sweepIntervalMs ?? Math.min(this.idleMs, 60_000);
    if (interval > 0) {
      this.timer = setInterval(() => this.sweep(), interval);
      this.timer.unref();
    }
  }

  get storage(): Storage {
    return this;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const now = this.now();
    const result: StoreItems = {};
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      if (entry.expiresAt <= now) {
        this.remove(key);
        continue;
      }
      const item = JSON.parse(entry.json) as StoreItem;
      item.eTag = entry.eTag;
      result[key] = item;
    }
    return result;
  }

  /**
   * Writes all changes or none: every eTag is checked before anything is written (MemoryStorage writes the
   * non-conflicting keys of a batch; all-or-nothing is stricter and matches the Redis store).
   */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const now = this.now();
    const keys = Object.keys(changes);
    for (const key of keys) {
      const expected = (changes[key] as StoreItem | undefined)?.eTag;
      if (!expected || expected === '*') continue;
      const old = this.entries.get(key);
      if (old && old.expiresAt > now && old.eTag !== expected) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
    }
    // Serialize everything first, so a value that cannot be serialized leaves the store unchanged.
    const serialized = keys.map((key) => [key, serializeItem(changes[key])] as const);
    const expiresAt = now + this.idleMs;
    for (const [key, json] of serialized) {
      this.remove(key); // re-insert at the end: keeps the Map ordered by expiry
      this.entries.set(key, { json, eTag: String(this.nextETag++), expiresAt });
      this.bytes += key.length + json.length;
    }
    this.sweep(LAZY_SWEEP_BATCH);
    this.evictIdlest();
  }

  /** Over `maxBytes`: forgets the least recently written keys (the front of the Map) until the store fits. */
  private evictIdlest(): void {
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) return;
      this.remove(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= key.length + entry.json.length;
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    for (const key of keys) this.remove(key);
  }

  withLock<T>(conversationKey: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(conversationKey, fn);
  }

  async isReady(): Promise<boolean> {
    return true;
  }

  /** Stops the sweep timer and forgets everything. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.entries.clear();
    this.bytes = 0;
  }

  /**
   * Removes expired entries from the oldest end, at most `limit` of them. Returns how many were removed.
   * Runs on a timer and after every write.
   */
  sweep(limit = Number.POSITIVE_INFINITY): number {
    const now = this.now();
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (removed >= limit || entry.expiresAt > now) break;
      this.remove(key);
      removed++;
    }
    return removed;
  }

  /** Number of stored keys, including expired ones not yet swept (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** What the stored keys and values cost, as counted against `maxBytes`. */
  get storedBytes(): number {
    return this.bytes;
  }
}

/** The item without its eTag as compact JSON (the eTag is kept beside it). */
export function serializeItem(item: StoreItem | undefined): string {
  const { eTag: _eTag, ...rest } = (item ?? {}) as StoreItem;
  return JSON.stringify(rest);
}
