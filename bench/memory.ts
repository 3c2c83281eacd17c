// Child process of the bench (node --expose-gc --import tsx bench/memory.ts): what an idle
// conversation costs in memory storage.
//  1. Bytes of the stored dialog after typical conversations (the JSON the store keeps).
//  2. Heap per idle conversation after BENCH_IDLE_SAMPLE conversations run through real turns
//     of the bot (the same GuideBot and store as the server).
//  3. RSS and heap growth for BENCH_IDLE_CONVERSATIONS idle conversations holding those dialogs.
// Prints one line: MEMORY {json}.
import type { Activity, StoreItem } from 'botbuilder';
import { dialogKey } from '../src/bot/dialogState.js';
import { composeParts } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { serializeItem } from '../src/storage/expiringMemoryStorage.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const COUNT = Number(process.env.BENCH_IDLE_CONVERSATIONS ?? 100_000);

const parts = composeParts(loadConfig({ LOG_LEVEL: 'silent', IDLE_MINUTES: '60' }));
const { adapter, bot, store } = parts;

const CHANNEL = 'webchat';
/** Typical conversations: their last stored dialog is what an idle conversation keeps. */
const TYPICAL: string[][] = [
  ['hello', 'young-person', '13-17', 'sent-image'],
  ["my daughter sent a picture to a boy and now it's going round school", 'parent', '13-17', 'image-shared'],
  ["he says he'll post my nudes unless I pay", '13-17'],
  ['hi', 'parent', 'under-13', 'law', 'uk']
];

let seq = 0;
async function say(conversationId: string, text: string): Promise<void> {
  const activity: Partial<Activity> = {
    type: 'message',
    id: `m${seq++}`,
    channelId: CHANNEL,
    serviceUrl: 'http://127.0.0.1:1',
    conversation: { id: conversationId } as Activity['conversation'],
    from: { id: 'user', name: '' },
    recipient: { id: 'bot', name: '' },
    text
  };
  await adapter.deliver(activity, (context) => bot.run(context));
}

async function storedBytes(conversationId: string): Promise<{ bytes: number; json: string }> {
  const key = dialogKey(CHANNEL, conversationId);
  const json = serializeItem((await store.storage.read([key]))[key]);
  return { bytes: Buffer.byteLength(json), json };
}

/** Ids like a channel's: random-looking, ~24 characters. */
const conversationId = (prefix: string, i: number) => `${prefix}-${i.toString(36)}-${((i * 2654435761) >>> 0).toString(36)}${((i * 40503) >>> 0).toString(36)}`;

const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
};

// 1. Snapshot size after each typical conversation; report the largest.
let snapshot = { bytes: 0, json: '' };
for (const [i, script] of TYPICAL.entries()) {
  for (const text of script) await say(`typical-${i}`, text);
  const s = await storedBytes(`typical-${i}`);
  if (s.bytes > snapshot.bytes) snapshot = s;
}

// 2. A cross-check through real turns: SAMPLE conversations, two turns each (a first message and
//    an answer to the first question), then idle. Heap per conversation.
const SAMPLE = Number(process.env.BENCH_IDLE_SAMPLE ?? 2000);
for (let i = 0; i < 200; i++) await say(`warm-${i}`, TYPICAL[i % TYPICAL.length]![0]!); // JIT and lazy allocations first
await store.storage.delete(Array.from({ length: 200 }, (_, i) => dialogKey(CHANNEL, `warm-${i}`)));
await settle();
const beforeSample = process.memoryUsage();
for (let i = 0; i < SAMPLE; i++) {
  const script = TYPICAL[i % TYPICAL.length]!;
  await say(conversationId('sample', i), script[0]!);
  await say(conversationId('sample', i), script[1]!);
}
await settle();
const afterSample = process.memoryUsage();
const storedDialogs: StoreItem[] = [];
for (let i = 0; i < TYPICAL.length * 4; i++) {
  const key = dialogKey(CHANNEL, conversationId('sample', i));
  const item = (await store.storage.read([key]))[key];
  if (item) storedDialogs.push(item);
}
for (const [i] of TYPICAL.entries()) {
  const key = dialogKey(CHANNEL, `typical-${i}`);
  const item = (await store.storage.read([key]))[key];
  if (item) storedDialogs.push(item);
}
await store.storage.delete(Array.from({ length: SAMPLE }, (_, i) => dialogKey(CHANNEL, conversationId('sample', i))));

// 3. COUNT idle conversations: the dialogs those real turns stored, written under COUNT new
//    conversation keys through the store's own write (what the bot's turn calls), so a run takes
//    seconds rather than minutes of turns. What an idle conversation keeps is exactly this entry.
await settle();
const before = process.memoryUsage();
for (let i = 0; i < COUNT; i++) {
  const item = storedDialogs[i % storedDialogs.length]!;
  await store.storage.write({ [dialogKey(CHANNEL, conversationId('idle', i))]: { ...item, eTag: '*' } });
}
await settle();
const after = process.memoryUsage();
const mb = (b: number) => b / (1024 * 1024);
process.stdout.write(
  `MEMORY ${JSON.stringify({
    snapshotBytes: snapshot.bytes,
    snapshotExample: snapshot.json,
    conversations: COUNT,
    rssGrowthMB: mb(after.rss - before.rss),
    heapGrowthMB: mb(after.heapUsed - before.heapUsed),
    bytesPerConversation: (after.heapUsed - before.heapUsed) / COUNT,
    sampleConversations: SAMPLE,
    sampleBytesPerConversation: (afterSample.heapUsed - beforeSample.heapUsed) / SAMPLE
  })}\n`
);
await store.close();
process.exit(0);
