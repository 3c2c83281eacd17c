// The run behind ./directlineCanary.test.ts: sends the canaries through the website's own Direct
// Line (/directline) as Web Chat does (tokens/generate -> conversations -> activities, polling with
// watermarks), in every other field of a posted activity and through the error paths, and collects
// what the process logged, printed, counted, answered and stored. Storage is snapshotted at the
// moments that matter: while a chat is live before the browser polls, after polling, and after each
// way of forgetting ("delete this chat", DELETE, the sendBeacon forget). The test does the searching.
import { randomBytes } from 'node:crypto';
import { expect, vi } from 'vitest';
import { call, getActivities, postMessage, startConversation, type Grant } from '../directline/support.js';
import type { RunningServer } from '../support/server.js';
import { CANARY, CANARY_MESSAGES, captureConsole, recordWrites, startCapturedServer, startTrap, type LogCapture } from './support.js';

const UNLIMITED = { RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' };

type Conversation = Grant & { user: string };
export type Entries = Array<[string, string]>;

export interface Run {
  server: RunningServer & { logs: LogCapture };
  console: string;
  metrics: string;
  /** The bot's messages as the browser received them (the user's own echoes are left out). */
  botReplies: string;
  /** Every response body other than a poll: activity ids, tokens, error responses. */
  responses: string;
  errorStatuses: number[];
  conversations: Record<'journey' | 'fields' | 'deleteChat' | 'quickExit' | 'beacon' | 'errors', Conversation>;
  /** Every command the store received from outside the process (Redis only), as text. */
  commands: string;
  /** Every batch written to the store, Direct Line histories and dialogs alike. */
  writes: string[];
  /** Writes to anything but a Direct Line history (i.e. the dialogs). */
  dialogWrites: string[];
  trapRequests: string[];
  /** Stored state at the points that matter. */
  stored: {
    journeyBeforePoll: Entries;
    journeyAfterPoll: Entries;
    fieldsBeforePoll: Entries;
    deleteChatBefore: Entries;
    deleteChatAfter: Entries;
    deleteChatAfterPoll: Entries;
    quickExitBefore: Entries;
    quickExitAfter: Entries;
    beaconAfter: Entries;
    final: Entries;
  };
}

/** Like a load balancer's readiness probe: traffic only once the store answers (Redis connects in the background). */
async function ready(server: RunningServer): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${server.url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('server never became ready');
}

/** Records what a store receives from outside the process (Redis MONITOR) while the canaries run. */
export type Watch = () => Promise<{ stop(): Promise<string> }>;

/** Sends every canary through the local Direct Line as Web Chat would, and collects what the process kept. */
export async function runCanaries(env: Record<string, string>, dump: (server: RunningServer) => Promise<Entries>, watch?: Watch): Promise<Run> {
  const captured = captureConsole();
  const trap = await startTrap();
  const server = await startCapturedServer({ ...UNLIMITED, ...env });
  const writes = recordWrites(server.parts.store);
  const base = server.url;
  const botReplies: string[] = [];
  const responses: string[] = [];
  const errorStatuses: number[] = [];
  const stored = {} as Run['stored'];
  const snapshot = () => dump(server);
  await ready(server);
  const watching = await watch?.();

  /** Web Chat's poll: everything after `watermark` (which also drops what is at or below it). */
  const poll = async (grant: Conversation, watermark: string) => {
    const res = await getActivities(base, grant, watermark);
    expect(res.status).toBe(200);
    for (const a of res.json.activities) {
      if (a.from?.role === 'user') continue; // the user's own words, echoed back to the page that sent them
      botReplies.push(JSON.stringify({ text: a.text, channelData: a.channelData, attachments: a.attachments, suggestedActions: a.suggestedActions }));
    }
    return res.json.watermark;
  };
  const send = async (grant: Conversation, message: string, extra: Record<string, unknown> = {}) => {
    const res = await postMessage(base, grant, message, {
      from: { id: grant.user, role: 'user' },
      channelData: { clientActivityID: `c-${randomBytes(4).toString('hex')}` },
      ...extra
    });
    expect(res.status, `"${message}"`).toBe(200);
    responses.push(JSON.stringify(res.json));
    return res;
  };
  const refused = async (response: Promise<{ status: number; json: unknown }>, status: number) => {
    const res = await response;
    expect(res.status).toBe(status);
    errorStatuses.push(res.status);
    responses.push(`${res.status} ${JSON.stringify(res.json)}`);
  };
  const start = async () => {
    const grant = await startConversation(base);
    responses.push(JSON.stringify(grant));
    return grant;
  };

  try {
    // 1. A whole journey, polled after every message as Web Chat does.
    const journey = await start();
    let watermark = await poll(journey, '');
    const steps = [
      ...CANARY_MESSAGES,
      'young-person',
      ...CANARY_MESSAGES,
      '13-17',
      ...CANARY_MESSAGES,
      'image-shared',
      ...CANARY_MESSAGES,
      `${CANARY.name} from ${CANARY.school} has my pics and says he'll post them unless i pay, his snap is ${CANARY.handle}`,
      `i want to kill myself, tell ${CANARY.email}`,
      'law',
      `i'm in ${CANARY.postcode}`,
      'uk'
    ];
    for (const [i, step] of steps.entries()) {
      // A button press shows its words in the chat: those are the user's too.
      await send(journey, step, i === 1 ? { channelData: { clientActivityID: 'c-button', messageBack: { displayText: CANARY.school } } } : {});
      if (i === 0) stored.journeyBeforePoll = await snapshot();
      watermark = await poll(journey, watermark);
    }
    await poll(journey, watermark); // the browser has everything
    stored.journeyAfterPoll = await snapshot();

    // 2. Canaries in every other field of a posted activity: none of them is ever kept.
    const fields = await start();
    watermark = await poll(fields, '');
    await send(fields, 'parent', {
      id: CANARY.phone,
      from: { id: CANARY.handle, name: CANARY.name, role: 'user' },
      recipient: { id: CANARY.email, name: CANARY.school },
      conversation: { id: CANARY.handle },
      serviceUrl: `${trap.url}/${CANARY.handle}`,
      summary: CANARY.name,
      speak: CANARY.phone,
      channelData: { clientActivityID: 'c-fields', note: CANARY.email, messageBack: { displayText: 'Parent', name: CANARY.name } },
      entities: [{ type: 'mention', text: CANARY.handle, mentioned: { id: CANARY.handle, name: CANARY.name } }],
      value: { name: CANARY.name, phone: CANARY.phone },
      attachments: [
        { contentType: 'image/jpeg', contentUrl: `${trap.url}/${CANARY.handle}.jpg`, name: `${CANARY.name}.jpg` },
        { contentType: 'application/vnd.microsoft.card.hero', content: { title: CANARY.school, text: CANARY.email, images: [{ url: `${trap.url}/card.png` }] } }
      ]
    });
    // Typing runs no turn and is never stored, whatever it carries.
    const typing = await call(base, 'POST', `/conversations/${fields.conversationId}/activities`, {
      token: fields.token,
      body: { type: 'typing', text: CANARY.name, from: { id: CANARY.handle, name: CANARY.name }, value: CANARY.email }
    });
    expect(typing.status).toBe(200);
    responses.push(JSON.stringify(typing.json));
    stored.fieldsBeforePoll = await snapshot();
    watermark = await poll(fields, watermark);
    await poll(fields, watermark);

    // 3. "delete this chat" while the browser has not fetched the canaries yet.
    const deleteChat = await start();
    watermark = await poll(deleteChat, '');
    for (const message of CANARY_MESSAGES) await send(deleteChat, message);
    stored.deleteChatBefore = await snapshot();
    await send(deleteChat, 'delete this chat');
    stored.deleteChatAfter = await snapshot();
    watermark = await poll(deleteChat, watermark); // the goodbye
    await poll(deleteChat, watermark);
    stored.deleteChatAfterPoll = await snapshot();

    // 4. Quick exit (DELETE) and the page closing (sendBeacon: token in a text/plain body),
    //    both with canaries the browser never fetched.
    const quickExit = await start();
    for (const message of CANARY_MESSAGES) await send(quickExit, message);
    stored.quickExitBefore = await snapshot();
    const deleted = await call(base, 'DELETE', `/conversations/${quickExit.conversationId}`, { token: quickExit.token });
    expect(deleted.status).toBe(204);
    stored.quickExitAfter = await snapshot();
    await refused(getActivities(base, quickExit), 404);

    const beacon = await start();
    for (const message of CANARY_MESSAGES) await send(beacon, message);
    const forgot = await call(base, 'POST', `/conversations/${beacon.conversationId}/forget`, {
      rawBody: JSON.stringify({ token: beacon.token }),
      contentType: 'text/plain;charset=UTF-8'
    });
    expect(forgot.status).toBe(204);
    stored.beaconAfter = await snapshot();
    await refused(postMessage(base, beacon, CANARY.name), 404);

    // 5. Error paths: bad bodies, bad fields, bad watermarks, bad user ids, uploads, forged
    //    tokens, a bot that fails, storage that fails, and a turn error whose message quotes the text.
    const errors = await start();
    watermark = await poll(errors, '');
    const post = (options: Parameters<typeof call>[3]) =>
      call(base, 'POST', `/conversations/${errors.conversationId}/activities`, { token: errors.token, ...options });
    await refused(post({ rawBody: `{"type":"message","text":"${CANARY.name} ${CANARY.phone}` }), 400);
    await refused(post({ rawBody: `{"text": ${JSON.stringify(CANARY.email)}, "broken": }` }), 400);
    await refused(post({ rawBody: `${CANARY.name} ${CANARY.postcode}`, contentType: 'text/plain' }), 400);
    await refused(post({ body: { type: 'message', text: `${CANARY.name} `.repeat(4000) } }), 413);
    await refused(post({ body: { type: 'message', text: `${CANARY.name} `.repeat(600) } }), 400);
    await refused(post({ body: { type: 'event', name: CANARY.handle, value: { email: CANARY.email } } }), 400);
    await refused(post({ body: { type: 'conversationUpdate', membersAdded: [{ id: CANARY.handle, name: CANARY.name }] } }), 400);
    await refused(post({ body: { type: 'message', text: CANARY.name, value: { blob: `${CANARY.email} `.repeat(200) } } }), 400);
    await refused(post({ body: { type: 'message', text: CANARY.name, channelData: { clientActivityID: CANARY.email.repeat(10) } } }), 400);
    await refused(post({ body: { type: 'message', text: CANARY.name, locale: CANARY.name } }), 400);
    await refused(getActivities(base, errors, encodeURIComponent(CANARY.phone)), 400);
    await refused(call(base, 'POST', '/tokens/generate', { body: { user: { id: CANARY.email } } }), 400);
    await refused(call(base, 'POST', '/tokens/generate', { body: { user: { id: CANARY.name } } }), 400);
    await refused(
      call(base, 'POST', `/conversations/${errors.conversationId}/upload?userId=${encodeURIComponent(CANARY.handle)}`, {
        token: errors.token,
        rawBody: `--b\r\nContent-Disposition: form-data; name="file"; filename="${CANARY.name}.png"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n`,
        contentType: 'multipart/form-data; boundary=b'
      }),
      415
    );
    await refused(call(base, 'GET', `/conversations/${encodeURIComponent(CANARY.name)}/activities?watermark=`, { token: errors.token }), 403);
    const forged = `${Buffer.from(JSON.stringify({ c: errors.conversationId, u: CANARY.handle, e: 9_999_999_999 })).toString('base64url')}.${CANARY.handle}`;
    await refused(postMessage(base, { ...errors, token: forged }, CANARY.name), 403);
    await refused(call(base, 'GET', `/conversations/${errors.conversationId}/activities?watermark=`, { headers: { authorization: CANARY.email } }), 401);
    const failure = () =>
      Object.assign(new Error(`could not handle "${CANARY.name} ${CANARY.phone}" from ${CANARY.email}`), {
        code: 'ETURN',
        request: { body: JSON.stringify({ text: CANARY.name }) },
        activity: { text: CANARY.school }
      });
    // The bot's turn fails outside the turn (502), then storage fails (503).
    const deliver = vi.spyOn(server.parts.adapter, 'deliver').mockRejectedValueOnce(failure());
    await refused(postMessage(base, errors, `${CANARY.name} ${CANARY.phone}`), 502);
    expect(deliver).toHaveBeenCalled();
    deliver.mockRestore();
    // Storage fails while a message is answered: the person is answered all the same...
    const read = vi.spyOn(server.parts.store.storage, 'read').mockRejectedValueOnce(failure());
    await send(errors, `${CANARY.school} ${CANARY.email}`);
    expect(read).toHaveBeenCalled();
    read.mockRestore();
    // ...and while the chat is forgotten, which then cannot be done (503).
    const write = vi.spyOn(server.parts.store.storage, 'write').mockRejectedValue(failure());
    await refused(call(base, 'DELETE', `/conversations/${errors.conversationId}`, { token: errors.token }), 503);
    expect(write).toHaveBeenCalled();
    write.mockRestore();
    // An error thrown during the turn (the adapter's onTurnError answers it).
    const withLock = vi.spyOn(server.parts.store, 'withLock').mockRejectedValueOnce(failure());
    await send(errors, `${CANARY.school} ${CANARY.handle}`);
    expect(withLock).toHaveBeenCalled();
    withLock.mockRestore();
    watermark = await poll(errors, watermark);
    await poll(errors, watermark);

    const metricsRes = await fetch(`${base}/metrics`);
    expect(metricsRes.status).toBe(200);
    const metrics = await metricsRes.text();
    // Give anything that was going to fetch an attachment the chance to do so.
    await new Promise((r) => setTimeout(r, 200));
    stored.final = await snapshot();
    const commands = (await watching?.stop()) ?? '';
    return {
      commands,
      server,
      console: captured.text(),
      metrics,
      botReplies: botReplies.join('\n'),
      responses: responses.join('\n'),
      errorStatuses,
      conversations: { journey, fields, deleteChat, quickExit, beacon, errors },
      writes: [...writes],
      dialogWrites: writes.flatMap((batch) =>
        Object.entries(JSON.parse(batch) as Record<string, unknown>)
          .filter(([key]) => !key.startsWith('directline/'))
          .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
      ),
      trapRequests: [...trap.requests],
      stored
    };
  } finally {
    captured.restore();
    await server.stop();
    await trap.close();
  }
}
