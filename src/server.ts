// The HTTP server: restify 11 with the bot endpoint, health checks and graceful drain.
// The composition root (index.ts) builds the parts; createApp wires them to routes.
import type { Socket } from 'node:net';
import restify, { type Server } from 'restify';
import type { Config } from './config.js';
import { authenticationEnabled } from './config.js';
import { silentLogger } from './logger.js';
import { registerGenericErrorBodies, registerRequestLog, routeLabel } from './requestLog.js';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './activityGuard.js';
import { BOT_ENDPOINT, registerBotEndpoint } from './botEndpoint.js';
import { InFlight } from './inFlight.js';
import { createRateLimits, type RateLimits } from './rateLimit.js';
import type { AppParts, RouteModule } from './appParts.js';

/** Largest request body accepted anywhere (an activity is a few KB at most). */
export const MAX_BODY_BYTES = 64 * 1024;

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

/**
 * A body nested deeper than any activity: 400. (JSON.stringify of such a value throws a RangeError,
 * which would otherwise surface as a 5xx wherever a route serialises it.)
 */
function refuseDeepBodies(req: restify.Request, res: restify.Response, next: restify.Next): void {
  if (!nestedDeeperThan(req.body)) return next();
  res.send(400, { error: `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.` });
  next(false);
}

/** Health probes and the metrics scrape are never limited: a load balancer or Prometheus must always get through. */
const UNLIMITED_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** Every other route spends its client's share first, before its body is even read. */
function limitClients(config: Config, limits: RateLimits) {
  // With authentication on, /api/messages comes from the Bot Connector's few shared addresses: a
  // per-client limit would throttle everyone, so only the per-conversation limit applies there.
  const exempt = new Set([...UNLIMITED_ROUTES, ...(authenticationEnabled(config) ? [BOT_ENDPOINT] : [])]);
  return (req: restify.Request, res: restify.Response, next: restify.Next): void => {
    if (exempt.has(routeLabel(req.getRoute())) || !limits.rejectClient(req, res)) return next();
    next(false);
  };
}

/**
 * This server speaks no WebSocket (the local Direct Line is polled). restify hands `upgrade`
 * requests to its own event and nothing would answer, so each would hold a socket forever (and
 * a SIGTERM drain with it): answer 400 and close at once.
 */
function refuseUpgrades(server: Server): void {
  const body = JSON.stringify({ error: 'This server does not use WebSockets.' });
  const response = [
    'HTTP/1.1 400 Bad Request',
    'Connection: close',
    'Content-Type: application/json',
    'Cache-Control: no-store',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body
  ].join('\r\n');
  server.on('upgrade', (_req: unknown, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(response);
    socket.setTimeout(1000, () => socket.destroy());
  });
}

function securityHeaders(_req: restify.Request, res: restify.Response, next: restify.Next): void {
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
  next();
}

export function createApp(parts: AppParts, modules: RouteModule[] = []): App {
  const { config, store } = parts;
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
  refuseUpgrades(server);
  const inFlight = new InFlight();
  const limits = createRateLimits(config, parts.content);
  server.use(securityHeaders);
  server.use(limitClients(config, limits));
  server.use(refuseUnreadableBodies);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, rejectUnknown: false }));
  server.use(refuseDeepBodies);

  registerBotEndpoint(server, parts, inFlight, limits);

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
