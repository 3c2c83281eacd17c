// Composition root: configuration -> parts -> HTTP server. Nothing else happens here.
import { authenticationEnabled, loadConfig } from './config.js';
import { composeApp } from './compose.js';
import { logProcessErrors, safeError } from './logger.js';
import { untilStoreReady } from './storage/conversationStore.js';

/** How long a new instance waits for Redis before taking traffic anyway. */
const STORAGE_WAIT_MS = 5000;

const config = loadConfig();
const { app, parts } = composeApp(config);
const { logger } = parts;
logProcessErrors(logger);

if (!authenticationEnabled(config)) {
  logger.warn(
    'Bot Framework authentication is OFF (no MicrosoftAppId). Replies go in the HTTP response (expectReplies), or only to a serviceUrl whose origin is in SERVICE_URL_ALLOWLIST.'
  );
}

if (!(await untilStoreReady(parts.store, STORAGE_WAIT_MS))) {
  logger.warn({ storage: parts.store.kind }, 'storage is not answering yet: listening anyway (urgent help needs no storage; /readyz is 503 until it answers)');
}

/** The address a person on this machine opens: a wildcard or loopback bind is reached as localhost. */
function addressToOpen(host: string, port: number): string {
  const local = ['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'].includes(host);
  const shown = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

app.server.listen(config.PORT, config.HOST, () => {
  const { port } = app.server.address();
  logger.info({ port, host: config.HOST, storage: parts.store.kind }, 'Safe to Ask is listening');
  // For the person who typed `npm start`: one plain line, after the JSON lines meant for operators.
  process.stdout.write(`Safe to Ask is ready: ${addressToOpen(config.HOST, port)}\n`);
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, inFlight: app.inFlight.count }, 'stopping: finishing turns in flight');
  // A turn or connection that never finishes must not keep the process (and its port) forever.
  const deadline = setTimeout(() => {
    logger.error({ inFlight: app.inFlight.count, drainSeconds: config.DRAIN_SECONDS }, 'drain timed out: exiting anyway');
    process.exit(1);
  }, config.DRAIN_SECONDS * 1000);
  deadline.unref();
  try {
    await app.close();
  } catch (err) {
    logger.error({ err: safeError(err) }, 'stopping failed');
    process.exit(1);
  }
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
