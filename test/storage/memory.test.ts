/** ExpiringMemoryStorage specifics: sweeping keeps memory bounded, 100,000 idle conversations fit, the factory. */
import { describe, it, expect } from 'vitest';
import { createConversationStore } from '../../src/storage/conversationStore.js';
import { ExpiringMemoryStorage } from '../../src/storage/expiringMemoryStorage.js';
import { KeyedLock } from '../../src/storage/keyedLock.js';

describe('ExpiringMemoryStorage', () => {
  it('sweeps expired keys (explicit sweep and lazily on write), oldest first', async () => {
    let now = 0;
    const store = new ExpiringMemoryStorage({ idleSeconds: 60, now: () => now, sweepIntervalMs: 0 });
    for (let i = 0; i < 100; i++) await store.write({ [`old-${i}`]: { i } });
    now = 30_000;
    await store.write({ young: { n: 1 } });
    expect(store.size).toBe(101);
    now = 61_000; // the 100 old keys have expired, `young` has not
    await store.write({ trigger: { n: 1 } }); // lazy sweep removes a bounded batch
    expect(store.size).toBeLessThan(102);
    expect(store.size).toBeGreaterThan(2);
    expect(store.sweep()).toBeGreaterThan(0);
    expect(store.size).toBe(2);
    expect(Object.keys(await store.read(['young', 'trigger', 'old-1']))).toEqual(['young', 'trigger']);
    await store.close();
  });

  it('sweeps on its own, with an unref timer', async () => {
    let now = 0;
    const store = new ExpiringMemoryStorage({ idleSeconds: 1, now: () => now, sweepIntervalMs: 10 });
    await store.write({ a: { n: 1 }, b: { n: 2 } });
    now = 5_000;
    await new Promise((r) => setTimeout(r, 50));
    expect(store.size).toBe(0);
    await store.close();
  });

  it('stays within maxBytes as a whole, forgetting the idlest conversations first', async () => {
    const store = new ExpiringMemoryStorage({ idleSeconds: 1800, sweepIntervalMs: 0, maxBytes: 10_000 });
    const item = { padding: 'x'.repeat(900) }; // 920 bytes or so with its key: ten fit
    for (let i = 0; i < 9; i++) await store.write({ [`conv-${i}`]: item });
    expect(store.size).toBe(9);
    await store.write({ 'conv-0': { ...item, touched: true } }); // conv-0 is active again: conv-1 is now the idlest
    for (let i = 9; i < 12; i++) await store.write({ [`conv-${i}`]: item });
    expect(store.storedBytes).toBeLessThanOrEqual(10_000);
    const kept = Object.keys(await store.read(Array.from({ length: 12 }, (_, i) => `conv-${i}`)));
    expect(kept).toEqual(['conv-0', 'conv-3', 'conv-4', 'conv-5', 'conv-6', 'conv-7', 'conv-8', 'conv-9', 'conv-10', 'conv-11']);
    // Deleting gives the room back.
    await store.delete(kept);
    expect(store.storedBytes).toBe(0);
    await store.close();
  });

  it('a rewritten key moves to the young end and survives the sweep', async () => {
    let now = 0;
    const store = new ExpiringMemoryStorage({ idleSeconds: 10, now: () => now, sweepIntervalMs: 0 });
    await store.write({ a: { n: 1 }, b: { n: 1 } });
    now = 9_000;
    await store.write({ a: { n: 2 } });
    now = 11_000;
    expect(store.sweep()).toBe(1);
    expect(await store.read(['a', 'b'])).toEqual({ a: expect.objectContaining({ n: 2 }) });
    await store.close();
  });

  it('holds 100,000 idle conversations in well under 300 MB', async () => {
    const store = new ExpiringMemoryStorage({ idleSeconds: 1800, sweepIntervalMs: 0 });
    // A realistic XState snapshot of ~700 bytes.
    const snapshot = {
      machineVersion: 3,
      value: { triage: 'askWhoseImage' },
      status: 'active',
      context: {
        locale: 'en-GB',
        audience: 'young-person',
        flags: { shared: true, threatened: false, under18: true, askedForHelpline: false },
        history: Array.from({ length: 12 }, (_, i) => `step-${i}-answered`),
        deadlines: { idleNudgeAt: 1_700_000_000_000, endAt: 1_700_000_900_000 },
        notes: 'x'.repeat(300),
      },
      children: {},
      historyValue: {},
    };
    const gc = (globalThis as { gc?: () => void }).gc; // present with node --expose-gc; the bound holds without it
    gc?.();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) {
      await store.write({ [`webchat/conversations/${i.toString(36).padStart(8, '0')}-abcdefgh/`]: { ...snapshot, turn: i } });
    }
    gc?.();
    const grown = process.memoryUsage().heapUsed - before; // ~110 MB measured with gc on Node 20
    expect(store.size).toBe(100_000);
    expect(grown).toBeLessThan(300 * 1024 * 1024);
    await store.close();
    expect(store.size).toBe(0);
  }, 30_000);

  it('rejects a bad idle time', () => {
    expect(() => new ExpiringMemoryStorage({ idleSeconds: 0 })).toThrow(RangeError);
    expect(() => new ExpiringMemoryStorage({ idleSeconds: Number.NaN })).toThrow(RangeError);
  });

  it('keeps no lock entries once the chains drain', async () => {
    const lock = new KeyedLock();
    await Promise.all([lock.run('a', async () => 1), lock.run('a', async () => 2), lock.run('b', async () => 3)]);
    expect(lock.size).toBe(0);
  });
});

describe('createConversationStore', () => {
  it('makes the memory store without a redisUrl', async () => {
    const store = createConversationStore({ idleSeconds: 1800 });
    expect(store.kind).toBe('memory');
    expect(store.storage).toBe(store);
    expect(await store.isReady()).toBe(true);
    await store.close();
    const blank = createConversationStore({ idleSeconds: 1800, redisUrl: '  ' });
    expect(blank.kind).toBe('memory');
    await blank.close();
  });

  it('rejects a non-integer or non-positive idle time', () => {
    expect(() => createConversationStore({ idleSeconds: 0 })).toThrow(RangeError);
    expect(() => createConversationStore({ idleSeconds: 1.5 })).toThrow(RangeError);
  });
});
