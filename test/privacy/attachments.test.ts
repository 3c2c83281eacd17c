// Attachments are never downloaded, opened, forwarded or stored, whatever their type or URL.
// A loopback listener stands in for every URL an attachment can name (contentUrl, thumbnailUrl,
// card images, Teams download links); it must see no request at all, not even a connection.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity, post, type RunningServer } from '../support/server.js';
import { memoryEntries, messages, recordWrites, sleep, startCapturedServer, startTrap } from './support.js';

// A 1×1 PNG as a data: URL (what Web Chat would send for a pasted picture, if uploads were on).
const PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let server: RunningServer & { logs: { text: string } };
let trap: Awaited<ReturnType<typeof startTrap>>;
let writes: string[];

beforeAll(async () => {
  trap = await startTrap();
  server = await startCapturedServer();
  writes = recordWrites(server.parts.store);
});
afterAll(async () => {
  await server.stop();
  await trap.close();
});

/** Every URL below points at the trap (TRAP is replaced by its address when the test runs). */
const url = 'TRAP';
const attachmentCases: Array<[string, object[]]> = [
  ['a picture by contentUrl', [{ contentType: 'image/jpeg', contentUrl: `${url}/nude.jpg`, name: 'me.jpg' }]],
  ['a picture with a thumbnailUrl', [{ contentType: 'image/jpeg', contentUrl: `${url}/full.jpg`, thumbnailUrl: `${url}/thumb.jpg` }]],
  ['a thumbnailUrl alone', [{ contentType: 'image/png', thumbnailUrl: `${url}/only-thumb.png` }]],
  ['a data: URL in content', [{ contentType: 'image/png', content: PNG_DATA_URL, name: 'pasted.png' }]],
  ['a data: URL as contentUrl', [{ contentType: 'image/png', contentUrl: PNG_DATA_URL }]],
  ['a video', [{ contentType: 'video/mp4', contentUrl: `${url}/clip.mp4` }]],
  ['a file of unknown type', [{ contentType: 'application/octet-stream', contentUrl: `${url}/file.bin` }]],
  ['no content type at all', [{ contentUrl: `${url}/untyped` }]],
  [
    'a hero card with an image',
    [{ contentType: 'application/vnd.microsoft.card.hero', content: { title: 'look', images: [{ url: `${url}/card.png` }] } }]
  ],
  [
    'a Teams file download link',
    [{ contentType: 'application/vnd.microsoft.teams.file.download.info', contentUrl: `${url}/teams`, content: { downloadUrl: `${url}/download` } }]
  ],
  [
    'several at once',
    [
      { contentType: 'image/gif', contentUrl: `${url}/1.gif` },
      { contentType: 'image/webp', contentUrl: `${url}/2.webp`, thumbnailUrl: `${url}/2-thumb.webp` },
      { contentType: 'image/png', content: PNG_DATA_URL }
    ]
  ]
];

const cardTitles = (replies: Array<Record<string, any>>): string =>
  replies.flatMap((m) => (m.attachments ?? []).map((a: { content?: { title?: string } }) => a.content?.title ?? '')).join('\n');

describe('attachments posted through /api/messages', () => {
  it.each(attachmentCases)('%s: never fetched, never stored, answered kindly with Report Remove', async (_name, template) => {
    const attachments = JSON.parse(JSON.stringify(template).replaceAll(url, trap.url)) as object[];
    const conversationId = `attach-${randomBytes(6).toString('hex')}`;
    const writesBefore = writes.length;
    const res = await post(server.url, activity('', conversationId, { attachments }));
    expect(res.status).toBe(200);
    const replies = messages(res);
    const text = replies.map((m) => m.text).join('\n');
    expect(text).toMatch(/can'?t (see|open) pictures/i);
    // The words name no country's service; the card is the removal service for where they live (the UK's until they say).
    expect(cardTitles(replies)).toMatch(/Report Remove/);
    expect(replies.flatMap((m) => m.channelData?.guide?.services ?? [])).toContain('report-remove');
    expect(replies.every((m) => m.channelData?.guide?.version === 1)).toBe(true);

    // Never forwarded: no reply carries the user's attachment, its URL or its data.
    const replyJson = JSON.stringify(replies);
    expect(replyJson).not.toContain(trap.url);
    expect(replyJson).not.toContain('data:image');

    // Never stored: nothing written names the attachment, and the stored dialog is only the snapshot.
    const written = writes.slice(writesBefore).join('\n');
    expect(written).not.toContain(trap.url);
    expect(written).not.toContain('data:image');
    expect(written).not.toMatch(/contentUrl|thumbnailUrl|attachment/i);
    for (const [, json] of memoryEntries(server.parts.store)) {
      expect(json).not.toContain(trap.url);
      expect(json).not.toContain('base64');
    }

    // Never fetched: give anything that might fetch in the background time to do so.
    await sleep(100);
    expect(trap.requests).toEqual([]);
  });

  it('answers an attachment with text the same way, in the middle of a conversation', async () => {
    const conversationId = `attach-${randomBytes(6).toString('hex')}`;
    await post(server.url, activity('young-person', conversationId));
    const res = await post(
      server.url,
      activity('this is the pic he has', conversationId, {
        attachments: [{ contentType: 'image/jpeg', contentUrl: `${trap.url}/his.jpg`, thumbnailUrl: `${trap.url}/his-thumb.jpg` }]
      })
    );
    const text = messages(res).map((m) => m.text).join('\n');
    expect(text).toMatch(/can'?t (see|open) pictures/i);
    expect(cardTitles(messages(res))).toMatch(/Report Remove/);
    expect(messages(res).flatMap((m) => m.channelData?.guide?.services ?? [])).toContain('report-remove');
    await sleep(100);
    expect(trap.requests).toEqual([]);
  });

  it('an attachment with urgent words still gets urgent help first, and is still not fetched', async () => {
    const res = await post(
      server.url,
      activity("he says he'll post this unless i pay", `attach-${randomBytes(6).toString('hex')}`, {
        attachments: [{ contentType: 'image/jpeg', contentUrl: `${trap.url}/threat.jpg` }]
      })
    );
    expect(messages(res).some((m) => m.channelData.guide.urgent === true)).toBe(true);
    await sleep(100);
    expect(trap.requests).toEqual([]);
  });

  it('logged nothing about any attachment', () => {
    expect(server.logs.text).not.toContain(trap.url);
    expect(server.logs.text).not.toContain('data:image');
    expect(server.logs.text).not.toMatch(/contentUrl|thumbnailUrl|\.jpg|\.png/);
  });
});
