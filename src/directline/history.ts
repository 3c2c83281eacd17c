// The local Direct Line's per-conversation history: the activities Web Chat has not fetched yet.
//
// Kept in the conversation store (memory, or Redis when configured) under `directline/<id>`,
// so it has the same idle expiry as the dialog and several instances share it. Privacy rules:
//  - An activity is kept only until the browser has it. Web Chat polls with the watermark of
//    what it already holds, so everything at or below that watermark is dropped. The user's
//    words therefore stay here for about a second (one poll), not for the conversation.
//  - At most `limit` activities are kept (the oldest go first), whatever the client does.
//  - "Delete this chat" (the bot ends the conversation) deletes every activity at once; the
//    goodbye the bot says is then the only thing kept, until the browser has it.
//  - "Forget" (quick exit, the page closing) replaces the record with an empty tombstone,
//    so the conversation's token can no longer read, post or restart it. The tombstone holds
//    no content and expires with the store's idle time.
// Writes run under the store's per-conversation lock and with eTags (a lock in Redis can
// time out), retried a few times on conflict.
import type { Activity, StoreItem } from 'botbuilder';
import type { ConversationStore } from '../storage/conversationStore.js';

export type DirectLineActivity = Partial<Activity> & { id: string; timestamp: string; type: string };

interface Entry {
  seq: number;
  activity: DirectLineActivity;
}

interface HistoryItem extends StoreItem {
  v: 1;
  state: 'open' | 'forgotten';
  /** The sequence number of the last activity ever appended (the newest watermark). */
  last: number;
  entries: Entry[];
}

export const historyKey = (conversationId: string) => `directline/${conversationId}`;

export type ConversationState = 'open' | 'forgotten' | 'missing';

export interface ReadResult {
  state: ConversationState;
  activities: DirectLineActivity[];
  watermark: string;
}

const WRITE_ATTEMPTS = 4;

export class DirectLineHistory {
  constructor(
    private readonly store: ConversationStore,
    private readonly limit = 100
  ) {}

  async state(conversationId: string): Promise<ConversationState> {
    const item = await this.readItem(conversationId);
    return item?.state ?? 'missing';
  }

  /** Opens a conversation: 'created', or what it already was. */
  async open(conversationId: string): Promise<'created' | 'open' | 'forgotten'> {
    return this.update(conversationId, (item) => {
      if (item) return { result: item.state };
      return { result: 'created' as const, next: { v: 1, state: 'open', last: 0, entries: [] } };
    });
  }

  /**
   * Appends activities built from their sequence numbers (ids are made from them). Returns the
   * appended activities, or undefined when the conversation is gone (forgotten or expired):
   * nothing is written then.
   */
  async append(
    conversationId: string,
    build: (firstSeq: number) => DirectLineActivity[]
  ): Promise<{ activities: DirectLineActivity[]; firstSeq: number } | undefined> {
    return this.update(conversationId, (item) => {
      if (!item || item.state !== 'open') return { result: undefined };
      const firstSeq = item.last + 1;
      const activities = build(firstSeq);
      const added = activities.map((activity, i) => ({ seq: firstSeq + i, activity }));
      const entries = [...item.entries, ...added].slice(-this.limit);
      return {
        result: { activities, firstSeq },
        next: { v: 1, state: 'open', last: item.last + activities.length, entries }
      };
    });
  }

  /**
   * The activities after `watermark`, and the new watermark. Everything at or below `watermark`
   * has reached the browser, so it is dropped from storage (one small write, only when there
   * is something to drop).
   */
  async read(conversationId: string, watermark: number): Promise<ReadResult> {
    const item = await this.readItem(conversationId);
    if (!item || item.state !== 'open') return { state: item?.state ?? 'missing', activities: [], watermark: String(watermark) };
    const activities = item.entries.filter((e) => e.seq > watermark).map((e) => e.activity);
    if (item.entries.some((e) => e.seq <= watermark)) await this.acknowledge(conversationId, watermark).catch(() => undefined);
    return { state: 'open', activities, watermark: String(Math.max(item.last, 0)) };
  }

  /** Drops what the browser has already received. */
  async acknowledge(conversationId: string, watermark: number): Promise<void> {
    await this.update(conversationId, (item) => {
      if (!item || item.state !== 'open' || !item.entries.some((e) => e.seq <= watermark)) return { result: undefined };
      return { result: undefined, next: { ...item, entries: item.entries.filter((e) => e.seq > watermark) } };
    });
  }

  /** Quick exit or the page closing: nothing is kept, and the conversation cannot be used again. */
  async forget(conversationId: string): Promise<void> {
    await this.update(conversationId, (item) => ({
      result: undefined,
      next: { v: 1, state: 'forgotten', last: item?.last ?? 0, entries: [] }
    }));
  }

  /**
   * The bot ended the conversation ("delete this chat"): every activity is deleted now. The
   * empty record keeps only its watermark, so the bot's goodbye, appended next, still reaches
   * the browser; it goes once the browser has it, like everything else.
   */
  async clear(conversationId: string): Promise<void> {
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
   * Read-modify-write under the conversation's lock, with the read's eTag so a write by an
   * instance whose lock had timed out is never overwritten. `fn` returns the result and,
   * when something changes, the next item.
   */
  private async update<T>(
    conversationId: string,
    fn: (item: HistoryItem | undefined) => { result: T; next?: Omit<HistoryItem, 'eTag'> }
  ): Promise<T> {
    const key = historyKey(conversationId);
    return this.store.withLock(key, async () => {
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
        const items = await this.store.storage.read([key]);
        const item = items[key] as HistoryItem | undefined;
        const { result, next } = fn(item);
        if (!next) return result;
        try {
          await this.store.storage.write({ [key]: { ...next, eTag: item?.eTag ?? '*' } });
          return result;
        } catch {
          // An eTag conflict (or a storage error): read again and retry. The error itself is
          // not kept: a storage error may quote the value, i.e. the activities.
        }
      }
      throw new Error('Direct Line history: write failed');
    });
  }
}
