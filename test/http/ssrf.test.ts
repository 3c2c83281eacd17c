// Replies to a serviceUrl with authentication off (issue 16, item 4). Anyone can post to
// /api/messages then, and the bot would POST its replies to whatever serviceUrl the activity names:
// a blind request forgery into the server's own network (and the time to answer tells which local
// ports are open). Replies go only to an origin in SERVICE_URL_ALLOWLIST, written exactly as listed;
// anything else must ask for its replies in the response (deliveryMode "expectReplies").
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTrap } from '../privacy/support.js';
import { startStubConnector } from '../fuzz/support.js';
import { activity, post, startServer, type RunningServer } from '../support/server.js';

let trap: Awaited<ReturnType<typeof startTrap>>;
let connector: Awaited<ReturnType<typeof startStubConnector>>;
let server: RunningServer | undefined;

beforeAll(async () => {
  trap = await startTrap();
  connector = await startStubConnector();
});
afterAll(async () => {
  await trap?.close();
  await connector?.close();
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const port = (url: string) => new URL(url).port;
/** The same loopback address spelled the ways the URL parser accepts: all must be refused. */
const spellings = (p: string) => [
  `http://127.0.0.1:${p}/`,
  `http://localhost:${p}/`,
  `http://[::1]:${p}/`,
  `http://2130706433:${p}/`,
  `http://0x7f000001:${p}/`,
  `http://0177.0.0.1:${p}/`,
  `http://127.1:${p}/`,
  `http://user:pass@127.0.0.1:${p}/`,
  `http://127.0.0.1:${p}@example.org/`,
  `http://127.0.0.1:${p}\\@example.org/`
];

const normal = (serviceUrl: string, text = 'hello') => ({ ...activity(text), deliveryMode: 'normal', serviceUrl });

describe('with authentication off and no SERVICE_URL_ALLOWLIST', () => {
  it('refuses every serviceUrl, loopback in any spelling included, and the bot never calls one', async () => {
    server = await startServer();
    for (const serviceUrl of [...spellings(port(trap.url)), 'http://10.0.0.1/', 'https://example.org/']) {
      const res = await post(server.url, normal(serviceUrl));
      expect(res.status, serviceUrl).toBe(403);
      expect(res.text).toMatch(/expectReplies/);
    }
    expect(trap.requests).toEqual([]);
  });

  it('still answers in the response when asked with deliveryMode "expectReplies", whatever the serviceUrl', async () => {
    server = await startServer();
    const res = await post(server.url, { ...activity('hello'), serviceUrl: trap.url });
    expect(res.status).toBe(200);
    expect(res.json?.activities?.length).toBeGreaterThan(0);
    expect(trap.requests).toEqual([]);
  });
});

describe('with SERVICE_URL_ALLOWLIST', () => {
  it('replies to the exact origin listed, and to nothing that only resolves to it', async () => {
    server = await startServer({ SERVICE_URL_ALLOWLIST: `${connector.url}/` });
    const before = connector.received;
    const allowed = await post(server.url, normal(`${connector.url}/v3/`));
    expect(allowed.status).toBe(200);
    expect(connector.received).toBeGreaterThan(before); // the replies went to the Bot Connector stub
    const afterAllowed = connector.received;
    for (const serviceUrl of spellings(port(connector.url)).filter((u) => u !== `http://127.0.0.1:${port(connector.url)}/`)) {
      expect((await post(server.url, normal(serviceUrl))).status, serviceUrl).toBe(403);
    }
    // Another port on the same host is another origin.
    expect((await post(server.url, normal(trap.url))).status).toBe(403);
    expect(connector.received).toBe(afterAllowed);
    expect(trap.requests).toEqual([]);
  });

  it('must list origins: a path, a user name or a bad URL is a configuration error at start-up', () => {
    expect(loadConfig({ SERVICE_URL_ALLOWLIST: 'http://localhost:53000, https://smba.trafficmanager.net/' }).SERVICE_URL_ALLOWLIST).toEqual([
      'http://localhost:53000',
      'https://smba.trafficmanager.net'
    ]);
    for (const bad of ['https://smba.trafficmanager.net/emea/', 'http://user:pw@localhost:53000', 'localhost:53000', 'http://2130706433']) {
      expect(() => loadConfig({ SERVICE_URL_ALLOWLIST: bad }), bad).toThrow(/SERVICE_URL_ALLOWLIST/);
    }
  });
});
