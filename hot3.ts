import { performance } from 'node:perf_hooks';
import { loadContent } from './src/content/load.js';
import { buildUnderstandingParts } from './src/understanding/index.js';
import { loadTraining } from './src/understanding/training.js';
import { readSafetyFile, compile } from './src/understanding/safety.js';
import { createPrefilter, requiredLiterals } from './src/understanding/regexPrefilter.js';
const content = loadContent();
const parts = buildUnderstandingParts(undefined, content);
const stories = loadTraining().filter((e) => e.urgent !== undefined).map((e) => e.text);
const L = Number(process.env.L ?? 500);
const msgs: string[] = [];
for (let i = 0, k = 0; i < 300; i++) { let t = ''; while (t.length < L) t += `${stories[k++ % stories.length]} `; msgs.push(t.slice(0, t.lastIndexOf(' ', L) + 1 || L).trim()); }
const norm = msgs.map((m) => parts.normalise(m));
const file = readSafetyFile();
const srcs = new Set(file.rules.flatMap((r) => [...(r.patterns ?? []), ...(r.all ?? []), ...(r.unless ?? [])]));
const regs = [...srcs].map((s) => compile(s, file.terms));
const pf = createPrefilter(regs);
const T = (f: () => void) => { const t = performance.now(); for (let p = 0; p < 10; p++) f(); return (performance.now() - t) / (10 * norm.length); };
for (let w = 0; w < 3; w++) {
  console.log('forText only', T(() => { for (const n of norm) pf.forText(n); }).toFixed(3));
  console.log('forText+all tests', T(() => { for (const n of norm) { const t = pf.forText(n); for (const r of regs) t(r); } }).toFixed(3));
  console.log('plain test all', T(() => { for (const n of norm) { for (const r of regs) r.test(n); } }).toFixed(3));
}
