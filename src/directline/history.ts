// The local Direct Line's per-conversation history: the activities Web Chat has not fetched yet.
//
// Kept in the conversation store (memory, or Redis when configured) under `directline/<id>`,
// so it has the same idle expiry as the dialog and several instances share it. Privacy rules:
//  - Nothing the person typed is ever here: their own message comes back to the page without its
//    text (src/directline/activities.ts userEcho), so only the bot's replies hold words.
//  - An activity is kept only until the browser has it. Web Chat polls with the watermark of
//    what it already holds, so everything at or below that watermark is dropped.
//  - At most `limits.count` activities and `limits.bytes` of them are kept (the oldest go first),
//    whatever the client does.
//  - "Delete this chat" (the bot ends the conversation) deletes every activity at once; the
//    goodbye the bot says is then the only thing kept, until the browser has it.
//  - "Forget" (quick exit, the page closing) replaces the record with an empty tombstone,
//    so the conversation's token can no longer read, post or restart it. The tombstone holds
//    no content and expires with the store's idle time.
//
// When storage fails (Redis down or hung), the website keeps working: the replies of a turn are
// kept in this process's memory (FallbackHistory) until the browser has them, and merged into what
// storage holds once it answers again. A record storage has lost (Redis restarted empty, or the
// memory store's bound reached) reads as 'missing', and the conversation carries on.
//
// Sequence numbers (watermarks) come from the clock (historyEntries.ts nextSeq), so they keep
// growing whichever store (Redis, or this process's fallback) holds the record, even one that was lost.
// Writes are compare-and-set on the record's eTag, retried a few times on conflict.
import type { StoreItem } from 'botbuilder';
import type { ConversationStore } from '../storage/conversationStore.js';
import { FallbackHistory } from './fallbackHistory.js';
import { DEFAULT_HISTORY_LIMITS, nextSeq, withinLimits, type DirectLineActivity, type Entry, type HistoryLimits } from './historyEntries.js';

export type { DirectLineActivity, HistoryLimits };

interface HistoryItem extends StoreItem {
  v: 1;
  state: 'open' | 'forgotten';
  /** The sequence number of the last activity ever appended (the newest watermark). */
  last: number;
  entries: Entry[];
}

export const historyKey = (conversationId: string) => `directline/${conversationId}`;

/** 'unknown': storage did not answer. */
export type ConversationState = 'open' | 'forgotten' | 'missing' | 'unknown';

export interface ReadResult {
  state: ConversationState;
  activities: DirectLineActivity[];
  watermark: string;
}

const WRITE_ATTEMPTS = 4;

export class DirectLineHistory {
  private readonly fallback: FallbackHistory;

  constructor(
    private readonly store: ConversationStore,
    private readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
    private readonly now: () => number = Date.now
  ) {
    this.fallback = new FallbackHistory(limits, now);
  }

  async state(conversationId: string): Promise<ConversationState> {
    try {
      return (await this.readItem(conversationId))?.state ?? 'missing';
    } catch {
      return 'unknown';
    }
  }

  /** Opens a conversation: 'created', what it already was, or 'unknown' when storage did not answer. */
  async open(conversationId: string): Promise<'created' | 'open' | 'forgotten' | 'unknown'> {
    try {
      return await this.update(conversationId, (item) => {
        if (item) return { result: item.state };
        return { result: 'created' as const, next: { v: 1, state: 'open', last: 0, entries: [] } };
      });
    } catch {
      return 'unknown';
    }
  }

  /**
   * Appends `count` activities built from their sequence numbers (ids are made from them). Returns
   * those numbers, or undefined when the conversation was forgotten: nothing is written then. When
   * storage fails, they are kept in this process until the browser has them.
   */
  async append(conversationId: string, count: number, build: (seqs: number[]) => DirectLineActivity[]): Promise<number[] | undefined> {
    const entriesAfter = (last: number): Entry[] => {
      const seqs: number[] = [];
      for (let i = 0, seq = last; i < count; i++) seqs.push((seq = nextSeq(seq, this.now())));
      return build(seqs).map((activity, i) => ({ seq: seqs[i]!, activity }));
    };
    let added: Entry[] = [];
    try {
      const forgotten = await this.update(conversationId, (item) => {
        if (item?.state === 'forgotten') return { result: true };
        // What this process held while storage failed goes to storage with it, for every instance to serve.
        const held = this.fallback.entries(conversationId);
        added = entriesAfter(Math.max(item?.last ?? 0, held.at(-1)?.seq ?? 0));
        const entries = withinLimits([...(item?.entries ?? []), ...held, ...added], this.limits);
        return { result: false, next: { v: 1, state: 'open', last: added.at(-1)?.seq ?? item?.last ?? 0, entries } };
      });
      if (forgotten) return undefined;
      this.fallback.delete(conversationId);
    } catch {
      added = entriesAfter(this.fallback.last(conversationId));
      this.fallback.append(conversationId, added);
    }
    return added.map((e) => e.seq);
  }

