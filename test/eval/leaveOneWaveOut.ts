// `npx tsx test/eval/leaveOneWaveOut.ts [threshold]`: would the urgency model read new writers
// better if it also learnt from the blind probe messages? For each blind wave, it trains the model
// on the training stories plus every OTHER wave (an urgent message with the kinds the safety
// patterns find in it, a calm one calm), and scores the left-out wave with the model alone,
// against the production model (stories only). Figures only (COMPARISON.md, "Tried and not adopted").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URGENT_KINDS } from '../../dialogs/vocabulary.js';
import { loadContent } from '../../src/content/load.js';
import { buildUnderstandingParts } from '../../src/understanding/index.js';
import { loadTraining, NONE } from '../../src/understanding/training.js';
import { createUrgencyModel, type UrgencyExample, type UrgencyModel } from '../../src/understanding/urgencyModel.js';

const THRESHOLD = Number(process.argv[2] ?? 0.7);
const DIR = join(import.meta.dirname, '../understanding/probes');
const parts = buildUnderstandingParts(undefined, loadContent());

const waves = readdirSync(DIR)
  .filter((f) => f.startsWith('blind-') && f.endsWith('.txt'))
  .sort()
  .map((file) => ({
    file,
    messages: readFileSync(join(DIR, file), 'utf8')
      .split('\n')
      .map((line) => /^([UC]) \| (.+)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ urgent: m[1] === 'U', text: m[2]!, normalised: parts.prepare(m[2]!).normalised }))
  }));
type Wave = (typeof waves)[number];

const training = loadTraining();
const stories: UrgencyExample[] = training.map((e) => {
  const example = { ...e, text: parts.prepare(e.text).normalised };
  return e.urgent ? example : { ...example, floor: parts.safety.urgentKinds(e.text) };
});
const examplesOf = (wave: Wave): UrgencyExample[] =>
  wave.messages.map((m) => ({ text: m.normalised, label: NONE, urgent: m.urgent ? parts.safety.urgentKinds(m.text) : [] }));

function score(model: UrgencyModel, wave: Wave) {
  const hit = (normalised: string) => {
    const p = model.scores(normalised);
    return URGENT_KINDS.some((k) => p[k] >= THRESHOLD);
  };
  const urgent = wave.messages.filter((m) => m.urgent);
  const calm = wave.messages.filter((m) => !m.urgent);
  return { urgent: urgent.filter((m) => hit(m.normalised)).length, of: urgent.length, calm: calm.filter((m) => hit(m.normalised)).length, calmOf: calm.length };
}

const production = createUrgencyModel(stories, parts.featurizer, { minUrgent: 0.7 });
const total = { production: [0, 0], withWaves: [0, 0], urgent: 0, calm: 0 };
console.log(`Model alone, threshold ${THRESHOLD}: urgent read as urgent / calm read as urgent, per left-out wave`);
for (const wave of waves) {
  const others = waves.filter((w) => w !== wave).flatMap(examplesOf);
  const withWaves = createUrgencyModel([...stories, ...others], parts.featurizer, { minUrgent: 0.7 });
  const a = score(production, wave);
  const b = score(withWaves, wave);
  total.production = [total.production[0]! + a.urgent, total.production[1]! + a.calm];
  total.withWaves = [total.withWaves[0]! + b.urgent, total.withWaves[1]! + b.calm];
  total.urgent += a.of;
  total.calm += a.calmOf;
  console.log(`  ${wave.file.padEnd(34)} stories only ${a.urgent}/${a.of}, ${a.calm}/${a.calmOf}; with the other waves ${b.urgent}/${b.of}, ${b.calm}/${b.calmOf}`);
}
console.log(`Total: stories only ${total.production[0]}/${total.urgent}, ${total.production[1]}/${total.calm}; with the other waves ${total.withWaves[0]}/${total.urgent}, ${total.withWaves[1]}/${total.calm}`);
