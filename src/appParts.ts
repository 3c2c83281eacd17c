// The parts the composition root builds (src/compose.ts) and every route module is handed: one
// home for their shape, so the server, the bot endpoint and the routes need not import each other.
import type { Server } from 'restify';
import type { GuideAdapter } from './adapter.js';
import type { GuideBot } from './bot/guideBot.js';
import type { Config } from './config.js';
import type { Content } from './content/load.js';
import type { InFlight } from './inFlight.js';
import type { Logger } from './logger.js';
import type { RateLimits } from './rateLimit.js';
import type { ConversationStore } from './storage/conversationStore.js';

export interface AppParts {
  config: Config;
  content: Content;
  store: ConversationStore;
  adapter: GuideAdapter;
  bot: GuideBot;
  logger: Logger;
}

/**
 * Extra routes (website, Direct Line, metrics) are registered by these, in order. Every request
 * has already spent its client's rate limit (src/rateLimit.ts); a route that knows the
 * conversation, once the request has shown it may use it, calls `limits.rejectMessage` or
 * `limits.rejectPoll`, which send the 429 themselves.
 */
export type RouteModule = (server: Server, parts: AppParts, inFlight: InFlight, limits: RateLimits) => void;
