// The local Direct Line 3.0 endpoint over HTTP, as Web Chat's DirectLineJS uses it: "delete this
// chat" and quick-exit forgetting (sendBeacon and DELETE).
// Tokens are in ./tokens.test.ts, posting and polling in ./posting.test.ts.
import { describe, expect, it } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import { CHANNEL_ID } from '../../src/directline/activities.js';
import { TokenIssuer } from '../../src/directline/tokens.js';
import { SECRET, useProtocolServer } from './protocolServer.js';
import { call, getActivities, postMessage, startConversation } from './support.js';

const dl = useProtocolServer();

describe('forgetting', () => {
  it('"delete this chat" deletes the history: only the goodbye is kept, until the browser has it', async () => {
    const grant = await startConversation(dl.base);
    await postMessage(dl.base, grant, 'young-person');
    await postMessage(dl.base, grant, 'my secret worry about school');
    expect(JSON.stringify(await dl.stored(grant.conversationId))).toContain('worrying you');

    await postMessage(dl.base, grant, 'delete this chat');
    const item = await dl.stored(grant.conversationId);
    const json = JSON.stringify(item);
    expect(json).not.toContain('worrying you');
    expect(json).not.toContain('Safe to Ask**'); // the welcome is gone too
    const bot = item.entries.map((e: any) => e.activity).filter((a: any) => a.from.role === 'bot');
    expect(bot.length).toBe(1);
    expect(bot[0].text).toMatch(/deleted this chat/);
    expect(bot[0].channelData.guide.state).toMatch(/forgotten/);
    // The dialog is gone as well.
    const dialog = await dl.server.parts.store.storage.read([dialogKey(CHANNEL_ID, grant.conversationId)]);
    expect(dialog).toEqual({});

    // The browser, polling from where it was, gets the goodbye; then nothing is left.
    const page = await getActivities(dl.base, grant, '0');
    expect(page.json.activities.at(-1)?.text).toMatch(/deleted this chat/);
    await getActivities(dl.base, grant, page.json.watermark);
    expect((await dl.stored(grant.conversationId)).entries).toEqual([]);
  });

  it('quick exit forgets at once (sendBeacon: token in a text/plain body); the token can no longer be used', async () => {
    const grant = await startConversation(dl.base);
    await postMessage(dl.base, grant, 'parent');
    const res = await call(dl.base, 'POST', `/conversations/${grant.conversationId}/forget`, {
      rawBody: JSON.stringify({ token: grant.token }),
      contentType: 'text/plain;charset=UTF-8'
    });
    expect(res.status).toBe(204);
    const item = await dl.stored(grant.conversationId);
    expect(item).toMatchObject({ state: 'forgotten', entries: [] });
    expect(JSON.stringify(item)).not.toContain('parent');
    expect(await dl.server.parts.store.storage.read([dialogKey(CHANNEL_ID, grant.conversationId)])).toEqual({});

    expect((await getActivities(dl.base, grant)).status).toBe(404);
    expect((await postMessage(dl.base, grant, 'hello again')).status).toBe(404);
    expect((await call(dl.base, 'POST', '/conversations', { token: grant.token, body: {} })).status).toBe(404);
    expect((await call(dl.base, 'POST', '/tokens/refresh', { token: grant.token })).status).toBe(403);
  });

  it('DELETE /conversations/:id forgets too, even with an expired token of that conversation', async () => {
    const grant = await startConversation(dl.base);
    const expired = new TokenIssuer({ secret: SECRET }).sign({
      conversationId: grant.conversationId,
      userId: grant.user,
      expiresAt: Math.floor(Date.now() / 1000) - 60
    });
    const res = await call(dl.base, 'DELETE', `/conversations/${grant.conversationId}`, { token: expired });
    expect(res.status).toBe(204);
    expect(await dl.stored(grant.conversationId)).toMatchObject({ state: 'forgotten', entries: [] });
  });
});
