// Compares the situation classifier candidates and the urgency model, understanding alone (no
// bot): `npx tsx test/eval/compare.ts`. Every candidate runs inside the same pipeline
// (understandWith's `ranker`: safety, identifying details, slots, the off-topic and slots-only
// gates, the situations implied by urgency), so only the learning method differs. Prints the
// markdown tables kept in test/eval/COMPARISON.md.
//
// The real-world set (../shared/eval) is only MEASURED here, never trained on; its held-out half
// (even lines) is where the method is chosen, its tuning half is reported beside it.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { URGENT_KINDS, type UrgentKind } from '../../dialogs/vocabulary.js';
import { decide, type DecisionOptions, type Ranked } from '../../src/understanding/classifier.js';
import { createUnderstandingParts, understandWith, type Ranker, type UnderstandingParts } from '../../src/understanding/index.js';
import { loadTraining, type Example } from '../../src/understanding/training.js';
import { createUrgencyModel, type UrgencyModel, type UrgencyOptions } from '../../src/understanding/urgencyModel.js';
import { CANDIDATES, type Candidate } from './candidates.js';
import { loadDevset } from './devset.js';
import { loadRealWorld } from './realWorld.js';

interface Item {
  text: string;
  /** Right readings; 'none' for a message about no situation; [] when any reading will do. */
  expected: string[];
  urgent: boolean;
}
interface EvalSet {
  name: string;
  items: Item[];
}

function sets(): EvalSet[] {
  const devItems = (path?: string): Item[] => loadDevset(path).map((d) => ({ text: d.t, expected: [d.s], urgent: (d.u ?? []).length > 0 }));
  const older = ['holdout.yaml', 'holdout2.yaml'].flatMap((f) => devItems(fileURLToPath(new URL(`./${f}`, import.meta.url))));
  const real = loadRealWorld() ?? [];
  const realItems = (half: string): Item[] => real.filter((r) => r.half === half).map((r) => ({ text: r.text, expected: [...r.situations], urgent: r.urgent }));
  return [
    { name: 'dev', items: devItems() },
    { name: 'older held-out', items: older },
    { name: 'real-world tuning', items: realItems('tuning') },
    { name: 'real-world held-out', items: realItems('held-out') }
  ];
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);

interface SituationScores {
  right: number;
  wrong: number;
  asks: number;
  n: number;
}

/** The situation the dialog would get from the first message, scored against the labels. */
function situationScores(parts: UnderstandingParts, set: EvalSet, ranker: Ranker, decision: DecisionOptions): SituationScores {
  const s: SituationScores = { right: 0, wrong: 0, asks: 0, n: set.items.length };
  for (const item of set.items) {
    const u = understandWith(parts, item.text, {}, { ranker, decision });
    const got = u.slots.situation ?? (u.candidates.length > 0 ? 'ask' : 'none');
    if (item.expected.length === 0 || item.expected.includes(got)) s.right++;
    else if (got === 'ask') s.asks++;
    else s.wrong++;
  }
  return s;
}

/** Milliseconds per call, p50 and p99, on ordinary messages cut to `length` characters. */
function latency(rank: (normalised: string) => unknown, parts: UnderstandingParts, texts: string[], length: number): [number, number] {
  const joined = texts.join(' ');
  const messages = Array.from({ length: 200 }, (_, i) => {
    const start = (i * 997) % Math.max(1, joined.length - length);
    return parts.prepare(joined.slice(start, start + length)).normalised;
  });
  for (const m of messages.slice(0, 20)) rank(m);
  const times = messages.map((m) => {
    const t = performance.now();
    rank(m);
    return performance.now() - t;
  });
  times.sort((a, b) => a - b);
  return [times[Math.floor(times.length * 0.5)]!, times[Math.floor(times.length * 0.99)]!];
}

const LENGTHS = [50, 500, 4000];
const URGENCY_VARIANTS: [string, UrgencyOptions][] = [
  ['words (chosen)', {}],
  ['words + char 3-5', { features: 'words+chars' }]
];
const FOLDS = 5;
/** A confident wrong situation sends a person to the wrong help; a question costs one tap. */
const WRONG_COST = 3;

interface OutOfFold {
  ranked: Ranked[];
  label: string;
  story: boolean;
}

