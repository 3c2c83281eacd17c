// npm run bench: throughput and latency of the guide side by side with two yardsticks, plus the
// memory an idle conversation costs and where a request's time goes. Prints figures and PASS/FAIL
// per target; it times things, the tests never do.
//  - the echo floor (bench/echoBot.ts): an echo bot on the guide's own restify + CloudAdapter app,
//    the least a turn on this stack can cost;
//  - the peer (bench/peer/): the dialogs bot a Bot Framework developer would build instead, after
//    BotBuilder-Samples (waterfall and ChoicePrompts, ConversationState on MemoryStorage, restify +
//    CloudAdapter). It has its own package.json, installed here on first use with --ignore-scripts
//    (botbuilder-dialogs' postinstall runs `npx rimraf`; its package.json's overrides do the same).
// Targets: the guide (memory storage) at least as fast as the peer, and at least half the echo.
//
// Each server runs in its own child process (autocannon runs here), on loopback. The servers are
// loaded one at a time, in interleaved rounds (echo, peer, guide/memory, guide/Redis, echo, ...),
// and the figures are medians over the rounds: a busy neighbour on a shared machine then slows
// every server alike instead of skewing one run, and a ratio compares slices measured side by side.
// Load: POST /api/messages with deliveryMode expectReplies, over thousands of rotating
// conversation ids following realistic scripts (bench/messages.ts).
//
// Options (env): BENCH_ROUNDS (default 3), BENCH_SECONDS (per slice, default 5), BENCH_CONNECTIONS
// (default 16), BENCH_IDLE_CONVERSATIONS (default 100000), BENCH_CPU_PROF=1 (profile the guide with
// memory storage, --cpu-prof, and print where its time goes), BENCH_NODE_ARGS (extra node flags for
// every server, e.g. "--max-semi-space-size=32").
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../test/storage/redisServer.js';
import { activityBody, requestAt, STEPS, textFor, WINDOW } from './messages.js';
import { summariseProfile } from './profileSummary.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const IDLE_CONVERSATIONS = Number(process.env.BENCH_IDLE_CONVERSATIONS ?? 100_000);
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

const TARGETS = {
  peerRatio: 1,
  echoRatio: 0.5,
  redisRatio: 0.6,
  snapshotBytes: 1024,
  idleMegabytes: 300
};

type Kind = 'guide' | 'echo' | 'peer';

const SERVER_SCRIPTS: Record<Kind, string[]> = {
  guide: ['bench/server.ts', 'guide'],
  echo: ['bench/server.ts', 'echo'],
  peer: ['bench/peer/server.ts']
};

interface Slice {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The server process's CPU time (all threads) per request, in ms; undefined without /proc. */
  cpuMs?: number;
}

interface Target {
  name: string;
  kind: Kind;
  url: string;
  pid?: number;
  stop(): Promise<void>;
  /** Requests set up so far: the conversation scripts carry on from slice to slice. */
  sent: number;
  tag: string;
  slices: Slice[];
}

async function startChildServer(kind: Kind, env: Record<string, string>, nodeArgs: string[] = []): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const [script, ...args] = SERVER_SCRIPTS[kind];
  const child = spawn(process.execPath, [...NODE_ARGS, ...nodeArgs, '--import', 'tsx', join(root, script!), ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (c: Buffer) => {
      buffered += c.toString();
      const match = /LISTENING (\d+)/.exec(buffered);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server (${kind}) exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      })
  };
}

/**
 * CPU time a process has used so far, in ms, from /proc (Linux; USER_HZ is 100 there). Unlike
 * req/s, CPU per request hardly changes when neighbours on a shared machine take the cores.
 */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** One autocannon slice against a target; conversation ids rotate, each follows its script. */
