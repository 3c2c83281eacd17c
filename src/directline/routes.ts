// A Direct Line 3.0-compatible endpoint for this server's own website, under /directline, so Web
// Chat runs unchanged with createDirectLine({ domain: '<origin>/directline', token, webSocket: false }).
// Turns run in this process through GuideAdapter.deliver (no serviceUrl callbacks, nothing goes
// through Microsoft). See tokens.ts (tokens) and history.ts (what is kept).
//
//   POST   /directline/tokens/generate                      a token for a new conversation (same-origin page, no secret)
//   POST   /directline/tokens/refresh                       a fresh token for the same conversation
//   POST   /directline/conversations                        start (201, the bot's welcome) or resume (200)
//   GET    /directline/conversations/:id                    reconnect: a fresh token
//   GET    /directline/conversations/:id/activities?watermark=N
//   POST   /directline/conversations/:id/activities          a message: runs the turn, returns { id }
//   POST   /directline/conversations/:id/upload             always refused: no files, ever
//   DELETE /directline/conversations/:id                    forget now (quick exit)
//   POST   /directline/conversations/:id/forget             the same, for navigator.sendBeacon (token in the body)
//
// A valid token is what lets a request use its conversation; only a forgotten conversation (quick
// exit, the page closing) is refused with 404. One whose stored record is missing (storage lost it,
// or it was never started) or cannot be read right now (storage failing) carries on: the person
// gets an answer, urgent help first, rather than "this chat has ended". Ending a chat that has gone
// idle is the page's job (it knows when the person last wrote; src/website/public/app.js).
//
// Every request has already spent its client's rate limit (src/server.ts); a conversation's own
// limits (messages, polls) are spent only once its token has been checked.
//
// Errors are JSON `{ error: { code, message } }` (Azure's shape), 4xx for anything the client
// can fix, 502 when the bot fails, 503 when storage fails where nothing else can be done.
// Nothing here logs a body, a token or an id.
import type { Request, Response, Server } from 'restify';
import type { AppParts } from '../appParts.js';
import type { InFlight } from '../inFlight.js';
import { dialogKey } from '../bot/dialogState.js';
import { safeError, type Logger } from '../logger.js';
import { bucketKey } from '../rateLimit.js';
import type { ConversationStore } from '../storage/conversationStore.js';
import {
  CHANNEL_ID,
  Clock,
  activityForBot,
  activityId,
  botReply,
  joinActivity,
  parseJson,
  parsePostedActivity,
  userEcho,
  type ConversationRef
} from './activities.js';
import { DirectLineHistory } from './history.js';
import { CONVERSATION_ID, TokenIssuer, USER_ID, bearerToken, newConversationId, newUserId, type TokenClaims } from './tokens.js';

/** The per-conversation rate limits server.ts hands to route modules (src/rateLimit.ts). */
export interface RouteLimits {
  rejectMessage(res: Response, bucket: string): boolean;
  rejectPoll(res: Response, bucket: string): boolean;
}

export interface DirectLineOptions {
  /** The history shared with the bot's onConversationEnded (src/compose.ts); one of its own otherwise. */
  history?: DirectLineHistory;
  /** Overrides DIRECTLINE_TOKEN_SECRET (tests). */
  secret?: string;
  /** Clock for tokens and timestamps (tests). */
  now?: () => number;
}

export const DIRECTLINE_PREFIX = '/directline';

function noStore(res: Response): void {
  res.header('Cache-Control', 'no-store');
}

function fail(res: Response, status: number, code: string, message: string): void {
  noStore(res);
  res.send(status, { error: { code, message } });
}

function ok(res: Response, status: number, body: unknown): void {
  noStore(res);
  res.send(status, body);
}

/** What "forget" does, wherever it is asked for: the history becomes a tombstone and the dialog is deleted. */
export async function forgetConversation(history: DirectLineHistory, store: ConversationStore, conversationId: string): Promise<void> {
  await history.forget(conversationId);
  const key = dialogKey(CHANNEL_ID, conversationId);
  await store.withLock(key, () => store.storage.delete([key]));
}

