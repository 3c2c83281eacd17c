// Scratch: writes, for every message we hold (probes, dev set, blind stories, training) plus hostile
// strings, what understanding makes of it and which safety rules fired, one JSON line each, to the
// file given. Two runs' files must be byte-identical when a change is meant to change no result.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadContent } from './src/content/load.js';
import { buildUnderstandingParts, understandWith } from './src/understanding/index.js';
import { loadTraining } from './src/understanding/training.js';
import { loadDevset } from './test/eval/devset.js';
const parts = buildUnderstandingParts(undefined, loadContent());
const texts: string[] = [];
const dir = 'test/understanding/probes';
for (const f of readdirSync(dir).sort()) for (const line of readFileSync(`${dir}/${f}`, 'utf8').split('\n')) { const m = /^([UC]) \| (.+)$/.exec(line.trim()); if (m) texts.push(m[2]!); }
for (const d of loadDevset()) texts.push(d.t);
for (const line of readFileSync('test/eval/stories-blind.txt', 'utf8').split('\n')) { const m = /\|\s*(.+)$/.exec(line); if (m && !line.startsWith('#')) texts.push(m[1]!); }
for (const e of loadTraining()) texts.push(e.text);
for (const unit of ['b-', '1+', 'uk ', 'x', 'he said he would send it unless i pay, ', 'still ', 'i am 15 and he is 30 ']) texts.push(unit.repeat(Math.ceil(10000 / unit.length)).slice(0, 10000));
const hints = [{}, { expects: 'free-text' as const }, { expects: 'age' as const }];
const out: string[] = [];
texts.forEach((t, i) => {
  const h = hints[i % hints.length]!;
  out.push(`${i}\t${JSON.stringify(understandWith(parts, t, h))}\t${parts.safety.explain(t).map((m) => `${m.rule}:${m.level}`).join(',')}`);
});
writeFileSync(process.argv[2]!, out.join('\n') + '\n');
console.log(`${texts.length} messages written to ${process.argv[2]}`);
