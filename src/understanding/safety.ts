// The safety layer: deterministic, auditable patterns from content/safety.yaml. It runs
// before anything else and always wins; the classifier may add to it, never overrule it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { URGENT_KINDS, type UrgentKind } from '../../dialogs/vocabulary.js';
import { DEFAULT_CONTENT_DIR } from '../content/load.js';

export const SafetyFileSchema = z
  .object({
    rules: z
      .array(
        z
          .object({
            kind: z.enum(URGENT_KINDS),
            /** Case-insensitive regular expressions, matched against the normalised message. */
            patterns: z.array(z.string().min(1)).min(1)
          })
          .strict()
      )
      .min(1)
  })
  .strict();

export interface SafetyLayer {
  urgentKinds(text: string): UrgentKind[];
}

export function loadSafetyLayer(dir: string = DEFAULT_CONTENT_DIR): SafetyLayer {
  const file = SafetyFileSchema.parse(parse(readFileSync(join(dir, 'safety.yaml'), 'utf8')));
  const rules = file.rules.map((r) => ({ kind: r.kind, patterns: r.patterns.map((p) => new RegExp(p, 'iu')) }));
  return {
    urgentKinds(text) {
      const normalised = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
      const kinds = rules.filter((r) => r.patterns.some((p) => p.test(normalised))).map((r) => r.kind);
      return URGENT_KINDS.filter((k) => kinds.includes(k));
    }
  };
}
