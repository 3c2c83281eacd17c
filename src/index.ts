// Composition root: configuration -> parts -> HTTP server. Nothing else happens here.
import { authenticationEnabled, loadConfig } from './config.js';
import { composeApp } from './compose.js';

const config = loadConfig();
const { app, parts } = composeApp(config);
const { logger } = parts;

if (!authenticationEnabled(config)) {
  logger.warn(
    'Bot Framework authentication is OFF (no MicrosoftAppId). Replies go only to loopback or SERVICE_URL_ALLOWLIST serviceUrls.'
  );
}

app.server.listen(config.PORT, config.HOST, () => {
  logger.info({ port: app.server.address().port, host: config.HOST, storage: parts.store.kind }, 'Safe to Ask is listening');
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, inFlight: app.inFlight.count }, 'stopping: finishing turns in flight');
  await app.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
