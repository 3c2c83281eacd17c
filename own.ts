import { readFileSync } from 'node:fs';
import { understand, parts } from './test/understanding/support.js';
import { loadTraining } from './src/understanding/training.js';
import { loadDevset } from './test/eval/devset.js';
import { loadBlindStories } from './test/eval/blindStories.js';
const CUE = new RegExp(process.env.CUE!);
const p = parts();
const has = (t: string) => CUE.test(p.normalise(t));
const tr = loadTraining().filter((e) => e.label === 'own-thoughts');
console.log('training own-thoughts without cue:', tr.filter((e) => !has(e.text)).map((e) => e.text.slice(0, 90)));
const dev = loadDevset().filter((d: any) => d.s === 'own-thoughts' || d.situation === 'own-thoughts');
console.log('dev', dev.length, 'without cue:', dev.filter((d: any) => !has(d.t)).map((d: any) => d.t));
const bl = loadBlindStories().filter((s) => s.labels.includes('own-thoughts'));
console.log('blind', bl.length, 'without cue:', bl.filter((s) => !has(s.text)).map((s) => s.text.slice(0, 100)));
// predicted own-thoughts but not labelled so
const wrong = loadBlindStories().filter((s) => !s.labels.includes('own-thoughts') && understand(s.text).slots.situation === 'own-thoughts');
console.log('blind predicted own-thoughts wrongly', wrong.length, 'of which no cue', wrong.filter((s) => !has(s.text)).length);
