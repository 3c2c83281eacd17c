// Looks up the bot's words (content/words.yaml) and fills `{placeholders}`.
import type { WordKey, Words } from '../content/wordKeys.js';

/** Keys are typed (src/content/wordKeys.ts) and the schema holds words.yaml to them, so every key exists. */
export function fill(words: Words, key: WordKey, values: Record<string, string> = {}): string {
  const template = words[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
