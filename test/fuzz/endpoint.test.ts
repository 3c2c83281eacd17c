// Property tests: whatever arrives at /api/messages (any JSON, activity-shaped objects with wrong
// types, strange text, odd content-types and methods, broken bytes), the server never answers
// with a 5xx, never crashes, and still answers a normal message afterwards.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity, post, startServer, type RunningServer } from '../support/server.js';
import { watchCrashes } from '../scale/support.js';
import { rawRequest, startStubConnector } from './support.js';

let server: RunningServer;
let connector: Awaited<ReturnType<typeof startStubConnector>>;
const crashes = watchCrashes();
// Modest by default (the suite stays fast); FUZZ_RUNS=1000 for a deeper search.
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

beforeAll(async () => {
  crashes.start();
  connector = await startStubConnector();
  server = await startServer({ RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' });
});

afterAll(async () => {
  await server?.stop();
  await connector?.close();
  crashes.stop();
  expect(crashes.seen).toEqual([]);
});

const postJson = (body: unknown) =>
  rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Not a 5xx, and, for a well-formed body, the 4xx explains itself in JSON. */
function expectNo5xx(res: { status: number; body: string }, input: unknown) {
  if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(input)?.slice(0, 500)}: ${res.body.slice(0, 300)}`);
  expect(res.status).toBeGreaterThanOrEqual(200);
}

async function stillAnswers() {
  const res = await post(server.url, activity('hello'));
  expect(res.status).toBe(200);
  expect((res.json?.activities ?? []).some((a) => a.type === 'message')).toBe(true);
}

// ---- Text that is hard to handle -----------------------------------------------------------------

const zeroWidth = fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f');
const bidi = fc.constantFrom('\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f', '\u061c');
const rtl = fc.constantFrom('مرحبا، أنا خائفة', 'הוא מאיים עליי', 'سيرسل صوري', 'ئەو هەڕەشە دەکات');
const emoji = fc.constantFrom('😱', '🙈', '👩‍👧', '🏳️‍🌈', '👍🏿', '🇬🇧', '❤️‍🔥', '🫣', '\u{1F600}\u{FE0F}');
const loneSurrogate = fc.constantFrom('\ud800', '\udfff', '\udbff', 'a\ud83d', '\ude00b');
const urgentish = fc.constantFrom("he says he'll post my nudes unless I pay", 'i want to die', 'parent', '13-17', 'hello', 'start again');

const hardText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }), // includes lone surrogates and control characters
  fc.array(fc.oneof(zeroWidth, bidi, rtl, emoji, loneSurrogate, urgentish, fc.string({ maxLength: 5 })), { maxLength: 40 }).map((p) => p.join('')),
  fc.tuple(fc.oneof(emoji, zeroWidth, fc.constant('a'), rtl), fc.integer({ min: 1000, max: 12_000 })).map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)),
  fc.tuple(urgentish, fc.array(zeroWidth, { maxLength: 10 })).map(([t, zw]) => [...t].map((c, i) => c + (zw[i % Math.max(1, zw.length)] ?? '')).join(''))
);

describe('prototype names', () => {
  it('typing the name of any Object.prototype property gets an ordinary answer with channelData.guide (found by this fuzz test)', async () => {
    for (const text of Object.getOwnPropertyNames(Object.prototype)) {
      const res = await post(server.url, activity(text));
      expect(res.status).toBe(200);
      const msgs = (res.json?.activities ?? []).filter((a) => a.type === 'message');
      for (const m of msgs) expect(m.channelData?.guide).toBeDefined();
    }
  });
});

describe('POST /api/messages under fuzzing', () => {
  it('arbitrary JSON values: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => expectNo5xx(await postJson(body), body)),
      { numRuns: RUNS }
    );
    await stillAnswers();
  });

  it('activity-shaped objects with wrong or odd types in any field: never a 5xx', async () => {
    const odd = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(null, '', 0, -1, 1e308, true, [], {}, 'message', 'invoke', 'conversationUpdate', 'expectReplies', 'normal'),
      hardText
    );
    const fieldOrOdd = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: odd });
    const activityLike = fc.record(
      {
        type: fieldOrOdd(fc.constantFrom('message', 'conversationUpdate', 'typing', 'event', 'invoke', 'endOfConversation', 'messageReaction', 'installationUpdate')),
        id: fieldOrOdd(fc.string({ maxLength: 40 })),
        channelId: fieldOrOdd(fc.constantFrom('test-http', 'webchat', 'msteams', 'emulator', 'directline')),
        serviceUrl: fieldOrOdd(fc.constantFrom(connector.url, `${connector.url}/`, 'http://127.0.0.1:1', 'https://example.org', 'not a url')),
        conversation: fieldOrOdd(fc.record({ id: fieldOrOdd(fc.string({ minLength: 1, maxLength: 40 })) }, { requiredKeys: [] })),
        from: fieldOrOdd(fc.record({ id: fieldOrOdd(fc.string({ maxLength: 20 })), role: odd }, { requiredKeys: [] })),
        recipient: fieldOrOdd(fc.record({ id: fieldOrOdd(fc.string({ maxLength: 20 })) }, { requiredKeys: [] })),
        text: fieldOrOdd(hardText),
        deliveryMode: fieldOrOdd(fc.constantFrom('expectReplies', 'normal', 'notification', 'ephemeral')),
        attachments: fieldOrOdd(fc.array(fc.record({ contentType: fc.constantFrom('image/jpeg', 'image/png'), contentUrl: fc.webUrl() }), { maxLength: 3 })),
        membersAdded: fieldOrOdd(fc.array(fc.record({ id: fc.string({ maxLength: 10 }) }), { maxLength: 3 })),
        channelData: odd,
        entities: fieldOrOdd(fc.array(fc.record({ type: fc.string({ maxLength: 10 }) }), { maxLength: 3 })),
        value: odd,
        name: odd,
        locale: fieldOrOdd(fc.constantFrom('en-GB', 'ar', 'he-IL', 'xx')),
        timestamp: fieldOrOdd(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
        localTimestamp: odd,
        replyToId: odd,
        suggestedActions: odd,
        textFormat: odd,
        membersRemoved: odd,
        topicName: odd,
        valueType: odd,
        code: odd,
        relatesTo: odd,
        semanticAction: odd,
        callerId: odd
      },
      { requiredKeys: ['type', 'channelId', 'conversation', 'deliveryMode'] }
    );
    await fc.assert(
      fc.asyncProperty(activityLike, async (body) => expectNo5xx(await postJson(body), body)),
      { numRuns: RUNS * 2 }
    );
    await stillAnswers();
  });

  it('huge, unicode, emoji, right-to-left, zero-width and lone-surrogate text in a valid message: a 200 with replies, or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(hardText, fc.boolean(), async (text, sameConversation) => {
        const body = activity(text, sameConversation ? 'fuzz-same-conversation' : undefined);
        const res = await postJson(body);
        expectNo5xx(res, body);
        if (res.status === 200) {
          const replies = (JSON.parse(res.body) as { activities: Array<{ type: string; channelData?: { guide?: unknown } }> }).activities;
          const msgs = replies.filter((a) => a.type === 'message');
          expect(msgs.length).toBeGreaterThan(0);
          // Every reply carries channelData.guide (the README's contract), whatever was typed.
          for (const m of msgs) expect(m.channelData?.guide).toBeDefined();
        } else {
          expect(res.status).toBe(text.length > 10_000 ? 400 : 413); // too long for the guard, or too big a body
        }
      }),
      { numRuns: RUNS }
    );
    await stillAnswers();
  });

  it('odd methods, content-types and bytes: never a 5xx', async () => {
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/vnd.api+json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'multipart/form-data',
      'text/plain',
      'text/csv',
      'text/tsv',
      'application/octet-stream',
      'application/xml',
      'image/jpeg',
      '',
      ';;;',
      'application/json; boundary=""'
    );
    const bytes = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
      fc.constantFrom(
        Buffer.from([0xff, 0xfe, 0x7b, 0x00]),
        Buffer.from('{"type":"message","text":"\xc3\x28"}', 'latin1'), // invalid UTF-8
        Buffer.from('a=1&b[c]=2&type=message&conversation[id]=x&channelId=y'),
        Buffer.from('--xyz\r\nContent-Disposition: form-data; name="type"\r\n\r\nmessage\r\n--xyz--\r\n'),
        Buffer.from('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}'),
        Buffer.from('a,b,c\n1,2,3\n')
      )
    );
    const method = fc.constantFrom('POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD');
    await fc.assert(
      fc.asyncProperty(method, contentType, bytes, fc.boolean(), async (m, type, body, withEncoding) => {
        const headers: Record<string, string> = type ? { 'content-type': type } : {};
        if (withEncoding) headers['content-encoding'] = 'gzip';
        const res = await rawRequest(server.url, { method: m, headers, body: m === 'GET' || m === 'HEAD' ? undefined : body });
        expectNo5xx(res, { m, type, body: body.toString('base64'), withEncoding });
      }),
      { numRuns: RUNS * 2 }
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    await stillAnswers();
  });
});
