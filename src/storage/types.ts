// The conversation store the bot codes against, apart from its two implementations (memory and Redis), so that
// neither implementation imports the factory that chooses between them.
import type { Storage } from 'botbuilder';

export interface ConversationStore {
  /** botbuilder Storage: read/write/delete with eTag semantics. */
  readonly storage: Storage;
  /** Runs fn while holding this conversation's lock, so two quick messages of one conversation never interleave, across instances too. */
  withLock<T>(conversationKey: string, fn: () => Promise<T>): Promise<T>;
  /** true when the backing store answers (for GET /readyz). */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
  readonly kind: 'memory' | 'redis';
}
