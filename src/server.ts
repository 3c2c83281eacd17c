// The HTTP server: restify 11 with the bot endpoint, health checks and graceful drain.
// The composition root (index.ts) builds the parts; createApp wires them to routes.
import restify, { type Server } from 'restify';
import type { Config } from './config.js';
import { authenticationEnabled } from './config.js';
import type { Content } from './content/load.js';
import type { Logger } from './logger.js';
import { guardActivity } from './activityGuard.js';
import type { GuideAdapter } from './adapter.js';
import type { GuideBot } from './bot/guideBot.js';
import type { ConversationStore } from './storage/conversationStore.js';
import { InFlight } from './inFlight.js';

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

/** Extra routes (website, Direct Line, metrics) are registered by these, in order. */
export type RouteModule = (server: Server, parts: AppParts, inFlight: InFlight) => void;

export interface App {
  server: Server;
  inFlight: InFlight;
  /** Stops accepting, finishes the turns in flight, closes storage. */
  close(): Promise<void>;
}

function securityHeaders(_req: restify.Request, res: restify.Response, next: restify.Next): void {
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
  next();
}

export function createApp(parts: AppParts, modules: RouteModule[] = []): App {
  const { config, adapter, bot, store } = parts;
  const server = restify.createServer({ name: 'safe-to-ask', handleUncaughtExceptions: false });
  const inFlight = new InFlight();
  server.use(securityHeaders);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, rejectUnknown: false }));

  server.post('/api/messages', async (req, res) => {
    const guard = guardActivity(req.body, {
      authenticated: authenticationEnabled(config),
      allowList: config.SERVICE_URL_ALLOWLIST
    });
    if (!guard.ok) {
      res.send(guard.status, { error: guard.message });
      return;
    }
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

  for (const register of modules) register(server, parts, inFlight);

  return {
    server,
    inFlight,
    async close() {
      inFlight.startDraining();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections();
      });
      await inFlight.settled();
      await store.close();
    }
  };
}
