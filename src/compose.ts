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
import { createApp, type App, type AppParts, type RouteModule } from './server.js';
import { createConversationStore } from './storage/conversationStore.js';
import { createUnderstanding } from './understanding/index.js';

export interface ComposeOptions {
  content?: Content;
  now?: () => Date;
  logDestination?: DestinationStream;
  observer?: TurnObserver;
  modules?: RouteModule[];
}

export function composeParts(config: Config, options: ComposeOptions = {}): AppParts {
  const logger = createLogger(config.LOG_LEVEL, options.logDestination);
  const content = options.content ?? loadContent();
  const store = createConversationStore({ redisUrl: config.REDIS_URL, idleSeconds: config.IDLE_MINUTES * 60 });
  const understanding = createUnderstanding(content);
  const bot = new GuideBot({ content, understanding, store, now: options.now, observer: options.observer });
  const adapter = createAdapter(config, content, logger);
  return { config, content, store, adapter, bot, logger };
}

export function composeApp(config: Config, options: ComposeOptions = {}): { app: App; parts: AppParts } {
  const parts = composeParts(config, options);
  return { app: createApp(parts, options.modules), parts };
}