async function load(target: Target, seconds: number): Promise<Slice> {
  const cpuBefore = cpuMsOf(target.pid);
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const i = target.sent++;
          const { conversation, step } = requestAt(i);
          return { ...req, body: activityBody(`bench-${target.tag}-${conversation}`, textFor(conversation, step), i) };
        }
      }
    ]
  });
  const cpuAfter = cpuMsOf(target.pid);
  return {
    cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / result.requests.total,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx
  };
}

/**
 * True when bench/peer/node_modules holds every package of the peer's lockfile at its locked version (npm's hidden
 * lockfile, node_modules/.package-lock.json, says what is installed). Compared by content, not by file times: a
 * fresh checkout or git worktree has a newer package-lock.json than an install that is still right, and `npm ci`
 * empties node_modules first, through a symlink too (a worktree sharing another checkout's install would lose it).
 */
function peerInstalled(dir: string): boolean {
  const installed = join(dir, 'node_modules/.package-lock.json');
  if (!existsSync(installed)) return false;
  type Lock = { packages?: Record<string, { version?: string; optional?: boolean }> };
  const want = (JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as Lock).packages ?? {};
  const have = (JSON.parse(readFileSync(installed, 'utf8')) as Lock).packages ?? {};
  // Optional packages (another platform's binaries) may rightly be missing.
  return Object.entries(want).every(([path, pkg]) => path === '' || pkg.optional === true || have[path]?.version === pkg.version);
}

