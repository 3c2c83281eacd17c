// The edge's limits, one by one: body size (413), text length, malformed activities (4xx), and
// bodies no route takes (uploads, compressed or CSV bodies: 415, unread, nothing written to disk).
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ACTIVITY_TEXT } from '../../src/activityGuard.js';
import { MAX_BODY_BYTES } from '../../src/server.js';
import { activity, post, startServer, type RunningServer } from '../support/server.js';
import { watchCrashes } from '../scale/support.js';
import { rawRequest } from './support.js';

let server: RunningServer;
const crashes = watchCrashes();

beforeAll(async () => {
  crashes.start();
  server = await startServer({ RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' });
});

afterAll(async () => {
  await server?.stop();
  crashes.stop();
  expect(crashes.seen).toEqual([]);
});

const alive = async () => expect((await post(server.url, activity('hello'))).status).toBe(200);

describe('size limits', () => {
  it(`refuses a body over ${MAX_BODY_BYTES} bytes with 413`, async () => {
    const res = await post(server.url, { ...activity('hi'), channelData: { padding: 'x'.repeat(MAX_BODY_BYTES) } });
    expect(res.status).toBe(413);
    await alive();
  });

  it(`refuses text longer than ${MAX_ACTIVITY_TEXT} characters with 400, and answers long text below it`, async () => {
    expect((await post(server.url, activity('a'.repeat(MAX_ACTIVITY_TEXT + 1)))).status).toBe(400);
    const long = await post(server.url, activity(`${'I am worried. '.repeat(600)}`.slice(0, MAX_ACTIVITY_TEXT)));
    expect(long.status).toBe(200);
    expect(long.json?.activities?.length).toBeGreaterThan(0);
  });

  it('answers the urgent part of a long message (the safety layer reads its start)', async () => {
    const res = await post(server.url, activity(`he says he'll post my nudes unless I pay. ${'please help. '.repeat(500)}`));
    expect(res.status).toBe(200);
    expect(res.json?.activities?.some((a) => a.channelData?.guide?.urgent === true)).toBe(true);
  });
});

describe('malformed activities get a 4xx', () => {
  it.each([
    ['no body', ''],
    ['null', 'null'],
    ['a string', '"hello"'],
    ['an array', '[{"type":"message"}]'],
    ['truncated JSON', '{"type":"message","text":"hi'],
    ['no conversation', JSON.stringify({ type: 'message', channelId: 'x', text: 'hi' })],
    ['an empty conversation id', JSON.stringify({ ...activity('hi'), conversation: { id: '' } })],
    ['text as an object', JSON.stringify({ ...activity('hi'), text: { evil: true } })],
    ['attachments as a string', JSON.stringify({ ...activity('hi'), attachments: 'image.jpg' })],
    ['too many attachments', JSON.stringify({ ...activity('hi'), attachments: Array.from({ length: 50 }, () => ({})) })],
    ['an invoke activity', JSON.stringify({ ...activity('hi'), type: 'invoke', deliveryMode: 'normal' })],
    ['an over-long conversation id', JSON.stringify({ ...activity('hi'), conversation: { id: 'c'.repeat(1000) } })]
  ])('%s', async (_name, body) => {
    const res = await rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('GET /api/messages is not a route (405)', async () => {
    expect((await fetch(`${server.url}/api/messages`)).status).toBe(405);
  });
});

describe('bodies no route takes are refused unread', () => {
  it('an upload (multipart) gets 415 and nothing is written to the temporary directory', async () => {
    const before = new Set(readdirSync(tmpdir()));
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(200_000, 7)], { type: 'image/jpeg' }), 'photo.jpg');
    form.append('type', 'message');
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', body: form });
    expect(res.status).toBe(415);
    const added = readdirSync(tmpdir()).filter((f) => !before.has(f) && f.startsWith('upload_'));
    expect(added).toEqual([]);
    await alive();
  });

  it('a compressed body gets 415, whether or not it is valid gzip (restify would crash on one, and inflate the other without limit)', async () => {
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const notGzip = await rawRequest(server.url, { method: 'POST', headers, body: 'this is not gzip' });
    expect(notGzip.status).toBe(415);
    const bomb = gzipSync(Buffer.from(JSON.stringify({ ...activity('hi'), channelData: { pad: 'x'.repeat(5_000_000) } })));
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    const inflated = await rawRequest(server.url, { method: 'POST', headers, body: bomb });
    expect(inflated.status).toBe(415);
    await alive();
  });

  it('CSV gets 415', async () => {
    const res = await rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: '[""]' });
    expect(res.status).toBe(415);
  });
});
