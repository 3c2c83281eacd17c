import { parts } from './test/understanding/support.js';
for (const t of process.argv.slice(2)) console.log(JSON.stringify(parts().normalise(t)));
