// /api/messages with Bot Framework authentication on (issue 16, item 9), against a real token check:
// a local OpenID metadata endpoint publishes a key, and the test signs channel tokens with it, as the
// Bot Connector signs them with Microsoft's. Requests without a valid token must not spend a
// conversation's rate limit (authentication first), and when the check itself fails (the metadata
// cannot be fetched) the answer is a generic 503 that names nothing inside the server.
import { createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { activity, post, startServer, type RunningServer } from '../support/server.js';

const APP_ID = '00000000-0000-4000-8000-00000000a99b';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/teams/';
const CHANNEL = 'msteams';
const KEY_ID = 'safe-to-ask-test-key';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A channel token as the Bot Connector sends it, signed with the test's key. */
function channelToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url({ alg: 'RS256', typ: 'JWT', kid: KEY_ID });
  const body = b64url({ iss: ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims });
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** The OpenID metadata and keys of the test's "Bot Framework". */
async function startOpenIdEndpoint(): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: KEY_ID, n: jwk.n, e: jwk.e, endorsements: [CHANNEL] }] }));
    else res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/openidconfiguration`,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

const fromChannel = (conversationId: string, text = 'hello') => ({ ...activity(text, conversationId), channelId: CHANNEL, serviceUrl: SERVICE_URL });
const withToken = (token = channelToken()) => ({ authorization: `Bearer ${token}` });

let openId: Awaited<ReturnType<typeof startOpenIdEndpoint>>;
let server: RunningServer | undefined;
beforeAll(async () => {
  openId = await startOpenIdEndpoint();
});
afterAll(async () => {
  await openId?.close();
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const authOn = (extra: Record<string, string> = {}) => ({
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'not-used-for-replies-in-the-response',
  ToBotFromChannelOpenIdMetadataUrl: openId.url,
  RATE_LIMIT_PER_CLIENT: '0',
  ...extra
});

describe('with Bot Framework authentication on', () => {
  it('answers a message with a valid channel token, and refuses one without (401)', async () => {
    server = await startServer(authOn());
    const ok = await post(server.url, fromChannel('auth-ok'), withToken());
    expect(ok.status).toBe(200);
    expect(ok.json?.activities?.some((a) => a.type === 'message')).toBe(true);
    expect((await post(server.url, fromChannel('auth-ok'))).status).toBe(401);
    expect((await post(server.url, fromChannel('auth-ok'), withToken(channelToken({ aud: 'another-bot' })))).status).toBe(401);
    // botbuilder prints the metadata's public keys to the console when a signature does not match.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await post(server.url, fromChannel('auth-ok'), withToken(`${channelToken().slice(0, -4)}AAAA`))).status).toBe(401);
    } finally {
      quiet.mockRestore();
    }
  });

  it("authenticates before spending a conversation's rate limit: token-less posts cannot starve it", async () => {
    server = await startServer(authOn({ RATE_LIMIT_PER_CONVERSATION: '2' }));
    const id = 'auth-starve';
    const tokenless: number[] = [];
    for (let i = 0; i < 5; i++) tokenless.push((await post(server.url, fromChannel(id))).status);
    expect(tokenless).toEqual([401, 401, 401, 401, 401]);
    const real: number[] = [];
    for (let i = 0; i < 3; i++) real.push((await post(server.url, fromChannel(id), withToken())).status);
    expect(real).toEqual([200, 200, 429]); // the limit applies, to authenticated traffic
  });

  it('answers 503 with a generic body when the OpenID metadata cannot be fetched, naming nothing inside the server', async () => {
    const closed = await startOpenIdEndpoint();
    await closed.close(); // its port now refuses connections
    server = await startServer(authOn({ ToBotFromChannelOpenIdMetadataUrl: closed.url }));
    const res = await post(server.url, fromChannel('auth-unreachable'), withToken());
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: 'Credentials cannot be checked right now. Please try again.' });
    expect(res.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|openid|metadata|fetch|Failed/i);
  });
});
