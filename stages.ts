import { performance } from 'node:perf_hooks';
import { loadContent } from './src/content/load.js';
import { buildUnderstandingParts, understandWith } from './src/understanding/index.js';
import { loadTraining } from './src/understanding/training.js';
const content = loadContent();
const parts = buildUnderstandingParts(undefined, content);
const stories = loadTraining().filter((e) => e.urgent !== undefined).map((e) => e.text);
const L = Number(process.env.L ?? 500);
const msgs: string[] = [];
for (let i = 0, k = 0; i < 300; i++) { let t = ''; while (t.length < L) t += `${stories[k++ % stories.length]} `; msgs.push(t.slice(0, t.lastIndexOf(' ', L) + 1 || L).trim()); }
const acc: Record<string, number[]> = {};
function time<T>(name: string, f: () => T): T { const t = performance.now(); const r = f(); (acc[name] ??= []).push(performance.now() - t); return r; }
for (let p = 0; p < 12; p++) for (const m of msgs) {
  const n = time('normalise', () => parts.normalise(m));
  time('safety', () => parts.safety.assessNormalised(n));
  const prep = time('prepare', () => parts.prepare(m, n));
  time('slots', () => parts.extractSlots(prep.normalised, {}));
  time('topics', () => { for (const [k, v] of Object.entries(parts.topics)) if (v && typeof (v as any).test === 'function') (v as any).test(prep.normalised); });
  time('rank', () => parts.classifier.rank(prep.normalised));
  time('urgency', () => parts.urgency.assess(prep.normalised, []));
  time('english', () => parts.english(prep.normalised));
  time('total', () => understandWith(parts, m, {}));
}
const q = (a: number[], x: number) => a.sort((p, r) => p - r)[Math.floor(x * a.length)]!;
for (const [k, v] of Object.entries(acc)) console.log(k.padEnd(10), 'p50', q(v, 0.5).toFixed(3), 'p99', q(v, 0.99).toFixed(3));
