// Training phrases for the situation classifier: content/training/*.yaml, one situation
// (or `none`) per file, Rasa-style. Checked by a schema so a typo in a file name or a label
// fails at start-up, never silently.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { SITUATIONS, type SituationId } from '../../dialogs/vocabulary.js';
import { DEFAULT_CONTENT_DIR } from '../content/load.js';

export const NONE = 'none' as const;
export type Label = SituationId | typeof NONE;
export const LABELS: readonly Label[] = [...SITUATIONS, NONE];

export const TrainingFileSchema = z
  .object({
    situation: z.enum([...SITUATIONS, NONE] as [Label, ...Label[]]),
    examples: z.array(z.string().trim().min(1)).min(5)
  })
  .strict();

export interface Example {
  text: string;
  label: Label;
}

/** Every example, in a fixed order (files sorted by name, examples as written): training is deterministic. */
export function loadTraining(dir: string = DEFAULT_CONTENT_DIR): Example[] {
  const folder = join(dir, 'training');
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const seen = new Set<Label>();
  const examples: Example[] = [];
  for (const file of files) {
    const result = TrainingFileSchema.safeParse(parse(readFileSync(join(folder, file), 'utf8')));
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`content/training/${file}: ${problems}`);
    }
    const { situation, examples: texts } = result.data;
    if (seen.has(situation)) throw new Error(`content/training/${file}: situation "${situation}" has two files`);
    seen.add(situation);
    for (const text of texts) examples.push({ text, label: situation });
  }
  const missing = LABELS.filter((l) => !seen.has(l));
  if (missing.length > 0) throw new Error(`content/training/: no examples for ${missing.join(', ')}`);
  return examples;
}
