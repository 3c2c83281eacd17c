// Helpers for the scale-out tests: bot instances sharing one real redis-server, the replies a
// person would see, a watch on unhandled promise rejections, and a proxy that can hold Redis
// commands back (so a test knows a turn is waiting on Redis, without waiting a guessed time).
import { connect, createServer, type Socket } from 'node:net';
import { dialogKey, type StoredDialog } from '../../src/bot/dialogState.js';
import { activity, post, startServer, type RunningServer } from '../support/server.js';

export const CHANNEL = 'test-http';

export type Reply = Record<string, any>;
export type Posted = Awaited<ReturnType<typeof post>>;

/** The message activities of a response. */
export const messages = (res: Posted): Reply[] => (res.json?.activities ?? []).filter((a) => a.type === 'message');

/** channelData.guide of the last message: where the dialog is now. */
export const guideOf = (res: Posted) => messages(res).at(-1)?.channelData?.guide as Record<string, any> | undefined;

/** Whether a reply is the "I'm having trouble remembering" notice (content/words.yaml storageDown). */
export const isStorageNotice = (m: Reply) => /trouble remembering/i.test(String(m.text ?? ''));

/** Says `text` in conversation `id` through the instance at `url`. */
export const say = (url: string, id: string, text: string) => post(url, activity(text, id));

/** Starts `count` bot instances on free ports, all with the same env (e.g. one REDIS_URL). */
export async function startInstances(count: number, env: Record<string, string>): Promise<RunningServer[]> {
  return Promise.all(Array.from({ length: count }, () => startServer({ RATE_LIMIT_PER_CONVERSATION: '0', RATE_LIMIT_PER_CLIENT: '0', ...env })));
}

/** The stored dialog of a conversation, read through an instance's own store. */
export async function storedDialog(server: RunningServer, id: string): Promise<StoredDialog | undefined> {
  const key = dialogKey(CHANNEL, id);
  return (await server.parts.store.storage.read([key]))[key] as StoredDialog | undefined;
}

/** Counts process-level unhandled rejections and uncaught exceptions between start() and stop(). */
export function watchCrashes() {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  const onException = (err: unknown) => seen.push(err);
  return {
    seen,
    start() {
      process.on('unhandledRejection', onRejection);
      process.on('uncaughtException', onException);
    },
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    }
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A TCP proxy in front of a redis-server. While held, what clients send is kept back (in order) and
 * recorded, so a test can wait until a command naming what it expects has been sent, then release it.
 */
export async function startHoldingProxy(targetPort: number) {
  let holding = false;
  const heldBack: Array<() => void> = [];
  let sentWhileHeld = '';
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('data', (chunk: Buffer) => {
      if (!holding) return void upstream.write(chunk);
      sentWhileHeld += chunk.toString('latin1');
      heldBack.push(() => upstream.write(chunk));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    hold() {
      holding = true;
    },
    /** Everything clients sent since hold(), as text (Redis commands are readable). */
    sentWhileHeld: () => sentWhileHeld,
    release() {
      holding = false;
      for (const send of heldBack.splice(0)) send();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })
  };
}
