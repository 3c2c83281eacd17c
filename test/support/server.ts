// Starts the real server (same composition as `npm start`) on a free loopback port.
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../src/config.js';
import { composeApp, type ComposeOptions } from '../../src/compose.js';
import type { AppParts } from '../../src/appParts.js';
import type { App } from '../../src/server.js';

export interface RunningServer {
  url: string;
  app: App;
  parts: AppParts;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}, options: ComposeOptions = {}): Promise<RunningServer> {
  const config: Config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  const { app, parts } = composeApp(config, options);
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  if (config.REDIS_URL) await untilReady(url);
  return { url, app, parts, stop: () => app.close() };
}

/**
 * A Redis store connects in the background; like a load balancer, wait for /readyz before sending
 * traffic. Gives up quietly after 3 s, for tests that start an instance while Redis is down.
 */
async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    if ((await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let counter = 0;
/** A message activity as a channel would post it, replies requested in the HTTP response. */
export function activity(text: string, conversationId = `conv-${process.pid}-${++counter}`, extra: object = {}) {
  return {
    type: 'message',
    id: `act-${++counter}`,
    channelId: 'test-http',
    serviceUrl: 'http://127.0.0.1:1',
    conversation: { id: conversationId },
    from: { id: 'user', role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
    text,
    deliveryMode: 'expectReplies',
    ...extra
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as { activities?: Array<Record<string, any>> } | undefined, text };
}
