// The yardstick: an ActivityHandler that echoes the text, on the SAME restify + CloudAdapter stack
// as the guide (createApp: same middleware, body parser, guard, rate-limit hook and adapter), so the
// ratio bot/echo measures what the guide's own turn costs.
import { ActivityHandler } from 'botbuilder';
import type { GuideBot } from '../src/bot/guideBot.js';
import type { Config } from '../src/config.js';
import { composeParts } from '../src/compose.js';
import { createApp, type App } from '../src/server.js';

export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

export function createEchoApp(config: Config): App {
  const parts = composeParts(config);
  return createApp({ ...parts, bot: new EchoBot() as unknown as GuideBot });
}
