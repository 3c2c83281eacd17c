// Counts the turns being processed, so that SIGTERM can let them finish before exit.
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();
  private drainingSince: number | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  get count(): number {
    return this.pending.size;
  }

  async track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    try {
      return await work;
    } finally {
      this.pending.delete(work);
    }
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  /** Resolves when every turn in flight has finished (successfully or not). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
