// What a local Direct Line history holds, and its bounds: shared by the stored history (history.ts)
// and the in-process one used while storage fails (fallbackHistory.ts).
import type { Activity } from 'botbuilder';

export type DirectLineActivity = Partial<Activity> & { id: string; timestamp: string; type: string };

export interface Entry {
  seq: number;
  activity: DirectLineActivity;
}

export interface HistoryLimits {
  /** Most activities kept per conversation. */
  count: number;
  /** Most bytes of activities (as JSON) kept per conversation. */
  bytes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { count: 100, bytes: 128 * 1024 };

/**
 * The next sequence number (watermark) after `last`: the clock in milliseconds, or one more than `last` if that is
 * larger. So numbers keep growing whichever store holds a conversation's record, even one that lost it.
 */
export const nextSeq = (last: number, now: number) => Math.max(last + 1, now);

/** The newest entries within the limits (the newest one always, however large). */
export function withinLimits(entries: Entry[], limits: HistoryLimits): Entry[] {
  let bytes = 0;
  let keep = 0;
  for (let i = entries.length - 1; i >= 0 && keep < limits.count; i--) {
    bytes += JSON.stringify(entries[i]).length;
    if (keep > 0 && bytes > limits.bytes) break;
    keep++;
  }
  return entries.slice(entries.length - keep);
}
