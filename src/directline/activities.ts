// What the local Direct Line accepts from the browser and what it hands back: every activity
// is rebuilt field by field from an allow-list, so nothing unexpected is stored or echoed.
import { z } from 'zod';
import type { Activity } from 'botbuilder';
import { LOCAL_DIRECT_LINE_CHANNEL, MAX_ACTIVITY_TEXT, MAX_JSON_DEPTH, nestedDeeperThan } from '../activityGuard.js';
import type { DirectLineActivity } from './historyEntries.js';

/** The channel id the bot sees for the website's conversations (dialog keys include it); /api/messages refuses it. */
export const CHANNEL_ID = LOCAL_DIRECT_LINE_CHANNEL;
/** The bot replies in the turn's response (ExpectReplies), so this is never called; `.invalid` never resolves. */
export const SERVICE_URL = 'https://directline.invalid/';
export const BOT_ACCOUNT = { id: 'bot', name: 'Safe to Ask', role: 'bot' } as const;

/** Largest `value` (postBack / messageBack data) accepted, as JSON. */
const MAX_VALUE_JSON = 2000;

/** Stands in for any attachment: the bot only notices that something was attached, never what. */
export const REFUSED_ATTACHMENT = { contentType: 'application/vnd.safe-to-ask.refused' } as const;

const PostedActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    text: z.string().max(MAX_ACTIVITY_TEXT).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z
      .string()
      .max(35)
      .regex(/^[A-Za-z0-9-]+$/)
      .optional(),
    value: z.unknown().optional(),
    attachments: z.array(z.unknown()).max(20).optional(),
    channelData: z
      .object({
        clientActivityID: z.string().max(128).optional(),
        /** What the chat shows for a button press (the button's words); the text sent is its value. */
        messageBack: z.object({ displayText: z.string().max(200).optional() }).passthrough().optional()
      })
      .passthrough()
      .optional()
  })
  .passthrough();

export interface PostedMessage {
  type: 'message' | 'typing';
  text?: string;
  textFormat?: 'plain' | 'markdown' | 'xml';
  locale?: string;
  value?: unknown;
  hasAttachments: boolean;
  clientActivityID?: string;
}

export type ParseResult = { ok: true; activity: PostedMessage } | { ok: false; message: string };

/** Checks an activity posted by the browser. The body may arrive as a JSON string (text/plain). */
export function parsePostedActivity(body: unknown): ParseResult {
  const value = typeof body === 'string' ? parseJson(body) : body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The request body must be a JSON activity object.' };
  }
  if (nestedDeeperThan(value)) return { ok: false, message: `The activity is nested more than ${MAX_JSON_DEPTH} levels deep.` };
  const parsed = PostedActivitySchema.safeParse(value);
  if (!parsed.success) {
    const where = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].join(', ');
    return { ok: false, message: `This is not a valid activity (check: ${where}).` };
  }
  const a = parsed.data;
  if (a.type !== 'message' && a.type !== 'typing') {
    return { ok: false, message: 'Only "message" and "typing" activities can be posted here.' };
  }
  if (a.value !== undefined && (JSON.stringify(a.value) ?? '').length > MAX_VALUE_JSON) {
    return { ok: false, message: 'The activity value is too large.' };
  }
  const hasAttachments = (a.attachments?.length ?? 0) > 0;
  if (a.type === 'message' && !a.text && a.value === undefined && !hasAttachments) {
    return { ok: false, message: 'A message needs text.' };
  }
  return {
    ok: true,
    activity: {
      type: a.type,
      ...(a.text !== undefined && { text: a.text }),
      ...(a.textFormat && { textFormat: a.textFormat }),
      ...(a.locale && { locale: a.locale }),
      ...(a.value !== undefined && { value: a.value }),
      hasAttachments,
      ...(a.channelData?.clientActivityID && { clientActivityID: a.channelData.clientActivityID })
    }
  };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `<conversationId>|<sequence number>`, the shape Azure's Direct Line uses. */
export const activityId = (conversationId: string, seq: number) => `${conversationId}|${seq}`;