/**
 * For GuideBotDeps.onConversationEnded: "delete this chat" in a website conversation also deletes
 * its Direct Line activities. Only for this channel's own conversations: a conversation of another
 * channel that happens to use the same id is not ours. Never throws: the bot still says goodbye if
 * storage fails (the history then goes as soon as the browser has fetched it, or with the idle expiry).
 */
export function directLineOnConversationEnded(history: DirectLineHistory): (conversationId: string, channelId: string) => Promise<void> {
  return async (conversationId, channelId) => {
    if (channelId !== CHANNEL_ID || !CONVERSATION_ID.test(conversationId)) return;
    await history.clear(conversationId).catch(() => undefined);
  };
}

export function directLineModule(options: DirectLineOptions = {}) {
  return (server: Server, parts: AppParts, inFlight: InFlight, limits: RouteLimits): void => {
    const { config, store, adapter, bot } = parts;
    const logger: Logger = parts.logger;
    const now = options.now ?? Date.now;
    const tokens = new TokenIssuer({ secret: options.secret ?? config.DIRECTLINE_TOKEN_SECRET, now });
    const history =
      options.history ??
      new DirectLineHistory(store, { count: config.DIRECTLINE_HISTORY_LIMIT, bytes: config.DIRECTLINE_HISTORY_KB * 1024 }, now);
    const clock = new Clock(now);

    /** The token's claims, or undefined after sending 401/403. With `conversationId`, the token must be for it. */
    function authorize(req: Request, res: Response, conversationId?: string, token = bearerToken(req.headers.authorization)) {
      const check = tokens.check(token);
      if (!check.ok) {
        if (check.reason === 'missing') fail(res, 401, 'Unauthorized', 'A Direct Line token is needed (Authorization: Bearer <token>).');
        else if (check.reason === 'expired') fail(res, 403, 'TokenExpired', 'This token has expired. Start a new chat.');
        else fail(res, 403, 'Forbidden', 'This token is not valid.');
        return undefined;
      }
      if (conversationId !== undefined && check.claims.conversationId !== conversationId) {
        fail(res, 403, 'Forbidden', 'This token is for another conversation.');
        return undefined;
      }
      return check.claims;
    }

    /** Browsers say where a request comes from; only this site's own page may ask for tokens. */
    function crossSite(req: Request, res: Response): boolean {
      if (req.headers['sec-fetch-site'] !== 'cross-site') return false;
      fail(res, 403, 'Forbidden', 'Tokens are only given to this site’s own page.');
      return true;
    }

    const conversationIdOf = (req: Request) => String((req.params as { conversationId?: string }).conversationId ?? '');
    const refOf = (claims: TokenClaims): ConversationRef => ({ conversationId: claims.conversationId, userId: claims.userId });
    const bucketOf = (conversationId: string) => bucketKey('directline', conversationId);
    const fresh = (claims: TokenClaims) => {
      const { token, expires_in } = tokens.issue(claims.conversationId, claims.userId);
      return { conversationId: claims.conversationId, token, expires_in };
    };

    /** Catches what a handler did not: storage down -> 503. Never a 500 with a message. */
    const handle =
      (name: string, fn: (req: Request, res: Response) => Promise<void>) =>
      async (req: Request, res: Response): Promise<void> => {
        try {
          await fn(req, res);
        } catch (err) {
          logger.warn({ err: safeError(err), route: name }, 'directline: request failed');
          if (!res.headersSent) fail(res, 503, 'ServiceUnavailable', 'Sorry, the chat is not working right now. Please try again.');
        }
      };

    /** Runs one turn and returns the bot's message replies (typing indicators are dropped). */
    async function runTurn(activity: Parameters<typeof adapter.deliver>[0]) {
      const replies = await inFlight.track(adapter.deliver(activity, (context) => bot.run(context)));
      return replies.filter((r) => r.type === 'message');
    }

    server.post(
      `${DIRECTLINE_PREFIX}/tokens/generate`,
      handle('tokens/generate', async (req, res) => {
        if (crossSite(req, res)) return;
        const body = (typeof req.body === 'string' ? parseJson(req.body) : req.body) as { user?: { id?: unknown } } | undefined;
        const asked = body?.user?.id;
        if (asked !== undefined && (typeof asked !== 'string' || !USER_ID.test(asked))) {
          fail(res, 400, 'BadArgument', 'user.id must be 8 to 64 letters, digits, "-" or "_".');
          return;
        }
        const { token, expires_in, claims } = tokens.issue(newConversationId(), typeof asked === 'string' ? asked : newUserId());
        ok(res, 200, { conversationId: claims.conversationId, token, expires_in });
      })
    );

    server.post(
      `${DIRECTLINE_PREFIX}/tokens/refresh`,
      handle('tokens/refresh', async (req, res) => {
        const claims = authorize(req, res);
        if (!claims) return;
        if ((await history.state(claims.conversationId)) === 'forgotten') {
          fail(res, 403, 'Forbidden', 'This chat has ended.');
          return;
        }
        ok(res, 200, fresh(claims));
      })
    );

    server.post(
      `${DIRECTLINE_PREFIX}/conversations`,
      handle('conversations/start', async (req, res) => {
        if (crossSite(req, res)) return;
        const claims = authorize(req, res);
        if (!claims) return;
        const body = (typeof req.body === 'string' ? parseJson(req.body) : req.body) as { locale?: unknown } | undefined;
        const locale = typeof body?.locale === 'string' && /^[A-Za-z0-9-]{2,35}$/.test(body.locale) ? body.locale : undefined;
        const opened = await history.open(claims.conversationId);
        if (opened === 'forgotten') {
          fail(res, 404, 'NotFound', 'This chat has ended.');
          return;
        }
        if (opened === 'open') {
          ok(res, 200, fresh(claims));
          return;
        }
        // 'created', or 'unknown' (storage failing): a new chat starts either way.
        if (inFlight.draining) {
          fail(res, 503, 'ServiceUnavailable', 'The chat is restarting. Please try again in a moment.');
          return;
        }
        const ref = refOf(claims);
        let replies;
        try {
          replies = await runTurn(joinActivity(ref, locale, clock.next()));
        } catch (err) {
          logger.warn({ err: safeError(err) }, 'directline: welcome failed');
          fail(res, 502, 'BotError', 'Sorry, the chat could not start. Please try again.');
          return;
        }
        await history.append(ref.conversationId, replies.length, (seqs) =>
          replies.map((reply, i) => botReply(ref, reply, activityId(ref.conversationId, seqs[i]!), clock.next(), undefined))
        );
        ok(res, 201, fresh(claims));
      })
    );

    server.get(
      `${DIRECTLINE_PREFIX}/conversations/:conversationId`,
      handle('conversations/reconnect', async (req, res) => {
        const claims = authorize(req, res, conversationIdOf(req));
        if (!claims) return;
        if (limits.rejectPoll(res, bucketOf(claims.conversationId))) return;
        if ((await history.state(claims.conversationId)) === 'forgotten') {
          fail(res, 404, 'NotFound', 'This chat has ended.');
          return;
        }
        ok(res, 200, fresh(claims));
      })
    );

    server.get(
      `${DIRECTLINE_PREFIX}/conversations/:conversationId/activities`,
      handle('conversations/activities/get', async (req, res) => {
        const claims = authorize(req, res, conversationIdOf(req));
        if (!claims) return;
        if (limits.rejectPoll(res, bucketOf(claims.conversationId))) return;
        const raw = (req.query as { watermark?: unknown } | undefined)?.watermark;
        const text = typeof raw === 'string' ? raw.trim() : raw === undefined ? '' : undefined;
        if (text === undefined || !/^\d{0,15}$/.test(text)) {
          fail(res, 400, 'BadArgument', 'watermark must be a whole number.');
          return;
        }
        const result = await history.read(claims.conversationId, text === '' ? 0 : Number(text));
        if (result.state === 'forgotten') {
          fail(res, 404, 'NotFound', 'This chat has ended.');
          return;
        }
        ok(res, 200, { activities: result.activities, watermark: result.watermark });
      })
    );

    server.post(
      `${DIRECTLINE_PREFIX}/conversations/:conversationId/activities`,
      handle('conversations/activities/post', async (req, res) => {
        const claims = authorize(req, res, conversationIdOf(req));
        if (!claims) return;
        const parsed = parsePostedActivity(req.body);
        if (!parsed.ok) {
          fail(res, 400, 'BadArgument', parsed.message);
          return;
        }
        const posted = parsed.activity;
        const ref = refOf(claims);
        if ((await history.state(ref.conversationId)) === 'forgotten') {
          fail(res, 404, 'NotFound', 'This chat has ended.');
          return;
        }
        // Typing is acknowledged and dropped: it runs no turn and is never stored.
        if (posted.type === 'typing') {
          ok(res, 200, { id: `${ref.conversationId}|typing` });
          return;
        }
        if (limits.rejectMessage(res, bucketOf(ref.conversationId))) return;
        if (inFlight.draining) {
          fail(res, 503, 'ServiceUnavailable', 'The chat is restarting. Please send that again in a moment.');
          return;
        }
        const receivedAt = clock.next();
        let replies;
        try {
          replies = await runTurn(activityForBot(ref, posted, `${ref.conversationId}|in-turn`, receivedAt));
        } catch (err) {
          logger.warn({ err: safeError(err) }, 'directline: turn failed');
          fail(res, 502, 'BotError', 'Sorry, something went wrong. Please send that again.');
          return;
        }
        const seqs = await history.append(ref.conversationId, 1 + replies.length, (seqs) => {
          const echoId = activityId(ref.conversationId, seqs[0]!);
          return [
            userEcho(ref, posted, echoId, receivedAt),
            ...replies.map((reply, i) => botReply(ref, reply, activityId(ref.conversationId, seqs[i + 1]!), clock.next(), echoId))
          ];
        });
        if (!seqs) {
          // Forgotten (quick exit) while the turn ran: nothing was kept.
          fail(res, 404, 'NotFound', 'This chat has ended.');
          return;
        }
        ok(res, 200, { id: activityId(ref.conversationId, seqs[0]!) });
      })
    );

    server.post(`${DIRECTLINE_PREFIX}/conversations/:conversationId/upload`, (_req: Request, res: Response, next: () => void) => {
      fail(res, 403, 'UploadsNotAccepted', 'This chat never accepts files or pictures.');
      next();
    });

    const forget = handle('conversations/forget', async (req, res) => {
      const fromBody = (typeof req.body === 'string' ? parseJson(req.body) : req.body) as { token?: unknown } | undefined;
      const token = bearerToken(req.headers.authorization) ?? (typeof fromBody?.token === 'string' ? fromBody.token : undefined);
      const conversationId = conversationIdOf(req);
      const check = tokens.check(token);
      // An expired token may still forget its own conversation: forgetting is always allowed.
      if (!check.ok && check.reason !== 'expired') {
        authorize(req, res, conversationId, token);
        return;
      }
      if (check.claims.conversationId !== conversationId) {
        fail(res, 403, 'Forbidden', 'This token is for another conversation.');
        return;
      }
      await forgetConversation(history, store, conversationId);
      noStore(res);
      res.send(204);
    });

    server.del(`${DIRECTLINE_PREFIX}/conversations/:conversationId`, forget);
    server.post(`${DIRECTLINE_PREFIX}/conversations/:conversationId/forget`, forget);
  };
}
