/**
 * Test helper: a real, throwaway `redis-server` (the Debian package's binary) on a free loopback port with its own
 * temporary directory. Reusable by any test file:
 *
 *   const redisAvailable = redisServerAvailable();          // throws in CI when redis-server is missing
 *   describe.skipIf(!redisAvailable)('…', () => {
 *     let redis: RedisServer;
 *     beforeAll(async () => { redis = await startRedisServer(); });
 *     afterAll(async () => { await redis?.destroy(); });
 *     … new RedisStorage({ redisUrl: redis.url, … }) …
 *   });
 *
 * Outside CI, a missing binary skips the Redis suites with a clear message instead of failing them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_MISSING_MESSAGE =
  'redis-server not found: install it (apt-get install redis-server) to run the Redis tests';

let availability: boolean | undefined;

/**
 * true when `redis-server` is on PATH. When it is not: throws if `process.env.CI` is set (the tests must fail in CI,
 * not skip), otherwise warns once with REDIS_MISSING_MESSAGE and returns false.
 */
export function redisServerAvailable(): boolean {
  if (availability === undefined) {
    const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
    availability = !probe.error && probe.status === 0;
    if (!availability) {
      if (process.env.CI) throw new Error(`${REDIS_MISSING_MESSAGE} (CI is set, so the Redis tests cannot be skipped)`);
      console.warn(`[test] ${REDIS_MISSING_MESSAGE}; skipping them.`);
    }
  }
  return availability;
}

export interface RedisServerOptions {
  /** Persist with an append-only file, so data survives `restart()`. Default false (`--save ''`, nothing on disk). */
  appendOnly?: boolean;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** Whether the server process is currently running. */
  readonly running: boolean;
  /** Process id of the running server, if any. */
  readonly pid: number | undefined;
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers, like a hung Redis. */
  pause(): void;
  /** Undoes `pause()` (SIGCONT). */
  resume(): void;
  /** Graceful stop (SIGTERM; Redis flushes its AOF first). The port and directory are kept for `restart()`. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL): no goodbye, no flush. The port and directory are kept for `restart()`. */
  kill(): Promise<void>;
  /** Starts again on the same port and directory (with `appendOnly`, the data comes back). */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

/** Starts `redis-server` on a free loopback port with a temporary directory and waits until it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'safe-to-ask-redis-'));
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', options.appendOnly ? 'yes' : 'no',
    '--appendfsync', 'always',
    '--daemonize', 'no',
    '--loglevel', 'warning',
  ];
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async () => {
    output = '';
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    const exited = new Promise<never>((_, reject) => {
      proc.once('exit', (code, signal) =>
        reject(new Error(`redis-server exited early (code ${code}, signal ${signal}):\n${output}`)),
      );
      proc.once('error', reject);
    });
    exited.catch(() => {}); // only relevant while waiting below
    await Promise.race([waitForPong(port, 10_000), exited]);
  };

  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGCONT'); // in case it was paused: a stopped process would not handle SIGTERM
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    get pid() {
      return child?.pid;
    },
    pause: () => {
      child?.kill('SIGSTOP');
    },
    resume: () => {
      child?.kill('SIGCONT');
    },
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    stop: () => stop(),
    kill: () => stop('SIGKILL'),
    restart: async () => {
      await stop();
      await launch();
    },
    destroy: async () => {
      await stop();
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 25 ms until it returns true; throws after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once a raw `PING` on the port gets `+PONG` (not `-LOADING`), polling every 50 ms. */
async function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await pingOnce(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
