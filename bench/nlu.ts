// `npm run bench:nlu`: understanding alone, no HTTP. Prints start-up (reading content/ and
// training), messages per second and per-message latency (p50, p99, max) over the dev set
// repeated; then ordinary messages of about 50, 500 and 4,000 characters (stories of our own,
// joined); then hostile ones of the longest length the server accepts. Figures only, no pass/fail.
import { performance } from 'node:perf_hooks';
import { loadContent } from '../src/content/load.js';
import { buildUnderstandingParts, understandWith } from '../src/understanding/index.js';
import type { Expects } from '../dialogs/vocabulary.js';
import { loadDevset } from '../test/eval/devset.js';
import { MAX_ACTIVITY_TEXT } from '../src/activityGuard.js';
import { loadTraining } from '../src/understanding/training.js';

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

/** Ordinary messages of about `length` characters: the training stories, joined in turn and cut at a word. */
const stories = loadTraining().filter((e) => e.urgent !== undefined).map((e) => e.text);
function ordinary(length: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0, k = 0; i < count; i++) {
    let text = '';
    while (text.length < length) text += `${stories[k++ % stories.length]} `;
    out.push(text.slice(0, text.lastIndexOf(' ', length) + 1 || length).trim());
  }
  return out;
}
const bySize = ([50, 500, 4000] as const).map((length) => ({ length, ...run(ordinary(length, 300), length >= 4000 ? 3 : 10) }));
const hostile = run(
  [
    'he said he would send it to my friends unless i pay, ',
    'pleaseeeeee ',
    'i am 15 and my son is 14 and she is 13 and we live in dublin ',
    'b-',
    '1+',
    'uk ',
    'x',
    '😭 '
  ].map((unit) => unit.repeat(Math.ceil(MAX_ACTIVITY_TEXT / unit.length)).slice(0, MAX_ACTIVITY_TEXT)),
  5
);

console.log(`Understanding benchmark (Node ${process.version}, ${process.platform} ${process.arch})`);
console.log(`  content/ load (all of it, shared with the bot): ${ms(contentMs)}`);
console.log(`  start-up (safety patterns + ${parts.classifier.size} training phrases prepared and learnt), ${BUILDS} builds: first ${ms(builds[0] ?? NaN)}, median ${ms(quantile(sortedBuilds, 0.5))}`);
console.log(`  dev set x${PASSES} (${dev.n} messages): ${dev.perSecond.toFixed(0)} messages/s, p50 ${ms(dev.p50)}, p99 ${ms(dev.p99)}, max ${ms(dev.max)}`);
for (const size of bySize) {
  console.log(`  ordinary messages of about ${size.length} characters (${size.n}): p50 ${ms(size.p50)}, p99 ${ms(size.p99)}, max ${ms(size.max)}`);
}
console.log(`  hostile ${MAX_ACTIVITY_TEXT}-character messages (${hostile.n}): p50 ${ms(hostile.p50)}, p99 ${ms(hostile.p99)}, max ${ms(hostile.max)}`);
const mem = process.memoryUsage();
console.log(`  heap used after: ${(mem.heapUsed / 1024 / 1024).toFixed(1)} MB`);