/** Every training example ranked by a model trained on the other folds. */
async function outOfFold(make: () => Candidate, training: Example[]): Promise<OutOfFold[]> {
  const out: OutOfFold[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const c = make();
    await c.train(training.filter((_, i) => i % FOLDS !== fold));
    for (const e of training.filter((_, i) => i % FOLDS === fold)) out.push({ ranked: await c.rank(e.text), label: e.label, story: e.urgent !== undefined });
  }
  return out;
}

/** Right, wrong and asks (weighted) when these thresholds decide. */
function decisions(oof: readonly OutOfFold[], options: DecisionOptions, weight: (o: OutOfFold) => number): SituationScores {
  const s: SituationScores = { right: 0, wrong: 0, asks: 0, n: 0 };
  for (const o of oof) {
    const d = decide(o.ranked, options);
    const got = d.situation ?? (d.candidates.length > 0 ? 'ask' : 'none');
    const w = weight(o);
    s.n += w;
    if (got === o.label) s.right += w;
    else if (got === 'ask') s.asks += w;
    else s.wrong += w;
  }
  return s;
}

/**
 * Each candidate's own confidence thresholds, chosen on its out-of-fold ranks of the training
 * examples (never on an evaluation set), stories and short phrases weighing the same in all;
 * and how those thresholds do on the stories alone.
 */
async function calibrate(make: () => Candidate, training: Example[], fixed?: DecisionOptions): Promise<{ decision: DecisionOptions; stories: string }> {
  const oof = await outOfFold(make, training);
  const stories = oof.filter((o) => o.story).length;
  const storyWeight = stories === 0 ? 1 : (oof.length - stories) / stories;
  let best: { options: DecisionOptions; value: number } = { options: fixed ?? {}, value: -Infinity };
  const confidents = fixed ? [] : Array.from({ length: 14 }, (_, i) => 0.3 + 0.05 * i);
  for (const confident of confidents) {
    for (const margin of [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4]) {
      const s = decisions(oof, { confident, margin }, (o) => (o.story ? storyWeight : 1));
      const value = s.right - WRONG_COST * s.wrong;
      if (value > best.value) best = { options: { confident, margin }, value };
    }
  }
  const s = decisions(
    oof.filter((o) => o.story),
    best.options,
    () => 1
  );
  return { decision: best.options, stories: `${pct(s.right, s.n)} / ${pct(s.wrong, s.n)} / ${pct(s.asks, s.n)}` };
}

async function compareClassifiers(parts: UnderstandingParts, training: Example[], evalSets: EvalSet[]): Promise<void> {
  const all = evalSets.flatMap((s) => s.items.map((i) => i.text));
  console.log('| candidate (confident, margin) | training stories, out of fold | ' + evalSets.map((s) => `${s.name} (${s.items.length}): right / wrong / asks`).join(' | ') + ' | train | p50 / p99 at ' + LENGTHS.join(', ') + ' chars |');
  console.log('|---|---|' + evalSets.map(() => '---|').join('') + '---|---|');
  // `--only=WORDS`: just the candidates whose name includes WORDS.
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  for (const make of CANDIDATES.filter((c) => !only || c().name.includes(only))) {
    const { decision, stories } = await calibrate(make, training, make().decision);
    const candidate: Candidate = make();
    const t0 = performance.now();
    await candidate.train(training);
    const trainMs = performance.now() - t0;
    const ranks = new Map<string, Ranked[]>();
    for (const text of all) {
      const n = parts.prepare(text).normalised;
      if (!ranks.has(n)) ranks.set(n, await candidate.rank(n));
    }
    const ranker: Ranker = (n) => ranks.get(n) ?? [{ label: 'none', score: 1 }];
    const cells = evalSets.map((s) => {
      const r = situationScores(parts, s, ranker, decision);
      return `${pct(r.right, r.n)} / ${pct(r.wrong, r.n)} / ${pct(r.asks, r.n)}`;
    });
    const speed = candidate.rankSync ? LENGTHS.map((l) => latency(candidate.rankSync!, parts, all, l).map((x) => x.toFixed(2)).join(' / ')).join(', ') : 'async';
    const chosen = `${decision.confident?.toFixed(2)}, ${decision.margin?.toFixed(2)}`;
    console.log(`| ${candidate.name} (${chosen}) | ${stories} | ${cells.join(' | ')} | ${trainMs.toFixed(0)} ms | ${speed} ms |`);
  }
}

