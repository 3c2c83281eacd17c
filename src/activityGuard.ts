// Checks an incoming activity's shape before botbuilder sees it, so malformed input gets
// a clear 400 instead of a crash or a 500, and bounds what one request may carry.
import { z } from 'zod';

/** Longest message text accepted at the edge (Web Chat's own limit is 2000 characters). */
export const MAX_ACTIVITY_TEXT = 10_000;

/** The channel id of this server's own website chat (src/directline/). */
export const LOCAL_DIRECT_LINE_CHANNEL = 'directline-local';

/**
 * Channels this process serves itself (the website's local Direct Line, `npm run chat`). Their turns never come
 * through /api/messages, so /api/messages refuses their ids: a post there can never reach their conversations,
 * their stored state or their rate-limit buckets, whatever conversation id it names.
 */
export const IN_PROCESS_CHANNELS: readonly string[] = [LOCAL_DIRECT_LINE_CHANNEL, 'terminal'];

/**
 * Bot Framework channel ids are short words (msteams, webchat, directline, emulator, slack, …). Without a "/" a
 * channel id cannot reach into another channel's storage keys (`<channelId>/conversations/<id>/dialog`).
 */
const CHANNEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const account = z.object({ id: z.string().min(1).max(256) }).passthrough();

export const IncomingActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(256).optional(),
    channelId: z.string().regex(CHANNEL_ID),
    serviceUrl: z.string().max(2048).optional(),
    conversation: z.object({ id: z.string().min(1).max(256) }).passthrough(),
    from: account.optional(),
    recipient: account.optional(),
    text: z.string().max(MAX_ACTIVITY_TEXT).optional(),
    deliveryMode: z.string().max(32).optional(),
    attachments: z.array(z.unknown()).max(20).optional(),
    membersAdded: z.array(account).max(50).optional()
  })
  .passthrough();

export type IncomingActivity = z.infer<typeof IncomingActivitySchema>;

export type GuardResult = { ok: true; activity: IncomingActivity } | { ok: false; status: number; message: string };

/**
 * With authentication off, anyone can post to /api/messages and name any serviceUrl; the bot would then POST
 * replies there. So replies go only to an origin listed in SERVICE_URL_ALLOWLIST, written exactly as listed:
 * no user name or password, and no other spelling of the host (the URL parser reads "http://2130706433",
 * "http://0x7f000001" and "http://127.1" all as 127.0.0.1; those are refused, not translated).
 */
export function serviceUrlAllowed(serviceUrl: string | undefined, allowList: readonly string[]): boolean {
  if (!serviceUrl) return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username || url.password || !allowList.includes(url.origin)) return false;
  const written = serviceUrl.slice(0, url.origin.length).toLowerCase();
  const after = serviceUrl.charAt(url.origin.length);
  return written === url.origin && (after === '' || after === '/');
}

export function guardActivity(body: unknown, opts: { authenticated: boolean; allowList: readonly string[] }): GuardResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, status: 400, message: 'The request body must be a JSON activity object.' };
  }
  const parsed = IncomingActivitySchema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ');
    return { ok: false, status: 400, message: `This is not a valid activity (check: ${where}).` };
  }
  const activity = parsed.data;
  if (IN_PROCESS_CHANNELS.includes(activity.channelId.toLowerCase())) {
    return { ok: false, status: 403, message: 'This channel is served by this server itself and cannot be posted here.' };
  }
  // The bot has no invoke handlers: botbuilder would answer 501, a server error for what is the
  // sender's mistake (a 5xx should mean this service is broken).
  if (activity.type === 'invoke') {
    return { ok: false, status: 400, message: 'This bot does not take invoke activities.' };
  }
  const repliesInResponse = activity.deliveryMode === 'expectReplies';
  if (!opts.authenticated && !repliesInResponse && !serviceUrlAllowed(activity.serviceUrl, opts.allowList)) {
    return {
      ok: false,
      status: 403,
      message: 'Replies go only to a serviceUrl in SERVICE_URL_ALLOWLIST; otherwise ask for them with deliveryMode "expectReplies".'
    };
  }
  return { ok: true, activity };
}

/** Deepest JSON nesting any route accepts: a real activity is a few levels deep. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a parsed JSON value nests deeper than `limit` (objects and arrays). Iterative, so a hostile value cannot
 * overflow the stack here; JSON.stringify of such a value would (a RangeError, i.e. a 5xx instead of a 400).
 */
export function nestedDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
