// Builds the whole guide from configuration: content, understanding, storage, adapter,
// bot and routes. index.ts (the server), chat.ts (the terminal) and the tests use it,
// so all three run the same bot.
import type { DestinationStream } from 'pino';
import { createAdapter } from './adapter.js';
import { GuideBot } from './bot/guideBot.js';
import type { TurnObserver } from './bot/turnObserver.js';
import type { Config } from './config.js';
import { loadContent, type Content } from './content/load.js';
import { createLogger } from './logger.js';
import { combineObservers, createMetrics, metricsModule, type Metrics } from './metrics.js';
import type { AppParts, RouteModule } from './appParts.js';
import { createApp, type App } from './server.js';
import { DirectLineHistory } from './directline/history.js';
import { createConversationStore } from './storage/conversationStore.js';
import { createUnderstanding } from './understanding/index.js';
import { directLineOnConversationEnded, websiteModules } from './website/index.js';

export interface ComposeOptions {
  content?: Content;
  now?: () => Date;
  logDestination?: DestinationStream;
  observer?: TurnObserver;
  modules?: RouteModule[];
}

/** The parts plus this app's own metrics (a fresh prom-client Registry per app) and the website's Direct Line history. */
export type ComposedParts = AppParts & { metrics: Metrics; directLineHistory: DirectLineHistory };

export function composeParts(config: Config, options: ComposeOptions = {}): ComposedParts {
  const logger = createLogger(config.LOG_LEVEL, options.logDestination);
  const content = options.content ?? loadContent();
  const store = createConversationStore({
    redisUrl: config.REDIS_URL,
    idleSeconds: config.IDLE_MINUTES * 60,
    memoryMaxBytes: Math.round(config.MEMORY_STORAGE_MB * 1024 * 1024)
  });
  const understanding = createUnderstanding(content);
  // Turns are always counted by the metrics; options.observer (e.g. a test's) sees them too.
  const metrics = createMetrics({ serviceIds: content.services.keys() });
  const observer = combineObservers(metrics.observer, options.observer);
  // "Delete this chat" also deletes the website's Direct Line history of that conversation.
  const directLineHistory = new DirectLineHistory(store, {
    count: config.DIRECTLINE_HISTORY_LIMIT,
    bytes: config.DIRECTLINE_HISTORY_KB * 1024
  });
  const onConversationEnded = directLineOnConversationEnded(directLineHistory);
  const bot = new GuideBot({ content, understanding, store, now: options.now, observer, onConversationEnded });
  const adapter = createAdapter(config, content, logger);
  return { config, content, store, adapter, bot, logger, metrics, directLineHistory };
}

/** The routes every app has unless ComposeOptions.modules says otherwise. */
function defaultModules(config: Config, parts: ComposedParts): RouteModule[] {
  return [metricsModule(parts.metrics, { token: config.METRICS_TOKEN }), ...websiteModules({ history: parts.directLineHistory })];
}

export function composeApp(config: Config, options: ComposeOptions = {}): { app: App; parts: ComposedParts } {
  const parts = composeParts(config, options);
  return { app: createApp(parts, options.modules ?? defaultModules(config, parts)), parts };
}
