import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { understand } from './test/understanding/support.js';
const cases = parse(readFileSync(process.argv[2] ?? '/work/scratch/responsible-cases.yaml', 'utf8'));
let hit = 0, fa = 0;
for (const c of cases.responsible) { const u = understand(c.text); if (u.slots.responsible) hit++; else console.log('MISS', u.slots.situation, u.urgent.join(','), '|', c.text.slice(0, 230)); }
for (const c of cases.calm) { const u = understand(c.text); if (u.slots.responsible) { fa++; console.log('FALSE', u.slots.situation, '|', c.text.slice(0, 230)); } }
console.log(`responsible ${hit}/${cases.responsible.length}, calm marked responsible ${fa}/${cases.calm.length}`);
