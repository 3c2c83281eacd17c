// Channel isolation (issue 16, item 1): with authentication off (the default), /api/messages
// accepts anyone. It must never reach a conversation of the website's own channel (the local
// Direct Line): not read it, not change it, not delete it, not use up its rate limit, whatever
// channel id and conversation id it names. Website conversation ids are unguessable, but they sit in
// every /directline/conversations/<id>/... URL, so proxy logs hold them: the attacker knows one here.
import { afterEach, describe, expect, it } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import { CHANNEL_ID } from '../../src/directline/activities.js';
import { getActivities, postMessage, startConversation } from '../directline/support.js';
import { activity, post, startServer, type RunningServer } from '../support/server.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A website chat that has said who is asking, and whose latest replies the page has not fetched yet. */
async function websiteChat(url: string) {
  const chat = await startConversation(url);
  const welcome = await getActivities(url, chat);
  expect((await postMessage(url, chat, 'parent')).status).toBe(200);
  return { chat, watermark: welcome.json.watermark };
}

/** The same conversation id, posted to /api/messages as `channelId`. */
const asBotFramework = (conversationId: string, channelId: string, text: string) =>
  ({ ...activity(text, conversationId), channelId });

describe('/api/messages cannot reach a website conversation', () => {
  it("refuses the website's own channel id, in any case, and channel ids that could reach into other keys", async () => {
    server = await startServer();
    const { chat } = await websiteChat(server.url);
    for (const channelId of [CHANNEL_ID, 'Directline-Local', 'DIRECTLINE-LOCAL', 'terminal']) {
      const res = await post(server.url, asBotFramework(chat.conversationId, channelId, 'menu'));
      expect(res.status, channelId).toBe(403);
      expect(res.text).not.toMatch(/guide|audience|parent/);
    }
    for (const channelId of [`${CHANNEL_ID}/conversations/${chat.conversationId}`, 'a/b', '../x', ' webchat', '']) {
      expect((await post(server.url, asBotFramework(chat.conversationId, channelId, 'menu'))).status, channelId).toBe(400);
    }
    // The website chat is as it was: it knows who is asking.
    await postMessage(server.url, chat, '13-17');
    const replies = (await getActivities(server.url, chat)).json.activities.filter((a) => a.from.role === 'bot');
    expect(replies.at(-1)?.channelData.guide).toMatchObject({ audience: 'parent', ageBand: '13-17' });
  });

  it('"delete this chat" through /api/messages, under another channel with the same id, deletes nothing of the website chat', async () => {
    server = await startServer();
    const { chat, watermark } = await websiteChat(server.url);
    for (const channelId of ['webchat', 'directline', 'emulator', 'msteams']) {
      const res = await post(server.url, asBotFramework(chat.conversationId, channelId, 'delete this chat'));
      expect(res.status).toBe(200); // that channel's own conversation of this id is deleted (it has none)
    }
    // The page still gets the replies it has not fetched, and the dialog is still there.
    const page = await getActivities(server.url, chat, watermark);
    expect(page.json.activities.filter((a) => a.from.role === 'bot').at(-1)?.channelData.guide).toMatchObject({ audience: 'parent' });
    const key = dialogKey(CHANNEL_ID, chat.conversationId);
    expect(await server.parts.store.storage.read([key])).toHaveProperty([key]);
  });

  it("cannot use up a website chat's rate limit: its urgent message is still answered after 35 token-less posts per channel", async () => {
    server = await startServer({ RATE_LIMIT_PER_CONVERSATION: '30', RATE_LIMIT_PER_CLIENT: '0' });
    const { chat, watermark } = await websiteChat(server.url);
    for (const channelId of ['webchat', 'directline', 'emulator', CHANNEL_ID]) {
      for (let i = 0; i < 35; i++) {
        await post(server.url, { ...asBotFramework(chat.conversationId, channelId, 'hi'), type: 'event', name: 'x' });
      }
    }
    const urgent = await postMessage(server.url, chat, "he says he'll post my nudes unless I pay");
    expect(urgent.status).toBe(200);
    const replies = (await getActivities(server.url, chat, watermark)).json.activities.filter((a) => a.from.role === 'bot');
    expect(replies.some((a) => a.channelData.guide.urgent === true)).toBe(true);
  });
});

describe("/api/messages conversations' rate limits with authentication off", () => {
  it("are per client: another client cannot use up this client's conversation", async () => {
    server = await startServer({ RATE_LIMIT_PER_CONVERSATION: '3', RATE_LIMIT_PER_CLIENT: '0', TRUST_PROXY: '1' });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const id = 'shared-conversation-id';
    const attacker = [];
    for (let i = 0; i < 5; i++) attacker.push((await post(server.url, activity('hi', id), from('203.0.113.66'))).status);
    expect(attacker).toEqual([200, 200, 200, 429, 429]);
    expect((await post(server.url, activity('hello', id), from('198.51.100.7'))).status).toBe(200);
  });
});