  /**
   * The activities after `watermark`, and the new watermark. Everything at or below `watermark`
   * has reached the browser, so it is dropped from storage (one small write, only when there
   * is something to drop).
   */
  async read(conversationId: string, watermark: number): Promise<ReadResult> {
    let item: HistoryItem | undefined;
    let state: ConversationState;
    try {
      item = await this.readItem(conversationId);
      state = item?.state ?? 'missing';
    } catch {
      state = 'unknown';
    }
    if (state === 'forgotten') return { state, activities: [], watermark: String(watermark) };
    this.fallback.acknowledge(conversationId, watermark);
    const byId = new Map<string, Entry>();
    for (const entry of [...(item?.entries ?? []), ...this.fallback.entries(conversationId)]) {
      if (entry.seq > watermark) byId.set(entry.activity.id, entry);
    }
    const activities = [...byId.values()].sort((a, b) => a.seq - b.seq).map((e) => e.activity);
    if (item?.entries.some((e) => e.seq <= watermark)) await this.acknowledge(conversationId, watermark).catch(() => undefined);
    const newest = Math.max(watermark, item?.last ?? 0, this.fallback.last(conversationId));
    return { state, activities, watermark: String(newest) };
  }

  /** Drops what the browser has already received. */
  async acknowledge(conversationId: string, watermark: number): Promise<void> {
    this.fallback.acknowledge(conversationId, watermark);
    await this.update(conversationId, (item) => {
      if (!item || item.state !== 'open' || !item.entries.some((e) => e.seq <= watermark)) return { result: undefined };
      return { result: undefined, next: { ...item, entries: item.entries.filter((e) => e.seq > watermark) } };
    });
  }

  /** Quick exit or the page closing: nothing is kept, and the conversation cannot be used again. */
  async forget(conversationId: string): Promise<void> {
    const last = this.fallback.last(conversationId);
    this.fallback.delete(conversationId);
    await this.update(conversationId, (item) => ({
      result: undefined,
      next: { v: 1, state: 'forgotten', last: Math.max(item?.last ?? 0, last), entries: [] }
    }));
  }

  /**
   * The bot ended the conversation ("delete this chat"): every activity is deleted now. The
   * empty record keeps only its watermark, so the bot's goodbye, appended next, still reaches
   * the browser; it goes once the browser has it, like everything else.
   */
  async clear(conversationId: string): Promise<void> {
    this.fallback.clear(conversationId);
    await this.update(conversationId, (item) => {
      if (!item || item.state !== 'open') return { result: undefined };
      return { result: undefined, next: { v: 1, state: 'open', last: item.last, entries: [] } };
    });
  }

  private async readItem(conversationId: string): Promise<HistoryItem | undefined> {
    const key = historyKey(conversationId);
    const items = await this.store.storage.read([key]);
    return items[key] as HistoryItem | undefined;
  }

  /**
   * Read-modify-write with the read's eTag, so a concurrent write (a poll's acknowledgement, or
   * another instance) is never overwritten: on a conflict, read again and retry. `fn` returns the
   * result and, when something changes, the next item. Throws when storage fails.
   */
  private async update<T>(
    conversationId: string,
    fn: (item: HistoryItem | undefined) => { result: T; next?: Omit<HistoryItem, 'eTag'> }
  ): Promise<T> {
    const key = historyKey(conversationId);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const items = await this.store.storage.read([key]);
      const item = items[key] as HistoryItem | undefined;
      const { result, next } = fn(item);
      if (!next) return result;
      try {
        await this.store.storage.write({ [key]: { ...next, eTag: item?.eTag ?? '*' } });
        return result;
      } catch {
        // An eTag conflict: read again. (Storage failing makes the next read throw. The error is
        // never passed on: a storage error may quote the value, i.e. the activities.)
      }
    }
    throw new Error('Direct Line history: write failed');
  }
}
