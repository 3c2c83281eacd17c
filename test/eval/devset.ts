// Loads and checks test/eval/devset.yaml (the labelled messages for `npm run eval`).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { AGE_BANDS, AUDIENCES, REGIONS, SITUATIONS, URGENT_KINDS } from '../../dialogs/vocabulary.js';

const Item = z
  .object({
    t: z.string().min(1),
    u: z.array(z.enum(URGENT_KINDS)).optional(),
    s: z.enum([...SITUATIONS, 'none'] as [string, ...string[]]),
    who: z.enum(AUDIENCES),
    age: z.enum(AGE_BANDS),
    reg: z.enum(REGIONS).optional(),
    u18: z.boolean().optional(),
    said: z.string().regex(/^[agr]( [agr])*$/).optional(),
    svc: z.string().optional(),
    slang: z.boolean().optional(),
    near: z.boolean().optional()
  })
  .strict();

export type DevItem = z.infer<typeof Item>;

export function loadDevset(path = fileURLToPath(new URL('./devset.yaml', import.meta.url))): DevItem[] {
  const items = z.object({ items: z.array(Item).min(1) }).strict().parse(parse(readFileSync(path, 'utf8'))).items;
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.t)) throw new Error(`devset.yaml: "${item.t}" is there twice`);
    seen.add(item.t);
  }
  return items;
}
