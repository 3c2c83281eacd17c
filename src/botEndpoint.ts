// POST /api/messages: the Bot Framework endpoint, for Azure Bot Service channels and the Emulator.
//
// In this order, each step before any work the next one costs:
//  1. JSON only (415 otherwise): a form post from any web page cannot reach the bot cross-site.
//  2. The activity's shape (src/activityGuard.ts): 400; the channels this server serves itself are
//     refused (403), and with authentication off replies go only to an allow-listed serviceUrl.
//  3. Bot Framework authentication (when an app id is set): 401, or a generic 503 when the check
//     itself fails (its errors can name internal addresses).
//  4. The conversation's rate limit, spent only now that the request has passed 1-3.
//  5. The turn. Errors outside the turn get a generic 500: CloudAdapter.process would send the error's
//     message, which can quote the request.
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { guardActivity, type IncomingActivity } from './activityGuard.js';
import { authenticationEnabled } from './config.js';
import type { InFlight } from './inFlight.js';
import { safeError } from './logger.js';
import { bucketKey, type RateLimits } from './rateLimit.js';
import type { AppParts } from './appParts.js';

export const BOT_ENDPOINT = '/api/messages';

const isJson = (req: Request) => /^application\/json$/i.test(req.getContentType());

/** The activity as botbuilder's CloudAdapter.process makes it from a body: timestamps as Dates (its validateAndFixActivity). */
function toActivity(incoming: IncomingActivity): Activity {
  const activity = { ...incoming } as unknown as Activity & Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp']
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity;
}

/** jsonwebtoken's errors for a token that is bad (a signature, a date): botbuilder passes them on as they are. */
const BAD_TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/** The credentials were checked and refused (401), as opposed to the check itself failing (metadata unreachable). */
function refusedCredentials(err: unknown): boolean {
  if (err instanceof AuthenticationError) return err.statusCode < 500;
  return err instanceof Error && BAD_TOKEN_ERRORS.has(err.name);
}

export function registerBotEndpoint(server: Server, parts: AppParts, inFlight: InFlight, limits: RateLimits): void {
  const { config, adapter, bot, logger } = parts;
  const authenticated = authenticationEnabled(config);

  /** The caller's credentials, or undefined once a 401/503 has been sent. */
  async function authenticate(req: Request, res: Response, activity: Activity): Promise<AuthenticateRequestResult | undefined> {
    if (!authenticated) return adapter.anonymous();
    const header = req.headers.authorization;
    try {
      return await adapter.authenticate(activity, typeof header === 'string' ? header : '');
    } catch (err) {
      if (refusedCredentials(err)) {
        res.send(401, { error: 'This request does not carry valid Bot Framework credentials.' });
      } else {
        logger.error({ err: safeError(err) }, 'authentication check failed');
        res.send(503, { error: 'Credentials cannot be checked right now. Please try again.' });
      }
      return undefined;
    }
  }

  /**
   * With authentication on, the conversation is as the Bot Connector says. With it off nobody is
   * vouched for, so a conversation's bucket is this client's own: another client cannot spend it.
   */
  const messageBucket = (req: Request, activity: IncomingActivity) =>
    authenticated
      ? bucketKey('api', activity.channelId, activity.conversation.id)
      : bucketKey('api', limits.clientKey(req), activity.channelId, activity.conversation.id);

  server.post(BOT_ENDPOINT, async (req, res) => {
    if (!isJson(req)) {
      res.send(415, { error: 'Activities are posted as application/json.' });
      return;
    }
    const guard = guardActivity(req.body, { authenticated, allowList: config.SERVICE_URL_ALLOWLIST });
    if (!guard.ok) {
      res.send(guard.status, { error: guard.message });
      return;
    }
    const activity = toActivity(guard.activity);
    const auth = await authenticate(req, res, activity);
    if (!auth) return;
    if (limits.rejectMessage(res, messageBucket(req, guard.activity))) return;
    try {
      const response = await inFlight.track(adapter.runTurn(auth, activity, (context) => bot.run(context)));
      if (response?.body !== undefined) res.send(response.status ?? 200, response.body);
      else res.send(response?.status ?? 200);
    } catch (err) {
      logger.error({ err: safeError(err) }, 'turn failed outside the bot');
      if (!res.headersSent) res.send(500, { error: 'Sorry, something went wrong.' });
    }
  });
}
