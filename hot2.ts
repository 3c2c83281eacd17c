import { loadContent } from './src/content/load.js';
import { buildUnderstandingParts } from './src/understanding/index.js';
import { loadTraining } from './src/understanding/training.js';
const content = loadContent();
const parts = buildUnderstandingParts(undefined, content);
const stories = loadTraining().filter((e) => e.urgent !== undefined).map((e) => e.text);
const L = Number(process.env.L ?? 500);
const msgs: string[] = [];
for (let i = 0, k = 0; i < 300; i++) { let t = ''; while (t.length < L) t += `${stories[k++ % stories.length]} `; msgs.push(t.slice(0, t.lastIndexOf(' ', L) + 1 || L).trim()); }
const norm = msgs.map((m) => parts.normalise(m));
const t0 = Date.now();
for (let p = 0; p < 40; p++) for (const n of norm) parts.safety.assessNormalised(n);
console.log('ms/msg', (Date.now() - t0) / 12000);
