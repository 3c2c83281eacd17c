import { readFileSync } from 'node:fs';
import { understand } from './test/understanding/support.js';
for (const f of process.argv.slice(2)) {
  let n = 0, r = 0;
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    const m = /^([UC]) \| (.+)$/.exec(line.trim()); if (!m) continue;
    n++; const u = understand(m[2]!);
    if (u.slots.responsible) r++; else console.log('NO', m[1], u.slots.situation, u.urgent.join(','), '|', m[2]!.slice(0, 200));
  }
  console.log(f, `${r}/${n}`);
}
