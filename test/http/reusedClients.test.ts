// The Bot Framework clients are built once and reused across turns (src/reusedClients.ts). What must
// still hold: each conversation's replies reach that conversation at its own serviceUrl, a client is
// never shared between service URLs or apps, a failed creation is tried again, and an attacker
// posting endless service URLs cannot grow the cache.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, BotFrameworkAuthentication, ClaimsIdentity, ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import { ReusingBotFrameworkAuthentication } from '../../src/reusedClients.js';
import { activity, post, startServer } from '../support/server.js';

const anonymous = new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType);
const asApp = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);
const configured = () => new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' });

describe('ReusingBotFrameworkAuthentication', () => {
  it('gives the same client for the same service URL and app, and another for another', async () => {
    const auth = new ReusingBotFrameworkAuthentication(configured());
    const first = await auth.createConnectorFactory(anonymous).create('https://a.example/', 'scope');
    expect(await auth.createConnectorFactory(anonymous).create('https://a.example/', 'scope')).toBe(first);
    expect(await auth.createConnectorFactory(anonymous).create('https://b.example/', 'scope')).not.toBe(first);
    expect(await auth.createConnectorFactory(anonymous).create('https://a.example/', 'other scope')).not.toBe(first);
    expect(await auth.createConnectorFactory(asApp('another-app')).create('https://a.example/', 'scope')).not.toBe(first);
    expect(await auth.createUserTokenClient(anonymous)).toBe(await auth.createUserTokenClient(anonymous));
  });

  it('keeps a bounded number of clients, however many service URLs are posted', async () => {
    const auth = new ReusingBotFrameworkAuthentication(configured());
    const first = await auth.createConnectorFactory(anonymous).create('https://first.example/');
    for (let i = 0; i < 1000; i++) await auth.createConnectorFactory(anonymous).create(`https://attacker-${i}.example/`);
    // The first was pushed out: it is made anew, not kept for ever alongside a thousand others.
    expect(await auth.createConnectorFactory(anonymous).create('https://first.example/')).not.toBe(first);
  });

  it('tries again after a client could not be made', async () => {
    let calls = 0;
    class Flaky extends ConnectorFactory {
      async create(): Promise<ConnectorClient> {
        calls++;
        if (calls === 1) throw new Error('credentials unavailable');
        return {} as ConnectorClient;
      }
    }
    const inner = configured() as BotFrameworkAuthentication;
    inner.createConnectorFactory = () => new Flaky();
    const auth = new ReusingBotFrameworkAuthentication(inner);
    await expect(auth.createConnectorFactory(anonymous).create('https://a.example/')).rejects.toThrow('credentials unavailable');
    const client = await auth.createConnectorFactory(anonymous).create('https://a.example/');
    expect(await auth.createConnectorFactory(anonymous).create('https://a.example/')).toBe(client);
    expect(calls).toBe(2);
  });
});

/** A Bot Connector stand-in that records where each reply was posted. */
async function startConnector(): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      paths.push(decodeURIComponent(req.url ?? ''));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${paths.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))
  };
}

describe('replies posted to a Bot Connector over reused clients', () => {
  let one: Awaited<ReturnType<typeof startConnector>>;
  let two: Awaited<ReturnType<typeof startConnector>>;
  beforeAll(async () => {
    one = await startConnector();
    two = await startConnector();
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  it('reach each conversation at its own service URL, turn after turn', async () => {
    const server = await startServer({ SERVICE_URL_ALLOWLIST: `${one.url}/,${two.url}/` });
    try {
      const send = (connector: string, conversation: string, text: string) =>
        post(server.url, { ...activity(text, conversation), deliveryMode: 'normal', serviceUrl: `${connector}/` });
      for (const text of ['hello', 'parent', 'uk']) {
        expect((await send(one.url, 'conversation-one', text)).status).toBe(200);
        expect((await send(two.url, 'conversation-two', text)).status).toBe(200);
      }
    } finally {
      await server.stop();
    }
    expect(one.paths.length).toBeGreaterThanOrEqual(3);
    expect(two.paths.length).toBeGreaterThanOrEqual(3);
    expect(one.paths.every((p) => p.startsWith('/v3/conversations/conversation-one/activities'))).toBe(true);
    expect(two.paths.every((p) => p.startsWith('/v3/conversations/conversation-two/activities'))).toBe(true);
  });
});
