// Compares the classifier candidates on the dev set, understanding alone (no bot):
// `npx tsx test/eval/compare.ts`. Every candidate runs inside the same pipeline (safety,
// identifying details, slots, the off-topic and slots-only gates, urgency), so only the
// learning method differs. Prints the markdown table kept in test/eval/COMPARISON.md.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createUnderstandingParts, understandWith, type Ranker } from '../../src/understanding/index.js';
import type { Ranked } from '../../src/understanding/classifier.js';
import { loadTraining } from '../../src/understanding/training.js';
import { minisearch, nlpjs, wink, type Candidate } from './candidates.js';
import { loadDevset } from './devset.js';

const dev = loadDevset();
const holdout = ['holdout.yaml', 'holdout2.yaml'].flatMap((f) => loadDevset(fileURLToPath(new URL(`./${f}`, import.meta.url))));
const parts = createUnderstandingParts();
const training = loadTraining().map((e) => ({ ...e, text: parts.prepare(e.text).normalised }));
const prepared = dev.map((d) => ({ ...d, text: parts.prepare(d.t).normalised }));
const preparedHoldout = holdout.map((d) => ({ ...d, text: parts.prepare(d.t).normalised }));

// The same text in training and dev would flatter every candidate.
const trainingTexts = new Set(training.map((e) => e.text));
const leaked = prepared.filter((d) => trainingTexts.has(d.text));
if (leaked.length > 0) console.log(`WARNING: ${leaked.length} dev messages are also training phrases: ${leaked.map((d) => d.t).join(' | ')}`);

interface Row {
  name: string;
  trainMs: number;
  perMsgMs: number;
  raw: number;
  accuracy: number;
  asks: number;
  inCandidates: number;
  confidentWrong: number;
}

async function evaluate(candidate: Candidate, prepared: typeof preparedHoldout): Promise<Row> {
  const t0 = performance.now();
  await candidate.train(training);
  const trainMs = performance.now() - t0;
  const ranks = new Map<string, Ranked[]>();
  const t1 = performance.now();
  for (const item of prepared) ranks.set(item.text, await candidate.rank(item.text));
  const perMsgMs = (performance.now() - t1) / prepared.length;
  const ranker: Ranker = (text) => ranks.get(text) ?? [{ label: 'none', score: 1 }];
  let raw = 0;
  let correct = 0;
  let asks = 0;
  let inCandidates = 0;
  let wrong = 0;
  for (const item of prepared) {
    if ((ranks.get(item.text)?.[0]?.label ?? 'none') === item.s) raw++;
    const u = understandWith(parts, item.t, {}, { ranker });
    const got = u.slots.situation ?? (u.candidates.length > 0 ? 'ask' : 'none');
    if (got === item.s) correct++;
    else if (got === 'ask') {
      asks++;
      if ((u.candidates as string[]).includes(item.s)) inCandidates++;
    } else wrong++;
  }
  const n = prepared.length;
  return { name: candidate.name, trainMs, perMsgMs, raw: raw / n, accuracy: correct / n, asks: asks / n, inCandidates: inCandidates / n, confidentWrong: wrong / n };
}

/** 5-fold cross-validation on the training phrases alone (top-1), a second, dev-independent view. */
async function crossValidate(make: () => Candidate): Promise<number> {
  let right = 0;
  for (let fold = 0; fold < 5; fold++) {
    const c = make();
    await c.train(training.filter((_, i) => i % 5 !== fold));
    for (const e of training.filter((_, i) => i % 5 === fold)) if ((await c.rank(e.text))[0]?.label === e.label) right++;
  }
  return right / training.length;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const makers = [minisearch, () => nlpjs(), () => nlpjs({ features: true }), wink];
const rows: (Row & { cv: number; holdout: number; holdoutWrong: number })[] = [];
for (const make of makers) {
  const held = await evaluate(make(), preparedHoldout);
  rows.push({ ...(await evaluate(make(), prepared)), cv: await crossValidate(make), holdout: held.accuracy, holdoutWrong: held.confidentWrong });
}
console.log(`dev set: ${prepared.length} messages; held-out sets: ${preparedHoldout.length}; training: ${training.length} phrases\n`);
console.log('| candidate | training phrases, 5-fold CV top-1 | dev, classifier alone top-1 | dev, in the pipeline: situation right | asks instead | ...right one offered | confident and wrong | held-out: right / confident and wrong | train | rank one message |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${pct(r.cv)} | ${pct(r.raw)} | ${pct(r.accuracy)} | ${pct(r.asks)} | ${pct(r.inCandidates)} | ${pct(r.confidentWrong)} | ${pct(r.holdout)} / ${pct(r.holdoutWrong)} | ${r.trainMs.toFixed(0)} ms | ${r.perMsgMs.toFixed(3)} ms |`
  );
}
