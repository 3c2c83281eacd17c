// Child process of the bench: one server (the guide, or the echo bot) on a free loopback port.
// Usage: node --import tsx bench/server.ts guide|echo   (env: REDIS_URL for Redis storage)
// Prints one line "LISTENING <port>" when ready, and stops on SIGTERM.
import type { AddressInfo } from 'node:net';
import { composeApp } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { untilStoreReady } from '../src/storage/conversationStore.js';
import type { App } from '../src/server.js';
import { createEchoApp } from './echoBot.js';

const kind = process.argv[2];
if (kind !== 'guide' && kind !== 'echo') throw new Error('usage: bench/server.ts guide|echo');

// Rate limits on (their cost is measured) but far above the load, which comes from one loopback
// address at thousands of requests a second.
const config = loadConfig({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_CLIENT: '1000000',
  RATE_LIMIT_PER_CONVERSATION: '100000',
  MicrosoftAppId: ''
});
async function build(): Promise<App> {
  if (kind === 'echo') return createEchoApp(config);
  const { app, parts } = composeApp(config);
  // As `npm start` does: a Redis store gets its moment to connect before traffic.
  await untilStoreReady(parts.store, 5000);
  return app;
}
const app = await build();

app.server.listen(0, '127.0.0.1', () => {
  const { port } = app.server.address() as AddressInfo;
  process.stdout.write(`LISTENING ${port}\n`);
});
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
