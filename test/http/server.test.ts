// HTTP tests against the real server on a free port.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startConversation } from '../directline/support.js';
import { activity, post, startServer, type RunningServer } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('POST /api/messages', () => {
  it('answers "hello" with quick replies and channelData.guide on every reply (expectReplies)', async () => {
    const res = await post(server.url, activity('hello'));
    expect(res.status).toBe(200);
    const messages = (res.json?.activities ?? []).filter((a) => a.type === 'message');
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m.channelData.guide).toMatchObject({ version: 1, urgent: false });
    const actions = messages[messages.length - 1]?.suggestedActions?.actions ?? [];
    expect(actions.map((a: { value: string }) => a.value)).toEqual(['parent', 'young-person', 'professional', 'adult']);
  });

  it('keeps the conversation between requests', async () => {
    const id = 'http-keeps-state';
    await post(server.url, activity('hello', id));
    const res = await post(server.url, activity('parent', id));
    const guide = res.json?.activities?.at(-1)?.channelData.guide;
    expect(guide).toMatchObject({ audience: 'parent', expects: 'age' });
  });

  it.each([
    ['non-JSON text', 'this is not json', { 'content-type': 'application/json' }],
    ['malformed JSON', '{"type": "message", ', {}],
    ['a JSON array', '[]', {}],
    ['an activity without a conversation', JSON.stringify({ type: 'message', channelId: 'x', text: 'hi' }), {}],
    ['a number as text', JSON.stringify({ ...activity('x'), text: 42 }), {}]
  ])('rejects %s with a 4xx, not a 500', async (_name, body, headers) => {
    const res = await post(server.url, body, headers);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it.each([
    ['a form post (any web page can send one cross-site)', 'application/x-www-form-urlencoded', 'type=message&text=hi&conversation[id]=x'],
    ['plain text holding JSON', 'text/plain', JSON.stringify(activity('hello'))],
    ['no content type', '', JSON.stringify(activity('hello'))],
    ['XML', 'application/xml', '<activity/>']
  ])('accepts JSON only: %s gets 415', async (_name, contentType, body) => {
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });
    expect(res.status).toBe(415);
  });

  it('accepts JSON with a charset, as the Bot Connector sends it', async () => {
    const res = await post(server.url, activity('hello'), { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
  });

  it('refuses a body nested deeper than any activity with 400, not a 5xx', async () => {
    const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const body = JSON.stringify(activity('hello')).replace(/}$/, `,"channelData":${deep(5000)}}`);
    const res = await post(server.url, body);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/nested/);
  });

  it('refuses to reply to a serviceUrl that is not allow-listed while authentication is off', async () => {
    const res = await post(server.url, { ...activity('hi'), deliveryMode: 'normal', serviceUrl: 'https://example.org/' });
    expect(res.status).toBe(403);
  });

  it('rejects a body that is too large with 413', async () => {
    const res = await post(server.url, activity('x'.repeat(70_000)));
    expect(res.status).toBe(413);
  });
});

describe('WebSocket upgrade requests', () => {
  /** Sends an upgrade request on a raw socket; resolves with what came back once the server has closed it. */
  const upgrade = (path: string) =>
    new Promise<string>((resolve, reject) => {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
        );
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });

  it('are answered 400 and closed at once, on any path, so none holds a socket (or a drain) open', async () => {
    const grant = await startConversation(server.url);
    const answers = await Promise.all(
      [`/directline/conversations/${grant.conversationId}/stream?t=${grant.token}`, '/api/messages', '/', '/nowhere'].flatMap((path) =>
        Array.from({ length: 25 }, () => upgrade(path))
      )
    );
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/does not use WebSockets/);
    }
    // The chat itself is unaffected.
    expect((await call(server.url, 'GET', `/conversations/${grant.conversationId}/activities`, { token: grant.token })).status).toBe(200);
  });
});

describe('health', () => {
  it('GET /healthz says alive', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('GET /readyz says ready with content and storage', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', content: true, storage: true });
  });

  it('an unknown route is a 404', async () => {
    const res = await fetch(`${server.url}/no-such-page`);
    expect(res.status).toBe(404);
  });
});
