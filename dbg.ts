import { understand } from './test/understanding/support.js';
const r: any = understand('will school find out?', { audience: 'parent', region: 'uk', expects: 'free-text' } as any);
console.log(JSON.stringify(r));
