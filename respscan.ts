import { readdirSync, readFileSync } from 'node:fs';
import { understand } from './test/understanding/support.js';
import { loadDevset } from './test/eval/devset.js';
const texts: [string, string][] = [];
const dir = 'test/understanding/probes';
for (const f of readdirSync(dir)) for (const line of readFileSync(`${dir}/${f}`, 'utf8').split('\n')) {
  const m = /^([UC]) \| (.+)$/.exec(line.trim()); if (m) texts.push([`probe:${f}`, m[2]!]);
}
for (const d of loadDevset()) texts.push(['devset', d.t]);
for (const line of readFileSync('test/eval/stories-blind.txt', 'utf8').split('\n')) { const m = /\|\s*(.+)$/.exec(line); if (m && !line.startsWith('#')) texts.push(['blind', m[1]!]); }
readFileSync('/work/shared/eval/real-world-dev.jsonl', 'utf8').split('\n').filter(Boolean).forEach((l, i) => { if (i % 2 === 0) texts.push([`rw:${i + 1}`, JSON.parse(l).text]); });
let n = 0;
for (const [where, t] of texts) { const u = understand(t); if (u.slots.responsible) { n++; console.log(where, '|', t.slice(0, 260)); } }
console.log(`${n} of ${texts.length} read as responsible`);
