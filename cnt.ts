import { loadTraining } from './src/understanding/training.js';
const ex = loadTraining(); const c: Record<string, [number, number]> = {};
for (const e of ex) { c[e.label] ??= [0,0]; c[e.label][e.urgent ? 1 : 0]++; }
console.log(ex.length, c);
const st = ex.filter(e => e.urgent); console.log('stories', st.length, 'median words', st.map(e=>e.text.split(' ').length).sort((a,b)=>a-b)[st.length>>1]);
