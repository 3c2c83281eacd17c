/**
 * A per-key mutex in process memory, built from promise chains: calls for one key run one after another (in call
 * order), calls for different keys run in parallel. Entries are removed when their chain drains, so memory stays
 * bounded. Both conversation stores use it: the memory store as its lock, the Redis store as the queue in front of
 * the Redis lock (so turns on one instance wait their turn without polling Redis).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    // `previous` never rejects: it is always a chain of `mine` promises, which only resolve.
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Number of keys with a held or queued lock (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
