// Looks up the bot's words (content/words.yaml), in the person's country's words when they differ,
// and fills `{placeholders}`.
import type { Region } from '../../dialogs/vocabulary.js';
import { wordIn } from '../content/localised.js';
import type { WordKey, Words } from '../content/wordKeys.js';

/**
 * Keys are typed (src/content/wordKeys.ts) and the schema holds words.yaml to them, so every key
 * exists. `region`: where the person lives, when known.
 */
export function fill(words: Words, key: WordKey, values: Record<string, string> = {}, region?: Region): string {
  const value = words[key];
  const template = value === undefined ? key : wordIn(value, region);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
