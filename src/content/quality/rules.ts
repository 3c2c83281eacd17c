// The rules of the content quality checks (content/quality.yaml), and what every check reports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AGE_BANDS, AUDIENCES, REGIONS, SITUATIONS, URGENT_KINDS } from '../../../dialogs/vocabulary.js';
import { DEFAULT_CONTENT_DIR } from '../load.js';
import { ANSWER_KEYS } from '../schema.js';

export const DEFAULT_QUALITY_FILE = join(DEFAULT_CONTENT_DIR, 'quality.yaml');

const audience = z.enum(AUDIENCES);
const region = z.enum(REGIONS);

/** A phrase that must never appear, with the neighbouring words that make it kind. */
const PhraseRuleSchema = z
  .object({
    phrase: z.string().min(1),
    /** Allowed when one of these words comes just before it (within three words): "not your fault". */
    unlessAfter: z.array(z.string().min(1)).default([]),
    /** Allowed when one of these words comes straight after it: "Revenge Porn Helpline". */
    unlessBefore: z.array(z.string().min(1)).default([]),
    why: z.string().optional()
  })
  .strict();

/** A way of stating something as certain that the fact sheet could not confirm (or contradicts). */
const RiskRuleSchema = z
  .object({
    /** UNCONFIRMED register id (U1-U31), or the source ids that contradict the statement. */
    id: z.string().min(1),
    /** Case-insensitive regular expression, matched against each sentence. */
    pattern: z.string().min(1),
    /** The sentence is fine when this also matches (it is hedged, or about a confirmed case). */
    unless: z.string().min(1).optional(),
    why: z.string().min(1)
  })
  .strict();

export const WhenSchema = z
  .object({
    situation: z.array(z.enum(SITUATIONS)).optional(),
    audience: z.array(audience).optional(),
    /** `unsaid`: no age band was given (professionals and adults are not asked). */
    ageBand: z.array(z.enum([...AGE_BANDS, 'unsaid'])).optional(),
    region: z.array(region).optional(),
    imageUnder18: z.boolean().optional(),
    /** The person asking, or their child, shared or made someone else's picture. */
    responsible: z.boolean().optional()
  })
  .strict();

export const QualityConfigSchema = z
  .object({
    freshness: z
      .object({
        maxAgeMonths: z.number().int().positive(),
        /** false: stale facts are warnings (listed, exit 0). true, or `--strict`: they fail. */
        failWhenStale: z.boolean()
      })
      .strict(),
    readability: z
      .object({
        /** Young people's answers, urgent help, words.yaml, service `does`, young people's menu labels. */
        youngPeople: z.number().positive(),
        /** Parents', professionals' and adults' answers and their labels. */
        adults: z.number().positive(),
        /** Texts shorter than this (buttons, card labels) are not graded: the formula needs sentences. */
        minWords: z.number().int().nonnegative().default(0)
      })
      .strict(),
    /** Answers that fit a phone. */
    phone: z
      .object({
        /** What to do now, in each region. */
        maxSteps: z.number().int().positive(),
        /** An answer's lead and steps. */
        firstReplyMaxChars: z.number().int().positive(),
        /** Urgent help and the answer's lead and steps, shown together. */
        withUrgentMaxChars: z.number().int().positive(),
        /** The lead as a person reads it (markdown out): one or two short sentences. */
        leadMaxChars: z.number().int().positive(),
        /** Each step: one short sentence, two at most. */
        stepMaxChars: z.number().int().positive(),
        /** Lead and steps together, so the first service card shows without scrolling. */
        leadAndStepsMaxChars: z.number().int().positive(),
        /** The first screen of a phone (390x844), measured in Chromium by test/browser/phone.test.ts. */
        firstScreen: z
          .object({
            /** Characters a line of the lead holds (the fewest measured, so the estimate is never short). */
            leadCharsPerLine: z.number().int().positive(),
            /** Characters a line of a step holds (indented by its bullet). */
            stepCharsPerLine: z.number().int().positive(),
            /** Lines the "What you can do now" heading and its spacing take. */
            headingLines: z.number().nonnegative(),
            /** Lines the space between two paragraphs of a lead takes. */
            paragraphLines: z.number().nonnegative(),
            /** Lines of a reply that fit above the top line of its first service card. */
            maxLines: z.number().int().positive()
          })
          .strict()
      })
      .strict(),
    /** Urgent kinds where a life may be at risk: the emergency number comes first, in every country. */
    lifeAtRisk: z.array(z.enum(URGENT_KINDS)).min(1),
    /** Per situation: the audiences that must have their own answer (and may have a label). */
    answers: z.record(z.enum(SITUATIONS), z.array(z.enum(ANSWER_KEYS)).min(1)),
    blaming: z.array(PhraseRuleSchema).min(1),
    /** Words the guide does not use: jargon or harmful terms, with the kinder word to use. */
    avoid: z.array(PhraseRuleSchema).default([]),
    unconfirmed: z.array(RiskRuleSchema).default([]),
    contradicted: z.array(RiskRuleSchema).default([]),
    routing: z
      .object({
        forbid: z.array(z.object({ service: z.string().min(1), when: WhenSchema, why: z.string().min(1) }).strict())
      })
      .strict()
  })
  .strict();
export type QualityConfig = z.infer<typeof QualityConfigSchema>;
export type PhraseRule = z.infer<typeof PhraseRuleSchema>;
export type RiskRule = z.infer<typeof RiskRuleSchema>;
export type When = z.infer<typeof WhenSchema>;

export function loadQualityConfig(path: string = DEFAULT_QUALITY_FILE): QualityConfig {
  return QualityConfigSchema.parse(parse(readFileSync(path, 'utf8')));
}

export const CHECKS = ['sources', 'readability', 'blaming', 'unconfirmed', 'countries', 'coverage', 'routes'] as const;
export type CheckName = (typeof CHECKS)[number];

export interface Finding {
  check: CheckName;
  level: 'error' | 'warning';
  where: string;
  message: string;
}

export const error = (check: CheckName, where: string, message: string): Finding => ({ check, level: 'error', where, message });
