import { parts } from './test/understanding/support.js';
console.log(parts().normalise(process.argv[2]!));
