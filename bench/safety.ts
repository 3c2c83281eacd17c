// `npx tsx bench/safety.ts`: the safety layer alone (parts.safety.assess) on ordinary messages of
// about 500 characters (training stories joined, as bench/nlu.ts makes them). Prints the time per
// message of each round, then the minimum and median round: on a shared machine the minimum is the
// steadiest figure. Figures only, no pass/fail.
import { performance } from 'node:perf_hooks';
import { loadContent } from '../src/content/load.js';
import { buildUnderstandingParts } from '../src/understanding/index.js';
import { loadTraining } from '../src/understanding/training.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const LENGTH = Number(process.env['BENCH_LENGTH'] ?? 500);

const parts = buildUnderstandingParts(undefined, loadContent());
const stories = loadTraining().filter((e) => e.urgent !== undefined).map((e) => e.text);
const messages: string[] = [];
for (let i = 0, k = 0; i < 300; i++) {
  let text = '';
  while (text.length < LENGTH) text += `${stories[k++ % stories.length]} `;
  messages.push(text.slice(0, text.lastIndexOf(' ', LENGTH) + 1 || LENGTH).trim());
}

const perMessage: number[] = [];
for (let round = 0; round <= ROUNDS; round++) {
  const started = performance.now();
  for (const text of messages) parts.safety.assess(text);
  if (round > 0) perMessage.push((performance.now() - started) / messages.length); // round 0 warms the JIT
}
const sorted = [...perMessage].sort((a, b) => a - b);
console.log(`safety.assess, ${messages.length} messages of about ${LENGTH} characters, ${ROUNDS} rounds (ms per message)`);
console.log(`  rounds: ${perMessage.map((x) => x.toFixed(3)).join(' ')}`);
console.log(`  min ${sorted[0]!.toFixed(3)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} ms`);
