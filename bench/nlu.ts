// `npm run bench:nlu`: understanding alone, no HTTP. Prints start-up (reading content/ and
// training), messages per second and per-message latency (p50, p99, max) over the dev set
// repeated, and the same for the longest messages the bot reads. Figures only, no pass/fail.
import { performance } from 'node:perf_hooks';
import { loadContent } from '../src/content/load.js';
import { buildUnderstandingParts, understandWith } from '../src/understanding/index.js';
import type { Expects } from '../dialogs/vocabulary.js';
import { loadDevset } from '../test/eval/devset.js';

const PASSES = Number(process.env['BENCH_PASSES'] ?? 20);
const BUILDS = Number(process.env['BENCH_BUILDS'] ?? 5);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const ms = (x: number) => `${x.toFixed(3)} ms`;

const t0 = performance.now();
const content = loadContent();
const contentMs = performance.now() - t0;

// Start-up: build (read safety.yaml and training/, prepare phrases, index) several times.
const builds: number[] = [];
let parts = buildUnderstandingParts(undefined, content);
builds.push(parts.startupMs);
for (let i = 1; i < BUILDS; i++) {
  parts = buildUnderstandingParts(undefined, content);
  builds.push(parts.startupMs);
}
const sortedBuilds = [...builds].sort((a, b) => a - b);

const messages = loadDevset().map((d) => d.t);
const hints: (Expects | undefined)[] = [undefined, 'audience', 'age', 'situation', 'free-text'];

function run(texts: string[], passes: number) {
  const times: number[] = [];
  const started = performance.now();
  for (let p = 0; p < passes; p++) {
    texts.forEach((text, i) => {
      const t = performance.now();
      understandWith(parts, text, { expects: hints[(i + p) % hints.length] });
      times.push(performance.now() - t);
    });
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  return { n: times.length, perSecond: (times.length / total) * 1000, p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: times[times.length - 1] ?? NaN };
}

run(messages, 1); // warm up the JIT
const dev = run(messages, PASSES);
const long = run(
  [
    'he said he would send it to my friends unless i pay, '.repeat(80),
    'pleaseeeeee '.repeat(400),
    'i am 15 and my son is 14 and she is 13 and we live in dublin '.repeat(70),
    'x'.repeat(4000),
    '😭 '.repeat(2000)
  ].map((t) => t.slice(0, 4000)),
  20
);

console.log(`Understanding benchmark (Node ${process.version}, ${process.platform} ${process.arch})`);
console.log(`  content/ load (all of it, shared with the bot): ${ms(contentMs)}`);
console.log(`  start-up (safety patterns + ${parts.classifier.size} training phrases prepared and indexed), ${BUILDS} builds: first ${ms(builds[0] ?? NaN)}, median ${ms(quantile(sortedBuilds, 0.5))}`);
console.log(`  dev set x${PASSES} (${dev.n} messages): ${dev.perSecond.toFixed(0)} messages/s, p50 ${ms(dev.p50)}, p99 ${ms(dev.p99)}, max ${ms(dev.max)}`);
console.log(`  4000-character messages (${long.n}): ${long.perSecond.toFixed(0)} messages/s, p50 ${ms(long.p50)}, p99 ${ms(long.p99)}, max ${ms(long.max)}`);
const mem = process.memoryUsage();
console.log(`  heap used after: ${(mem.heapUsed / 1024 / 1024).toFixed(1)} MB`);
