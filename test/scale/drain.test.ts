// SIGTERM on a real server process (as `npm start` runs it): the turn in flight finishes with
// its answer, new connections are refused at once, and the process exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity, post } from '../support/server.js';
import { rawRequest } from '../fuzz/support.js';
import { redisServerAvailable, startRedisServer, waitFor, type RedisServer } from '../storage/redisServer.js';
import { startHoldingProxy } from './support.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resolves with the error code of a TCP connect, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

describe.skipIf(!redisServerAvailable())('SIGTERM drains the turns in flight', () => {
  let redis: RedisServer;
  let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    redis = await startRedisServer();
    proxy = await startHoldingProxy(redis.port);
  }, 20_000);

  afterAll(async () => {
    proxy?.release();
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await proxy?.close();
    await redis?.destroy();
  }, 20_000);

  it('finishes a slow turn with 200, refuses new connections, and exits 0', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: proxy.url, LOG_LEVEL: 'info', MicrosoftAppId: '' },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child!.once('exit', (code, signal) => resolve({ code, signal }))
    );
    await waitFor(
      async () => (await fetch(`${url}/readyz`).then((r) => r.status, () => 0)) === 200,
      20_000,
      `the server to be ready (output so far: ${output})`
    );

    const id = `drain-${randomBytes(6).toString('hex')}`;
    expect((await post(url, activity('hello', id))).status).toBe(200);

    // Hold the next turn: its Redis commands are kept back by the proxy...
    proxy.hold();
    let finished = false;
    // On a connection of its own (no keep-alive reuse), so it is an active request, not an idle socket.
    const inFlight = rawRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity("he says he'll post my nudes unless I pay", id))
    }).finally(() => {
      finished = true;
    });
    // ...so once one naming this conversation has been sent, the turn is in flight, waiting on Redis.
    await waitFor(() => proxy.sentWhileHeld().includes(id), 10_000, 'the turn to ask Redis for its conversation');

    child.kill('SIGTERM');
    await waitFor(async () => (await tryConnect(port)) === 'ECONNREFUSED', 5000, 'new connections refused');
    expect(finished).toBe(false); // refused while the turn was still in flight
    proxy.release();

    const res = await inFlight;
    expect(res.status).toBe(200);
    const replies = (JSON.parse(res.body) as { activities: Array<{ type: string; channelData?: { guide?: { urgent?: boolean } } }> }).activities;
    expect(replies.some((m) => m.type === 'message' && m.channelData?.guide?.urgent === true)).toBe(true);

    const { code, signal } = await exited;
    expect({ code, signal, output: code === 0 ? '' : output }).toEqual({ code: 0, signal: null, output: '' });
    expect(output).toMatch(/stopping: finishing turns in flight/);
    expect(output).toMatch(/"msg":"stopped"/);
  }, 30_000);
});
