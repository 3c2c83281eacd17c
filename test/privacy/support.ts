// Helpers for the privacy tests: canary strings, capture of everything the process writes
// (pino destination, console, stdout, stderr), dumps of everything stored (memory or Redis)
// and a search that reports every canary found.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { vi } from 'vitest';
import type { StoreItems } from 'botbuilder';
import type { ConversationStore } from '../../src/storage/conversationStore.js';
import { startServer, type RunningServer } from '../support/server.js';
import type { ComposeOptions } from '../../src/compose.js';

/** Made-up identifying details (Ofcom drama-range phone number, example.com, the Parliament postcode). */
export const CANARY = {
  name: 'Zephyrine Canarywood',
  phone: '07700 900461',
  phoneIntl: '+44 7700 900461',
  email: 'zeph.canary@example.com',
  postcode: 'SW1A 1AA',
  street: '12 Canary Lane',
  school: 'Canarywood Academy',
  handle: '@zeph_canary_77'
} as const;

/** What a person might type: the canaries in the phrasings people use. */
export const CANARY_MESSAGES = [
  `my name is ${CANARY.name}`,
  `call me on ${CANARY.phone} or ${CANARY.phoneIntl}`,
  `my email is ${CANARY.email}`,
  `I live at ${CANARY.street}, ${CANARY.postcode}`,
  `I go to ${CANARY.school}`,
  `my insta is ${CANARY.handle}`,
  `im zephyrine, 15, year 10 at ${CANARY.school}, text me on 07700900461`
];

/**
 * Every string that must never appear: each canary whole, its distinctive parts (so encoded or
 * partial copies are caught too, e.g. "Zephyrine%20Canarywood"), and the digits-only forms.
 */
export const NEEDLES: readonly string[] = [
  ...Object.values(CANARY),
  'Zephyrine',
  'Canarywood',
  'zeph.canary',
  'zeph_canary',
  'Canary Lane',
  'SW1A1AA',
  'SW1A+1AA',
  'SW1A%201AA',
  '07700900461',
  '7700900461',
  '7700 900461'
];

/** The canaries found in a text (case-insensitive), with a little context for the failure message. */
export function canaryHits(where: string, haystack: string): string[] {
  const lower = haystack.toLowerCase();
  const hits: string[] = [];
  for (const needle of NEEDLES) {
    const at = lower.indexOf(needle.toLowerCase());
    if (at >= 0) hits.push(`${where}: "${needle}" in …${haystack.slice(Math.max(0, at - 60), at + needle.length + 60)}…`);
  }
  return hits;
}

/** A pino destination kept in memory. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
  parsed(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

/** Captures everything written to the console, stdout and stderr while installed (and still lets it through). */
export function captureConsole(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const record = (...args: unknown[]) => {
    chunks.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack}` : typeof a === 'string' ? a : safeJson(a))).join(' '));
  };
  const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => record(...args))
  );
  const streams = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    const spy = vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
    return spy;
  });
  return {
    text: () => chunks.join('\n'),
    restore: () => [...spies, ...streams].forEach((s) => s.mockRestore())
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Records every batch written to the store (including ones deleted later). */
export function recordWrites(store: ConversationStore): string[] {
  const writes: string[] = [];
  const storage = store.storage as { write: (changes: StoreItems) => Promise<void> };
  const original = storage.write.bind(storage);
  storage.write = async (changes: StoreItems) => {
    writes.push(JSON.stringify(changes));
    return original(changes);
  };
  return writes;
}

/**
 * Everything the memory store holds, as [key, stored JSON] pairs. The store has no public
 * iterator, so this reads its private map and fails loudly if that ever changes.
 */
export function memoryEntries(store: ConversationStore): Array<[string, string]> {
  if (store.kind !== 'memory') throw new Error('memoryEntries: not the memory store');
  const entries = Reflect.get(store, 'entries') as unknown;
  if (!(entries instanceof Map)) throw new Error('ExpiringMemoryStorage no longer keeps a private `entries` Map: update test/privacy/support.ts');
  return [...(entries as Map<string, { json: string }>)].map(([key, entry]) => [key, entry.json]);
}

/** Every key in a Redis and its value (KEYS * then GET each), as [key, value] pairs. */
export async function redisDump(url: string): Promise<Array<[string, string]>> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    const keys = await client.keys('*');
    const pairs: Array<[string, string]> = [];
    for (const key of keys) {
      const type = await client.type(key);
      const value = type === 'string' ? await client.get(key) : `(${type}) ${safeJson(await client.dump(key))}`;
      pairs.push([key, value ?? '']);
    }
    return pairs;
  } finally {
    client.disconnect();
  }
}

/** Every command a Redis receives from now until stop() (MONITOR), one line each. */
export async function redisMonitor(url: string): Promise<{ stop(): Promise<string> }> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  const monitor = await client.monitor();
  const lines: string[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => lines.push(args.join(' ')));
  return {
    async stop() {
      await sleep(100); // the last commands' echoes are on their way
      monitor.disconnect();
      client.disconnect();
      return lines.join('\n');
    }
  };
}

export async function redisCommand<T>(url: string, fn: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

/** A server with logs captured at trace level. */
export async function startCapturedServer(
  env: Record<string, string> = {},
  options: ComposeOptions = {}
): Promise<RunningServer & { logs: LogCapture }> {
  const logs = new LogCapture();
  const server = await startServer({ LOG_LEVEL: 'trace', ...env }, { logDestination: logs, ...options });
  return Object.assign(server, { logs });
}

/** A loopback HTTP listener that records every request made to it (it must stay at zero). */
export async function startTrap(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end('not an image');
  });
  // Count connections too: a client that connects but never completes a request still counts.
  server.on('connection', () => requests.push('(connection)'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

/** The message activities of a reply. */
export function messages(res: { json?: { activities?: Array<Record<string, any>> } }): Array<Record<string, any>> {
  return (res.json?.activities ?? []).filter((a) => a.type === 'message');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
