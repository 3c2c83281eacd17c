// The website's chat while Redis is killed, hung (SIGSTOP) or comes back empty (issue 16, item 2).
// /api/messages already answered without storage; the local Direct Line must too: an open chat is
// answered (urgent help first, with the "I may forget" notice), a new chat starts with its welcome,
// and a chat whose stored state Redis lost carries on kindly instead of "This chat has ended".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerAvailable, startRedisServer, waitFor, type RedisServer } from '../storage/redisServer.js';
import { watchCrashes } from '../scale/support.js';
import { startServer, type RunningServer } from '../support/server.js';
import { getActivities, postMessage, startConversation, type Grant } from './support.js';

const URGENT = "he says he'll post my nudes unless I pay";
const isStorageNotice = (a: Record<string, any>) => /trouble remembering/i.test(String(a.text ?? ''));

type Chat = Grant & { user: string; watermark: string };

/** What the page shows next: the bot's messages after the chat's watermark (which then moves on). */
async function botSays(url: string, chat: Chat): Promise<Array<Record<string, any>>> {
  const res = await getActivities(url, chat, chat.watermark);
  expect(res.status).toBe(200);
  chat.watermark = res.json.watermark;
  return res.json.activities.filter((a) => a.from.role === 'bot');
}

async function openChat(url: string): Promise<Chat> {
  const grant = await startConversation(url);
  const chat = { ...grant, watermark: '' };
  expect((await botSays(url, chat)).length).toBeGreaterThan(0); // the welcome
  return chat;
}

/** Urgent help for sextortion, before any question: only the storage notice may come first. */
function expectUrgentHelpFirst(replies: Array<Record<string, any>>) {
  const urgent = replies.findIndex((a) => a.channelData?.guide?.urgent === true);
  expect(urgent).toBeGreaterThanOrEqual(0);
  expect(replies[urgent]?.channelData.guide.services).toContain('ceop');
  expect(replies.slice(0, urgent).every(isStorageNotice)).toBe(true);
}

const ready = async (url: string) => (await fetch(`${url}/readyz`)).status === 200;

describe.skipIf(!redisServerAvailable())('the website while Redis fails', () => {
  let redis: RedisServer;
  let server: RunningServer;
  const crashes = watchCrashes();

  beforeAll(async () => {
    crashes.start();
    redis = await startRedisServer(); // no persistence: a restart comes back empty
    server = await startServer({ REDIS_URL: redis.url, RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' });
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
    await redis?.destroy();
    crashes.stop();
    expect(crashes.seen).toEqual([]);
  }, 20_000);

  it('Redis killed: an open chat gets urgent help first, a new chat starts; Redis back empty: both chats carry on', async () => {
    const open = await openChat(server.url);
    expect((await postMessage(server.url, open, 'parent')).status).toBe(200);
    expect((await botSays(server.url, open)).at(-1)?.channelData.guide).toMatchObject({ audience: 'parent' });

    await redis.kill();
    expect(await ready(server.url)).toBe(false);

    const urgent = await postMessage(server.url, open, URGENT);
    expect(urgent.status).toBe(200);
    const replies = await botSays(server.url, open);
    expect(replies.some(isStorageNotice)).toBe(true);
    expectUrgentHelpFirst(replies);

    const fresh = await openChat(server.url); // token, start (201), welcome: all without Redis
    expect((await postMessage(server.url, fresh, URGENT)).status).toBe(200);
    expectUrgentHelpFirst(await botSays(server.url, fresh));

    await redis.restart(); // everything it held is gone
    await waitFor(() => ready(server.url), 10_000, 'ready again');

    for (const chat of [open, fresh]) {
      const res = await postMessage(server.url, chat, 'young-person');
      expect(res.status).toBe(200); // not 404 "This chat has ended"
      const next = await botSays(server.url, chat);
      expect(next.length).toBeGreaterThan(0);
      expect(next.some(isStorageNotice)).toBe(false);
      expect(next.at(-1)?.channelData.guide).toMatchObject({ audience: 'young-person', expects: 'situation' });
    }
  }, 30_000);

  it('Redis hung (SIGSTOP): an open chat gets urgent help first and a new chat starts; both carry on when it answers again', async () => {
    const open = await openChat(server.url);
    redis.pause();
    let fresh: Chat;
    try {
      expect((await postMessage(server.url, open, URGENT)).status).toBe(200);
      expectUrgentHelpFirst(await botSays(server.url, open));
      fresh = await openChat(server.url);
      expect((await postMessage(server.url, fresh, 'parent')).status).toBe(200);
      expect((await botSays(server.url, fresh)).at(-1)?.channelData.guide).toMatchObject({ audience: 'parent' });
    } finally {
      redis.resume();
    }
    await waitFor(() => ready(server.url), 10_000, 'ready again');
    for (const chat of [open, fresh]) {
      expect((await postMessage(server.url, chat, 'help')).status).toBe(200);
      expect((await botSays(server.url, chat)).length).toBeGreaterThan(0);
    }
  }, 30_000);

  it('what an instance held while Redis was down goes to Redis with the next message, so another instance serves it', async () => {
    const env = { REDIS_URL: redis.url, DIRECTLINE_TOKEN_SECRET: 'a-secret-shared-by-both-instances-0123456789', RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' };
    const [one, two] = await Promise.all([startServer(env), startServer(env)]);
    try {
      const chat = await openChat(one.url);
      await redis.kill();
      expect((await postMessage(one.url, chat, URGENT)).status).toBe(200); // held by instance one
      await redis.restart();
      await waitFor(async () => (await ready(one.url)) && (await ready(two.url)), 10_000, 'both ready again');
      expect((await postMessage(one.url, chat, 'parent')).status).toBe(200);
      // The page's next poll reaches instance two: it gets the urgent help too, in order.
      const replies = await botSays(two.url, chat);
      expectUrgentHelpFirst(replies);
      expect(replies.at(-1)?.channelData.guide).toMatchObject({ audience: 'parent' });
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  }, 30_000);
});