/** Installs the peer's own packages (bench/peer/node_modules) when missing or not those of its lockfile. */
function installPeer(): void {
  const dir = join(root, 'bench/peer');
  if (peerInstalled(dir)) return;
  console.log('Installing the peer bot\'s packages in bench/peer (npm ci --ignore-scripts, once)...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`npm ci in bench/peer failed (${run.status ?? run.error?.message})`);
}

/** Checks the server answers like the guide (urgent help first), the echo or the peer (a question), before loading it. */
async function smokeTest(url: string, kind: Kind): Promise<void> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: activityBody(`smoke-${randomBytes(4).toString('hex')}`, "he says he'll post my nudes unless I pay", 0)
  });
  const body = (await res.json()) as {
    activities?: Array<{ type: string; text?: string; suggestedActions?: { actions: unknown[] }; channelData?: { guide?: { urgent?: boolean } } }>;
  };
  const messages = (body.activities ?? []).filter((a) => a.type === 'message');
  const ok =
    kind === 'echo'
      ? messages[0]?.text?.startsWith('echo:')
      : kind === 'peer'
        ? (messages[0]?.suggestedActions?.actions.length ?? 0) > 0
        : messages.some((m) => m.channelData?.guide?.urgent === true);
  if (res.status !== 200 || !ok) throw new Error(`${kind} smoke test failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
}

async function startTarget(name: string, kind: Kind, env: Record<string, string>, nodeArgs: string[] = []): Promise<Target> {
  const server = await startChildServer(kind, env, nodeArgs);
  await smokeTest(server.url, kind);
  return { name, kind, url: server.url, pid: server.child.pid, stop: server.stop, sent: 0, tag: randomBytes(4).toString('hex'), slices: [] };
}

/** Runs a bench child script and returns the JSON after its `${tag} ` line. */
async function runChild<T>(script: string, tag: string, nodeArgs: string[], env: Record<string, string> = {}): Promise<T> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = out.split('\n').find((l) => l.startsWith(`${tag} `));
  if (code !== 0 || !line) throw new Error(`${script} failed (${code}):\n${out}\n${err}`);
  return JSON.parse(line.slice(tag.length + 1)) as T;
}

interface MemoryFigures {
  snapshotBytes: number;
  snapshotExample: string;
  conversations: number;
  rssGrowthMB: number;
  heapGrowthMB: number;
  bytesPerConversation: number;
  sampleConversations: number;
  sampleBytesPerConversation: number;
}

interface TurnCost {
  turnMs: number;
  understandMs: number;
  /** Understanding timed where real turns call it (understandMs: the same texts alone in a tight loop). */
  understandInTurnMs: number;
  freeTextMs: number;
  buttonMs: number;
  freeTextShare: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const num = (x: number, digits = 0) => x.toFixed(digits);
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
const conversationsOf = (n: number) => Math.floor(n / (WINDOW * STEPS)) * WINDOW + Math.min(WINDOW, n % (WINDOW * STEPS));

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    `Safe to Ask bench: ${CONNECTIONS} connections; ${ROUNDS} interleaved rounds of ${SECONDS} s per server (after a 2 s warm-up each); ` +
      `conversations rotate in windows of ${WINDOW}, ${STEPS} lines each; Node ${process.version}\n`
  );

  let redis: RedisServer | undefined;
  let redisNote = '';
  let haveRedis = false;
  try {
    haveRedis = redisServerAvailable();
  } catch (e) {
    redisNote = (e as Error).message; // CI without redis-server
  }
  if (!haveRedis) redisNote ||= 'redis-server not found (apt-get install redis-server): the Redis run is skipped.';

  installPeer();
  const profileDir = CPU_PROF ? mkdtempSync(join(tmpdir(), 'safe-to-ask-profile-')) : undefined;
  const targets: Target[] = [];
  try {
    targets.push(await startTarget('echo floor', 'echo', {}));
    targets.push(await startTarget('peer: dialogs sample', 'peer', {}));
    targets.push(await startTarget('guide, memory storage', 'guide', {}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []));
    if (haveRedis) {
      redis = await startRedisServer();
      targets.push(await startTarget('guide, Redis storage', 'guide', { REDIS_URL: redis.url }));
    }
    for (const target of targets) await load(target, 2); // warm-up: JIT, connections, Redis scripts
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) target.slices.push(await load(target, SECONDS));
    }
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
    await redis?.destroy();
  }

  const [echo, peer, memory, redisRun] = targets as [Target, Target, Target, Target | undefined];
  const rps = (t: Target) => median(t.slices.map((s) => s.rps));
  /** Median over the rounds of (t's req/s / the yardstick's req/s in the same round). */
  const ratioTo = (yardstick: Target) => (t: Target) => median(t.slices.map((s, i) => s.rps / yardstick.slices[i]!.rps));
  const ratio = ratioTo(echo);
  const toPeer = ratioTo(peer);
  const cpu = (t: Target) => median(t.slices.map((s) => s.cpuMs ?? NaN));

  console.log(
    `${pad('server', 24)}${pad('convs', 7)}${pad('requests', 10)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('CPU ms', 8)}` +
      `${pad('errors', 8)}${pad('non-2xx', 9)}${pad('/ peer', 8)}${pad('/ echo', 8)}req/s per round`
  );
  for (const t of targets) {
    const sum = (f: (s: Slice) => number) => t.slices.reduce((a, s) => a + f(s), 0);
    console.log(
      `${pad(t.name, 24)}${pad(conversationsOf(t.sent), 7)}${pad(sum((s) => s.requests), 10)}${pad(num(rps(t)), 8)}` +
        `${pad(median(t.slices.map((s) => s.p50)), 8)}${pad(median(t.slices.map((s) => s.p99)), 8)}${pad(num(cpu(t), 3), 8)}` +
        `${pad(sum((s) => s.errors), 8)}${pad(sum((s) => s.non2xx), 9)}${pad(num(toPeer(t), 2), 8)}${pad(num(ratio(t), 2), 8)}` +
        t.slices.map((s) => num(s.rps)).join(' / ')
    );
  }
  console.log(
    `\nCPU ms = the server's CPU time per request (median over the rounds). By it, the guide (memory storage) ` +
      `does ${num(cpu(peer) / cpu(memory), 2)} x the peer's turns per CPU second and ${num(cpu(echo) / cpu(memory), 2)} x the echo's.`
  );
  if (redisNote) console.log(`\n${redisNote}`);

  const mem = await runChild<MemoryFigures>('bench/memory.ts', 'MEMORY', ['--expose-gc'], { BENCH_IDLE_CONVERSATIONS: String(IDLE_CONVERSATIONS) });
  console.log('\nMemory (child process, --expose-gc, memory storage):');
  console.log(`  stored dialog after a typical conversation: ${mem.snapshotBytes} bytes  ${mem.snapshotExample}`);
  console.log(
    `  ${mem.conversations} idle conversations: RSS +${num(mem.rssGrowthMB, 1)} MB, heap +${num(mem.heapGrowthMB, 1)} MB ` +
      `(${num(mem.bytesPerConversation)} bytes of heap each)`
  );
  console.log(`  cross-check, ${mem.sampleConversations} conversations through real turns: ${num(mem.sampleBytesPerConversation)} bytes of heap each`);

  const cost = await runChild<TurnCost>('bench/turnCost.ts', 'TURNCOST', []);
  console.log('\nWhere a guide request goes (in-process, no HTTP, same message mix, one at a time):');
  console.log(
    `  whole turn ${num(cost.turnMs, 3)} ms (adapter, bot, storage, rendering), of which understanding ${num(cost.understandInTurnMs, 3)} ms on average.\n` +
      `  Understanding alone, in a tight loop over the same texts: ${num(cost.understandMs, 3)} ms on average; free text ` +
      `${num(cost.freeTextMs, 3)} ms each (${num(cost.freeTextShare * 100)}% of messages), buttons and commands ${num(cost.buttonMs, 3)} ms each.\n` +
      `  Over HTTP, time per request at saturation (1000 / req/s): echo ${num(1000 / rps(echo), 3)} ms, guide ${num(1000 / rps(memory), 3)} ms:\n` +
      `  peer ${num(1000 / rps(peer), 3)} ms: the guide adds ${num(1000 / rps(memory) - 1000 / rps(echo), 3)} ms to the echo's ` +
      `(${TARGETS.echoRatio} x echo would allow it ${num(1000 / (TARGETS.echoRatio * rps(echo)) - 1000 / rps(echo), 3)} ms), the peer ` +
      `${num(1000 / rps(peer) - 1000 / rps(echo), 3)} ms.`
  );

  const clean = targets.every((t) => t.slices.every((s) => s.errors === 0 && s.non2xx === 0));
  const results: [string, boolean | undefined][] = [
    [`guide (memory storage) >= ${TARGETS.peerRatio} x the dialogs peer (${num(toPeer(memory), 2)})`, toPeer(memory) >= TARGETS.peerRatio],
    [`guide (memory storage) >= ${TARGETS.echoRatio} x the echo floor (${num(ratio(memory), 2)})`, ratio(memory) >= TARGETS.echoRatio],
    [
      `throughput with Redis >= ${TARGETS.redisRatio} x echo (${redisRun ? num(ratio(redisRun), 2) : 'skipped'})`,
      redisRun ? ratio(redisRun) >= TARGETS.redisRatio : undefined
    ],
    ['every request answered 2xx, no errors', clean],
    [`stored dialog < ${TARGETS.snapshotBytes} bytes (${mem.snapshotBytes})`, mem.snapshotBytes < TARGETS.snapshotBytes],
    [
      `${mem.conversations} idle conversations in memory < ${TARGETS.idleMegabytes} MB (RSS +${num(mem.rssGrowthMB, 1)} MB)`,
      mem.rssGrowthMB < TARGETS.idleMegabytes
    ]
  ];
  console.log('\nTargets:');
  for (const [label, pass] of results) console.log(`  ${pass === undefined ? 'SKIP' : verdict(pass)}  ${label}`);

  if (profileDir) {
    // The main thread's profile is the largest (the others are tsx's loader thread).
    const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(profileDir, f));
    const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (main) console.log(`\nCPU profile of the guide under load, memory storage (${main}):\n${summariseProfile(main)}`);
  }
  console.log(`\nbench took ${num((Date.now() - started) / 1000)} s`);
  if (results.some(([, pass]) => pass === false)) process.exitCode = 1;
}

await main();
