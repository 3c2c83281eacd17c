// Measures wave files: urgent at once, calm marked urgent; lists misses with what fired.
import { readFileSync } from 'node:fs';
import { understand, parts } from './test/understanding/support.js';
const files = process.argv.slice(2);
const layer = parts().safety;
let tu = 0, tuc = 0, tc = 0, tca = 0;
for (const f of files) {
  const lines = readFileSync(f, 'utf8').split('\n').map((l) => /^([UC]) \| (.+)$/.exec(l.trim())).filter(Boolean) as RegExpExecArray[];
  let u = 0, uc = 0, c = 0, ca = 0; const out: string[] = [];
  for (const m of lines) {
    const r = understand(m[2]!);
    const fired = layer.explain(m[2]!).map((x) => `${x.rule}:${x.level}`).join(',');
    if (m[1] === 'U') { u++; if (r.urgent.length) uc++; else out.push(`  MISS [${(r.possible ?? []).join(',')}] {${fired}} ${m[2]}`); }
    else { c++; if (r.urgent.length) { ca++; out.push(`  ALARM [${r.urgent.join(',')}] {${fired}} ${m[2]}`); } }
  }
  tu += u; tuc += uc; tc += c; tca += ca;
  console.log(`${f.split('/').pop()}: urgent ${uc}/${u}, calm alarmed ${ca}/${c}`);
  if (process.env.V) console.log(out.join('\n'));
}
console.log(`TOTAL urgent ${tuc}/${tu}, calm alarmed ${tca}/${tc}`);
