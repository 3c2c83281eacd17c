// Looks up the bot's words (content/words.yaml) and fills `{placeholders}`.
import type { Content } from '../content/load.js';

/** A missing key is a content defect; content:check catches it, and at run time the key itself shows. */
export function fill(words: Content['words'], key: string, values: Record<string, string> = {}): string {
  const template = words[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
