// Where the local Direct Line keeps a conversation's new activities while storage fails (Redis down
// or hung), so the website keeps answering, urgent help first, and a new chat still starts. In this
// process's memory only: with several instances, a poll that reaches another instance finds nothing
// new until it reaches this one, or until storage answers again and this process's next write for
// the conversation hands them over (DirectLineHistory.append).
//
// It holds what the stored history holds (the bot's replies, and the person's messages without
// their text), under the same rules: dropped once the browser has it, bounded per conversation, and
// deleted at once by "forget" and "delete this chat". Conversations it has not touched for
// HOLD_MS are dropped (checked every minute while it holds any), and it never holds more than
// MAX_CONVERSATIONS (the oldest go first).
import { withinLimits, type Entry, type HistoryLimits } from './historyEntries.js';

const HOLD_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60_000;
const MAX_CONVERSATIONS = 10_000;

interface Held {
  entries: Entry[];
  /** The newest sequence number handed out here, kept after its entry is fetched. */
  last: number;
  touchedAt: number;
}

export class FallbackHistory {
  /** In order of last append, oldest first. */
  private readonly held = new Map<string, Held>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly limits: HistoryLimits,
    private readonly now: () => number
  ) {}

  entries(conversationId: string): Entry[] {
    return this.held.get(conversationId)?.entries ?? [];
  }

  last(conversationId: string): number {
    return this.held.get(conversationId)?.last ?? 0;
  }

  append(conversationId: string, added: Entry[]): void {
    const held = this.held.get(conversationId) ?? { entries: [], last: 0, touchedAt: 0 };
    this.held.delete(conversationId);
    const entries = withinLimits([...held.entries, ...added], this.limits);
    const last = Math.max(held.last, added.at(-1)?.seq ?? 0);
    this.held.set(conversationId, { entries, last, touchedAt: this.now() });
    this.prune();
    if (!this.timer) {
      this.timer = setInterval(() => this.prune(), PRUNE_EVERY_MS);
      this.timer.unref();
    }
  }

  /** The browser has everything up to `watermark`. */
  acknowledge(conversationId: string, watermark: number): void {
    const held = this.held.get(conversationId);
    if (held) held.entries = held.entries.filter((e) => e.seq > watermark);
  }

  /** "Delete this chat": the activities go; the watermark stays, so the goodbye still reaches the browser. */
  clear(conversationId: string): void {
    const held = this.held.get(conversationId);
    if (held) held.entries = [];
  }

  delete(conversationId: string): void {
    this.held.delete(conversationId);
    this.stopWhenEmpty();
  }

  private prune(): void {
    const stale = this.now() - HOLD_MS;
    for (const [id, held] of this.held) {
      if (this.held.size <= MAX_CONVERSATIONS && held.touchedAt > stale) break;
      this.held.delete(id);
    }
    this.stopWhenEmpty();
  }

  private stopWhenEmpty(): void {
    if (this.held.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
