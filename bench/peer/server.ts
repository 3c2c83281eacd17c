// The peer's composition root, as BotBuilder-Samples' index.ts: restify with the body parser,
// CloudAdapter with ConfigurationBotFrameworkAuthentication (no app id: authentication off, as in
// the bench), onTurnError, ConversationState on MemoryStorage, the dialog and the bot.
// Child process of the bench (node --import tsx bench/peer/server.ts): listens on a free loopback
// port, prints "LISTENING <port>" when ready, and stops on SIGTERM.
import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  type TurnContext
} from 'botbuilder';
import { DialogBot } from './dialogBot.js';
import { GuideDialog } from './guideDialog.js';

const botFrameworkAuthentication = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' });
const adapter = new CloudAdapter(botFrameworkAuthentication);

const memoryStorage = new MemoryStorage();
const conversationState = new ConversationState(memoryStorage);

adapter.onTurnError = async (context: TurnContext, error: Error) => {
  process.stderr.write(`[onTurnError] unhandled error: ${error.name}\n`);
  await context.sendTraceActivity('OnTurnError Trace', `${error}`, 'https://www.botframework.com/schemas/error', 'TurnError');
  await context.sendActivity('The bot encountered an error or bug.');
  await conversationState.delete(context);
};

const dialog = new GuideDialog();
const bot = new DialogBot(conversationState, dialog);

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`LISTENING ${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
