// The HTTP server: restify 11 with the bot endpoint, health checks and graceful drain.
// The composition root (index.ts) builds the parts; createApp wires them to routes.
import restify, { type Server } from 'restify';
import type { Config } from './config.js';
import { authenticationEnabled } from './config.js';
import type { Content } from './content/load.js';
import { silentLogger, type Logger } from './logger.js';
import { registerGenericErrorBodies, registerRequestLog } from './requestLog.js';
import { guardActivity } from './activityGuard.js';
import type { GuideAdapter } from './adapter.js';
import type { GuideBot } from './bot/guideBot.js';
import type { ConversationStore } from './storage/conversationStore.js';
import { InFlight } from './inFlight.js';
import { createRateLimits, type RateLimits } from './rateLimit.js';

/** Largest request body accepted anywhere (an activity is a few KB at most). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface AppParts {
  config: Config;
  content: Content;
  store: ConversationStore;
  adapter: GuideAdapter;
  bot: GuideBot;
  logger: Logger;
}

/**
 * Extra routes (website, Direct Line, metrics) are registered by these, in order. A POST route
 * calls `limits.rejectClient(req, res)` first and, once it knows the conversation,
 * `limits.rejectConversation(res, key)` (src/rateLimit.ts); both send the 429 themselves.
 */
export type RouteModule = (server: Server, parts: AppParts, inFlight: InFlight, limits: RateLimits) => void;

export interface App {
  server: Server;
  inFlight: InFlight;
  limits: RateLimits;
  /** Stops accepting, finishes the turns in flight, closes storage. */
  close(): Promise<void>;
}

/**
 * Bodies no route takes, refused unread with 415:
 *  - multipart uploads: restify's parser streams any file, of any size (the body limit does not apply
 *    to it), into a temporary file that it never deletes;
 *  - CSV/TSV: restify's parser answers some malformed bodies with a 500;
 *  - any Content-Encoding: restify's gunzip has no error handler (a body that is not gzip crashes the
 *    process) and its size limit counts compressed bytes (a small gzip bomb inflates without bound).
 *    No channel compresses what it posts to a bot.
 */
const REFUSED_BODY_TYPES = new Set(['multipart/form-data', 'text/csv', 'text/tsv', 'text/tab-separated-values']);

function refuseUnreadableBodies(req: restify.Request, res: restify.Response, next: restify.Next): void {
  if (!(req.isChunked() || req.getContentLength() > 0)) return next();
  const encoding = req.headers['content-encoding'];
  const encoded = encoding !== undefined && encoding.trim().toLowerCase() !== 'identity';
  if (encoded || REFUSED_BODY_TYPES.has(req.getContentType().toLowerCase())) {
    res.header('Connection', 'close');
    res.send(415, { error: encoded ? 'Compressed requests are not accepted.' : 'This kind of content is not accepted here.' });
    next(false);
    return;
  }
  next();
}

function securityHeaders(_req: restify.Request, res: restify.Response, next: restify.Next): void {
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
  next();
}

export function createApp(parts: AppParts, modules: RouteModule[] = []): App {
  const { config, adapter, bot, store } = parts;
  const server = restify.createServer({
    name: 'safe-to-ask',
    handleUncaughtExceptions: false,
    // Privacy: restify's own logger traces whole response bodies and errors; it never writes.
    log: silentLogger() as unknown as restify.ServerOptions['log']
  });
  // Privacy: one line per response with the route pattern, status and duration only, and error
  // responses that never quote the request (src/requestLog.ts).
  registerRequestLog(server, parts.logger);
  registerGenericErrorBodies(server);
  const inFlight = new InFlight();
  const limits = createRateLimits(config, parts.content);
  server.use(securityHeaders);
  server.use(refuseUnreadableBodies);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, rejectUnknown: false }));

  server.post('/api/messages', async (req, res) => {
    // With authentication on, every request comes from the Bot Connector's few shared addresses: a
    // per-client limit would throttle everyone, so only the per-conversation limit applies then.
    if (!authenticationEnabled(config) && limits.rejectClient(req, res)) return;
    const guard = guardActivity(req.body, {
      authenticated: authenticationEnabled(config),
      allowList: config.SERVICE_URL_ALLOWLIST
    });
    if (!guard.ok) {
      res.send(guard.status, { error: guard.message });
      return;
    }
    const incoming = req.body as { channelId: string; conversation: { id: string } };
    if (limits.rejectConversation(res, `${incoming.channelId}/${incoming.conversation.id}`)) return;
    await inFlight.track(adapter.process(req, res, (context) => bot.run(context)));
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req, res) => {
    const storageReady = await store.isReady().catch(() => false);
    const ready = storageReady && !inFlight.draining;
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', content: true, storage: storageReady });
  });

  for (const register of modules) register(server, parts, inFlight, limits);

  return {
    server,
    inFlight,
    limits,
    async close() {
      inFlight.startDraining();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections();
      });
      await inFlight.settled();
      limits.close();
      await store.close();
    }
  };
}
