import { performance } from 'node:perf_hooks';
import { loadContent } from './src/content/load.js';
import { buildUnderstandingParts } from './src/understanding/index.js';
import { loadTraining } from './src/understanding/training.js';
(globalThis as any).STATS = { runT: 0, searchT: 0, nmn: 0, explain: 0, another: 0, unframed: 0 };
const content = loadContent();
const parts = buildUnderstandingParts(undefined, content);
const stories = loadTraining().filter((e) => e.urgent !== undefined).map((e) => e.text);
const msgs: string[] = [];
for (let i = 0, k = 0; i < 300; i++) { let t = ''; while (t.length < 500) t += `${stories[k++ % stories.length]} `; msgs.push(t.slice(0, t.lastIndexOf(' ', 500) + 1 || 500).trim()); }
const norm = msgs.map((m) => parts.normalise(m));
for (let w = 0; w < 4; w++) {
const S = (globalThis as any).STATS; for (const k in S) S[k] = 0;
const t0 = performance.now();
for (let p = 0; p < 5; p++) for (const n of norm) parts.safety.assessNormalised(n);
console.log("total", ((performance.now() - t0) / 1500).toFixed(3), Object.entries(S).map(([k, v]) => k + " " + ((v as number) / 1500).toFixed(3)).join(" "));
}
