import { readdirSync, readFileSync } from 'node:fs';
import { saysOtherIsAdult } from './src/understanding/conversational.js';
import { parts } from './test/understanding/support.js';

const u = parts();
const dir = 'test/understanding/probes';
let c = 0, n = 0, uu = 0, un = 0;
for (const f of readdirSync(dir)) for (const line of readFileSync(`${dir}/${f}`, 'utf8').split('\n')) {
  const m = /^([UC]) \| (.+)$/.exec(line.trim()); if (!m) continue;
  const hit = saysOtherIsAdult(u.normalise(m[2]!));
  if (m[1] === 'C') { n++; if (hit) { c++; if (process.env.SHOW) console.log('C', m[2]!.slice(0, 200)); } } else { un++; if (hit) uu++; }
}
console.log(`calm ${c}/${n}, urgent ${uu}/${un}`);
