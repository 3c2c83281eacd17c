// The server the protocol tests share, one per test file: Direct Line tokens signed with a known
// secret (so a test can sign its own expired, foreign or forged tokens), no rate limits, and every
// log line kept (trace level) so a test can search the logs.
import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { historyKey } from '../../src/directline/history.js';
import { startServer, type RunningServer } from '../support/server.js';

export const SECRET = 'test-secret-for-direct-line-tokens-0123456789';
export const ENV = { DIRECTLINE_TOKEN_SECRET: SECRET, RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0' };

export interface ProtocolServer {
  server: RunningServer;
  base: string;
  logLines: string[];
  /** A conversation's Direct Line history as it is stored. */
  stored(conversationId: string): Promise<any>;
}

/** For a test file: the server, started before its tests and stopped after. */
export function useProtocolServer(): ProtocolServer {
  const dl = {
    logLines: [] as string[],
    async stored(conversationId: string): Promise<any> {
      const items = await dl.server.parts.store.storage.read([historyKey(conversationId)]);
      return items[historyKey(conversationId)];
    }
  } as ProtocolServer;
  beforeAll(async () => {
    const logDestination = new Writable({
      write(chunk, _encoding, done) {
        dl.logLines.push(String(chunk));
        done();
      }
    });
    dl.server = await startServer({ ...ENV, LOG_LEVEL: 'trace' }, { logDestination });
    dl.base = dl.server.url;
  });
  afterAll(async () => {
    await dl.server.stop();
  });
  return dl;
}

export const messagesOf = (set: { activities: Array<Record<string, any>> }) => set.activities.filter((a) => a.type === 'message');
