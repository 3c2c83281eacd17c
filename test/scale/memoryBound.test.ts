// The memory store (no REDIS_URL) is bounded as a whole (issue 16, item 5): a flood of new website
// chats cannot grow the process without limit. Beyond MEMORY_STORAGE_MB the idlest conversations are
// forgotten first; a forgotten chat carries on kindly, and the newest chats are untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import { CHANNEL_ID } from '../../src/directline/activities.js';
import { historyKey } from '../../src/directline/history.js';
import type { ExpiringMemoryStorage } from '../../src/storage/expiringMemoryStorage.js';
import { getActivities, postMessage, startConversation, type Grant } from '../directline/support.js';
import { startServer, type RunningServer } from '../support/server.js';

const BOUND = 0.25 * 1024 * 1024;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ MEMORY_STORAGE_MB: '0.25', RATE_LIMIT_PER_CLIENT: '0', RATE_LIMIT_READS_PER_CLIENT: '0', RATE_LIMIT_PER_CONVERSATION: '0' });
});
afterAll(async () => {
  await server?.stop();
});

/** A chat whose page has not fetched the replies to an urgent message: about 7 KB stored. */
async function busyChat(): Promise<Grant> {
  const chat = await startConversation(server.url);
  expect((await postMessage(server.url, chat, "he says he'll post my nudes unless I pay")).status).toBe(200);
  return chat;
}

describe('MEMORY_STORAGE_MB', () => {
  it('holds the store within its bound as 60 busy chats start, forgetting the idlest first; a forgotten chat carries on kindly', async () => {
    const store = server.parts.store as ExpiringMemoryStorage;
    const chats: Grant[] = [];
    for (let i = 0; i < 60; i++) chats.push(await busyChat());
    expect(store.storedBytes).toBeLessThanOrEqual(BOUND);
    const stored = async (chat: Grant) => {
      const keys = [historyKey(chat.conversationId), dialogKey(CHANNEL_ID, chat.conversationId)];
      return Object.keys(await store.read(keys)).length;
    };
    expect(await stored(chats[0]!)).toBe(0); // the bound was reached, and the idlest went first
    expect(await stored(chats.at(-1)!)).toBe(2); // the newest is whole

    expect((await postMessage(server.url, chats[0]!, 'parent')).status).toBe(200);
    const replies = (await getActivities(server.url, chats[0]!)).json.activities.filter((a) => a.from.role === 'bot');
    expect(replies.at(-1)?.channelData.guide).toMatchObject({ audience: 'parent', expects: 'age' });
  }, 60_000);
});