/** Timestamps that never go backwards within this process, so Web Chat keeps the order. */
export class Clock {
  private last = 0;
  constructor(private readonly now: () => number = Date.now) {}
  next(): string {
    this.last = Math.max(this.now(), this.last + 1);
    return new Date(this.last).toISOString();
  }
}

export interface ConversationRef {
  conversationId: string;
  userId: string;
}

/**
 * The person's own message as it comes back to the page, which Web Chat needs to mark it "sent": an activity
 * with an id and the page's channelData.clientActivityID (botframework-webchat-core postActivitySaga waits for
 * exactly that). It carries NOTHING the person typed, neither the text nor a button's words, so what they typed
 * is never written to storage, in any form, at any moment. Web Chat would show this echo in place of the message
 * it sent, so the page puts its own copy of the words back (src/website/public/app.js, keepOwnWords).
 */
export function userEcho(ref: ConversationRef, posted: PostedMessage, id: string, timestamp: string): DirectLineActivity {
  return {
    type: 'message',
    id,
    timestamp,
    channelId: CHANNEL_ID,
    conversation: { id: ref.conversationId },
    from: { id: ref.userId, role: 'user' },
    recipient: { id: BOT_ACCOUNT.id, role: 'bot' },
    ...(posted.locale && { locale: posted.locale }),
    ...(posted.clientActivityID && { channelData: { clientActivityID: posted.clientActivityID } })
  } as DirectLineActivity;
}

/** What every activity from the user to the bot carries on this channel. */
function fromUser(ref: ConversationRef, timestamp: string): Partial<Activity> {
  return {
    timestamp: new Date(timestamp),
    channelId: CHANNEL_ID,
    serviceUrl: SERVICE_URL,
    conversation: { id: ref.conversationId } as Activity['conversation'],
    from: { id: ref.userId, role: 'user' } as Activity['from'],
    recipient: { id: BOT_ACCOUNT.id, role: 'bot' } as Activity['recipient']
  };
}

/** The activity the bot's turn sees, in memory only. Attachments are replaced by placeholders: never read, never stored. */
export function activityForBot(ref: ConversationRef, posted: PostedMessage, id: string, timestamp: string): Partial<Activity> {
  return {
    ...fromUser(ref, timestamp),
    type: 'message',
    id,
    ...(posted.text !== undefined && { text: posted.text }),
    ...(posted.textFormat && { textFormat: posted.textFormat }),
    locale: posted.locale ?? 'en-GB',
    ...(posted.value !== undefined && { value: posted.value }),
    ...(posted.hasAttachments && { attachments: [REFUSED_ATTACHMENT] })
  };
}

/** The conversationUpdate that makes the bot say its welcome (the user joined). */
export function joinActivity(ref: ConversationRef, locale: string | undefined, timestamp: string): Partial<Activity> {
  return {
    ...fromUser(ref, timestamp),
    type: 'conversationUpdate',
    id: `${ref.conversationId}|join`,
    membersAdded: [{ id: ref.userId, role: 'user' } as Activity['from']],
    locale: locale ?? 'en-GB'
  };
}

/** A bot reply as Web Chat receives it: allow-listed fields, our ids, timestamps and accounts. */
export function botReply(
  ref: ConversationRef,
  reply: Partial<Activity>,
  id: string,
  timestamp: string,
  replyToId: string | undefined
): DirectLineActivity {
  const copy: Record<string, unknown> = {
    type: 'message',
    id,
    timestamp,
    channelId: CHANNEL_ID,
    conversation: { id: ref.conversationId },
    from: { ...BOT_ACCOUNT },
    recipient: { id: ref.userId, role: 'user' },
    ...(replyToId && { replyToId })
  };
  for (const field of [
    'text',
    'textFormat',
    'speak',
    'inputHint',
    'attachments',
    'attachmentLayout',
    'suggestedActions',
    'channelData',
    'locale',
    'summary'
  ] as const) {
    if (reply[field] !== undefined) copy[field] = reply[field];
  }
  // A JSON round trip keeps stored activities plain data (no Dates, no class instances).
  return JSON.parse(JSON.stringify(copy)) as DirectLineActivity;
}
