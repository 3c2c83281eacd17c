// The in-process history the local Direct Line keeps while storage fails: bounded like the stored one,
// emptied by what the browser has fetched, and forgotten after 10 minutes untouched.
import { describe, expect, it } from 'vitest';
import { FallbackHistory } from '../../src/directline/fallbackHistory.js';
import type { Entry } from '../../src/directline/historyEntries.js';

const entry = (seq: number, text = 'a reply'): Entry => ({ seq, activity: { id: `c|${seq}`, type: 'message', text } as Entry['activity'] });

describe('FallbackHistory', () => {
  it('keeps what the browser has not fetched, within the bounds, and its newest watermark', () => {
    const held = new FallbackHistory({ count: 3, bytes: 10_000 }, () => 0);
    held.append('c', [entry(1), entry(2)]);
    held.append('c', [entry(3), entry(4)]);
    expect(held.entries('c').map((e) => e.seq)).toEqual([2, 3, 4]);
    held.acknowledge('c', 3);
    expect(held.entries('c').map((e) => e.seq)).toEqual([4]);
    held.clear('c');
    expect(held.entries('c')).toEqual([]);
    expect(held.last('c')).toBe(4); // the goodbye that follows "delete this chat" still numbers after it
    held.delete('c');
    expect(held.last('c')).toBe(0);
  });

  it('forgets a conversation untouched for 10 minutes', () => {
    let now = 0;
    const held = new FallbackHistory({ count: 100, bytes: 100_000 }, () => now);
    held.append('old', [entry(1)]);
    now = 9 * 60_000;
    held.append('young', [entry(1)]);
    now = 10 * 60_000 + 1;
    held.append('newest', [entry(1)]);
    expect(held.entries('old')).toEqual([]);
    expect(held.entries('young')).toHaveLength(1);
    held.delete('young');
    held.delete('newest');
  });
});
