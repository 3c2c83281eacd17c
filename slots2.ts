import { understand } from './test/understanding/support.js';
const known = process.env.A as any;
for (const t of process.argv.slice(2)) { const r = understand(t, known ? { audience: known } : {}); console.log(JSON.stringify(r.slots), '|', t); }
