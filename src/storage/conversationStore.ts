/**
 * The conversation store the bot codes against: one small item per conversation (an XState snapshot) plus, for the
 * website's Direct Line endpoint, the conversation's short activity history.
 *
 * It exists so the bot does not care where state lives: embedded memory by default (one instance, no extra service),
 * Redis when `redisUrl` is set (several instances, survives a bot restart). Both keep botbuilder's `Storage` eTag
 * semantics and the privacy rule: nothing is kept after a conversation has been idle for `idleSeconds` (every write
 * refreshes the expiry; reads do not), and `storage.delete([...])` forgets at once ("forget me").
 *
 * Note for callers: botbuilder's `BotState.saveChanges` only writes when the state changed, so a turn that leaves
 * the state unchanged does not refresh the idle expiry. Use `saveChanges(context, true)` (force) if every turn
 * should count as activity.
 */
import { ExpiringMemoryStorage } from './expiringMemoryStorage.js';
import { RedisStorage } from './redisStorage.js';
import type { ConversationStore } from './types.js';

export type { ConversationStore };

export interface ConversationStoreOptions {
  /** When set (e.g. `redis://127.0.0.1:6379`), conversations are kept in Redis; otherwise in process memory. */
  redisUrl?: string;
  /** Idle time after the last write before a conversation is forgotten. Positive integer of seconds (e.g. 1800). */
  idleSeconds: number;
  /** Redis key prefix, default `safe-to-ask:`. Ignored by the memory store. */
  keyPrefix?: string;
  /** Most bytes the memory store holds before it forgets the idlest conversations. Ignored by Redis (set its maxmemory). */
  memoryMaxBytes?: number;
}

export function createConversationStore(opts: ConversationStoreOptions): ConversationStore {
  if (!(Number.isInteger(opts.idleSeconds) && opts.idleSeconds > 0)) {
    throw new RangeError('createConversationStore: idleSeconds must be a positive integer');
  }
  const redisUrl = opts.redisUrl?.trim();
  if (redisUrl) {
    return new RedisStorage({
      redisUrl,
      idleSeconds: opts.idleSeconds,
      ...(opts.keyPrefix !== undefined ? { keyPrefix: opts.keyPrefix } : {}),
    });
  }
  return new ExpiringMemoryStorage({
    idleSeconds: opts.idleSeconds,
    ...(opts.memoryMaxBytes !== undefined ? { maxBytes: opts.memoryMaxBytes } : {}),
  });
}

/**
 * Waits (at most `timeoutMs`) until the store answers: a Redis store connects in the background, and an
 * instance that takes traffic before then answers its first turns without memory. Never waits long, and
 * never fails: an instance without storage still gives urgent help. True when the store is ready.
 */
export async function untilStoreReady(store: ConversationStore, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await store.isReady().catch(() => false)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export { ExpiringMemoryStorage, RedisStorage };
