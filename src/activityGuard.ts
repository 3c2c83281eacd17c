// Checks an incoming activity's shape before botbuilder sees it, so malformed input gets
// a clear 400 instead of a crash or a 500, and bounds what one request may carry.
import { z } from 'zod';

/** Longest message text accepted at the edge (Web Chat's own limit is 2000 characters). */
export const MAX_ACTIVITY_TEXT = 10_000;

const account = z.object({ id: z.string().min(1).max(256) }).passthrough();

export const IncomingActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(256).optional(),
    channelId: z.string().min(1).max(64),
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

export type GuardResult = { ok: true } | { ok: false; status: number; message: string };

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * With authentication off, anyone can post to /api/messages and name any serviceUrl; the
 * bot would then POST replies there. So replies go only to loopback or allow-listed origins.
 */
export function serviceUrlAllowed(serviceUrl: string | undefined, allowList: readonly string[]): boolean {
  if (!serviceUrl) return false;
  try {
    const url = new URL(serviceUrl);
    return isLoopback(url.hostname) || allowList.includes(url.origin);
  } catch {
    return false;
  }
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
  // The bot has no invoke handlers: botbuilder would answer 501, a server error for what is the
  // sender's mistake (a 5xx should mean this service is broken).
  if (activity.type === 'invoke') {
    return { ok: false, status: 400, message: 'This bot does not take invoke activities.' };
  }
  const repliesInResponse = activity.deliveryMode === 'expectReplies';
  if (!opts.authenticated && !repliesInResponse && !serviceUrlAllowed(activity.serviceUrl, opts.allowList)) {
    return { ok: false, status: 403, message: 'Replies can only go to a loopback or allow-listed serviceUrl.' };
  }
  return { ok: true };
}
