// Training phrases for the situation classifier: content/training/*.yaml, one situation
// (or `none`) per file, Rasa-style. Checked by a schema so a typo in a file name or a label
// fails at start-up, never silently.
//
// `examples` are short phrases. `stories` are messages as real people write them: long, in the
// first or third person, past or present tense, with slang and typos, the danger often implied.
// A story lists the urgent kinds a counsellor would say it clearly shows (`urgent`), or none
// when it is calm, so understanding can learn urgency from meaning as well as from phrases.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { SITUATIONS, URGENT_KINDS, type SituationId, type UrgentKind } from '../../dialogs/vocabulary.js';
import { DEFAULT_CONTENT_DIR } from '../content/load.js';

export const NONE = 'none' as const;
export type Label = SituationId | typeof NONE;
export const LABELS: readonly Label[] = [...SITUATIONS, NONE];

export const TrainingFileSchema = z
  .object({
    situation: z.enum([...SITUATIONS, NONE] as [Label, ...Label[]]),
    examples: z.array(z.string().trim().min(1)).min(5),
    stories: z
      .array(
        z
          .object({
            text: z.string().trim().min(1),
            /** Urgent kinds the story clearly shows; leave out when it is calm. */
            urgent: z.array(z.enum(URGENT_KINDS)).min(1).optional()
          })
          .strict()
      )
      .default([])
  })
  .strict();

export interface Example {
  text: string;
  label: Label;
  /** Stories only: the urgent kinds it shows ([] when calm). Short examples leave it out. */
  urgent?: UrgentKind[];
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
    const { situation, examples: texts, stories } = result.data;
    if (seen.has(situation)) throw new Error(`content/training/${file}: situation "${situation}" has two files`);
    seen.add(situation);
    for (const text of texts) examples.push({ text, label: situation });
    for (const story of stories) examples.push({ text: story.text, label: situation, urgent: story.urgent ?? [] });
  }
  const missing = LABELS.filter((l) => !seen.has(l));
  if (missing.length > 0) throw new Error(`content/training/: no examples for ${missing.join(', ')}`);
  return examples;
}