interface UrgencyCounts {
  hit: number;
  urgent: number;
  falseAlarm: number;
  calm: number;
  possibleUrgent: number;
  possibleCalm: number;
}

/** Urgent recall and false urgent on calm messages, for one way of deciding urgency. */
function urgencyCounts(set: EvalSet, decide: (text: string) => { urgent: readonly UrgentKind[]; possible: readonly UrgentKind[] }): UrgencyCounts {
  const c: UrgencyCounts = { hit: 0, urgent: 0, falseAlarm: 0, calm: 0, possibleUrgent: 0, possibleCalm: 0 };
  for (const item of set.items) {
    const d = decide(item.text);
    const flagged = d.urgent.length > 0;
    const possible = !flagged && d.possible.length > 0;
    if (item.urgent) {
      c.urgent++;
      if (flagged) c.hit++;
      else if (possible) c.possibleUrgent++;
    } else {
      c.calm++;
      if (flagged) c.falseAlarm++;
      else if (possible) c.possibleCalm++;
    }
  }
  return c;
}

function compareUrgency(parts: UnderstandingParts, model: UrgencyModel, evalSets: EvalSet[]): void {
  const withModel = (t: string) => {
    const u = understandWith(parts, t, {});
    const m = model.assess(parts.prepare(t).normalised, u.urgent);
    return { urgent: m.urgent, possible: URGENT_KINDS.filter((k) => !m.urgent.includes(k) && ((u.possible ?? []).includes(k) || m.possible.includes(k))) };
  };
  const ways: [string, (text: string) => { urgent: readonly UrgentKind[]; possible: readonly UrgentKind[] }][] = [
    ['safety patterns alone (the floor)', (t) => parts.safety.assess(t)],
    ['pipeline without the model (patterns + a confident sextortion/grooming topic)', (t) => {
      const u = understandWith(parts, t, {});
      return { urgent: u.urgent, possible: u.possible ?? [] };
    }],
    ['pipeline + urgency model', withModel]
  ];
  console.log('| urgency | ' + evalSets.map((s) => `${s.name}: recall / false urgent / possible (urgent, calm)`).join(' | ') + ' |');
  console.log('|---|' + evalSets.map(() => '---|').join(''));
  for (const [name, decide] of ways) {
    const cells = evalSets.map((s) => {
      const c = urgencyCounts(s, decide);
      return `${c.hit}/${c.urgent} ${pct(c.hit, c.urgent)} / ${c.falseAlarm}/${c.calm} ${pct(c.falseAlarm, c.calm)} / ${c.possibleUrgent}, ${c.possibleCalm}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  console.log(
    '\nthresholds (urgent / possible): ' +
      URGENT_KINDS.map((k) => `${k} ${model.thresholds[k].urgent.toFixed(2)} / ${model.thresholds[k].possible.toFixed(2)}`).join('; ')
  );
}

async function main(): Promise<void> {
  const parts = createUnderstandingParts();
  const raw = loadTraining();
  const training = raw.map((e) => ({ ...e, text: parts.prepare(e.text).normalised }));
  const evalSets = sets();
  const stories = training.filter((e) => e.urgent).length;
  console.log(`training: ${training.length} phrases (${stories} stories); ` + evalSets.map((s) => `${s.name}: ${s.items.length}`).join('; ') + '\n');
  if (!process.argv.includes('--urgency')) await compareClassifiers(parts, training, evalSets);
  const all = evalSets.flatMap((s) => s.items.map((i) => i.text));
  for (const [name, options] of URGENCY_VARIANTS) {
    const t0 = performance.now();
    const model = createUrgencyModel(
      raw.map((e, i) => (e.urgent ? training[i]! : { ...training[i]!, floor: parts.safety.urgentKinds(e.text) })),
      parts.featurizer,
      options
    );
    console.log(`\nurgency model, ${name}: trained in ${(performance.now() - t0).toFixed(0)} ms on ${model.stories} stories\n`);
    compareUrgency(parts, model, evalSets);
    console.log('p50 / p99 at ' + LENGTHS.join(', ') + ' chars: ' + LENGTHS.map((l) => latency((n) => model.assess(n, []), parts, all, l).map((x) => x.toFixed(2)).join(' / ')).join(', ') + ' ms');
  }
}

await main();
