import { understand } from './test/understanding/support.js';
for (const t of process.argv.slice(2)) { const r = understand(t, { expects: 'age' }); console.log(JSON.stringify(r.slots), '|', t); }
