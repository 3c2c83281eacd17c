// HTTP tests against the real server on a free port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    ['non-JSON text', 'this is not json', { 'content-type': 'text/plain' }],
    ['malformed JSON', '{"type": "message", ', {}],
    ['a JSON array', '[]', {}],
    ['an activity without a conversation', JSON.stringify({ type: 'message', channelId: 'x', text: 'hi' }), {}],
    ['a number as text', JSON.stringify({ ...activity('x'), text: 42 }), {}]
  ])('rejects %s with a 4xx, not a 500', async (_name, body, headers) => {
    const res = await post(server.url, body, headers);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('refuses to reply to a serviceUrl that is not loopback or allow-listed while authentication is off', async () => {
    const res = await post(server.url, { ...activity('hi'), deliveryMode: 'normal', serviceUrl: 'https://example.org/' });
    expect(res.status).toBe(403);
  });

  it('rejects a body that is too large with 413', async () => {
    const res = await post(server.url, activity('x'.repeat(70_000)));
    expect(res.status).toBe(413);
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
