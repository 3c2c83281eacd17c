import { loadContent } from './src/content/load.js';
import { buildUnderstandingParts, understandWith } from './src/understanding/index.js';
import { loadBlindStories } from './test/eval/blindStories.js';
const parts = buildUnderstandingParts(undefined, loadContent());
const want = process.argv[2] ?? 'received-image', got = process.argv[3] ?? 'grooming';
for (const s of loadBlindStories()) {
  const u = understandWith(parts, s.text, {});
  if (s.labels[0] === want && u.slots.situation === got) console.log(`[${u.urgent.join(',')}|${u.possible.join(',')}] ${s.text}\n`);
}
