// The safety layer: deterministic, auditable patterns from content/safety.yaml. It runs
// before anything else and always wins; the classifier may add to it, never overrule it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { SITUATIONS, URGENT_KINDS, type SituationId, type UrgentKind } from '../../dialogs/vocabulary.js';
import { DEFAULT_CONTENT_DIR } from '../content/load.js';
import { expandTerms } from '../content/terms.js';
import type { Normaliser } from './normalise.js';
import { createGate, createPrefilter } from './regexPrefilter.js';

/** A pattern's letters outside escapes (\\w, \\p{L}...) and group names: what it matches literally. */
const literalLetters = (source: string) => source.replace(/\\[pP]\{[^}]*\}|\\k<[^>]*>|\(\?<[\w$]+>|\\./g, '');

const Pattern = z
  .string()
  .min(1)
  .refine((source) => !/[A-Z]/.test(literalLetters(source)), {
    message: 'patterns read lower-case text: write their letters in lower case'
  });

export const SafetyFileSchema = z
  .object({
    /** Named regular-expression fragments, used in patterns as {{name}}. */
    terms: z.record(z.string().regex(/^[a-z][a-z0-9]*$/), Pattern).default({}),
    /** Phrases blanked out before matching: idioms that contain alarming words. */
    ignore: z.array(Pattern).default([]),
    /**
     * Something that happened long ago and is over ("I'm 35 now", "it stopped", "years ago"): the
     * kinds listed are then only possible (a gentle question), unless an `ongoing` phrase says it
     * is still happening ("still", "again", "now he says").
     */
    historic: z
      .object({ patterns: z.array(Pattern).min(1), ongoing: z.array(Pattern).min(1), kinds: z.array(z.enum(URGENT_KINDS)).min(1) })
      .strict()
      .optional(),
    /**
     * Words of risk said, in the same message, as a joke or a figure of speech ("i want to die (not
     * literally)", "not actually going to do anything", "dying of cringe"): the kinds listed are then
     * only possible, so the guide asks one gentle question: no crisis lines for a joke, and no silence.
     */
    figurative: z.object({ patterns: z.array(Pattern).min(1), kinds: z.array(z.enum(URGENT_KINDS)).min(1) }).strict().optional(),
    /**
     * Risk that is someone else's ("my best friend says she's going to kill herself"), unless the
     * message also speaks of the writer's own (`own`): urgent help for the kinds listed then speaks
     * to both of them. It never decides whether help comes.
     */
    another: z.object({ patterns: z.array(Pattern).min(1), own: z.array(Pattern).min(1), kinds: z.array(z.enum(URGENT_KINDS)).min(1) }).strict().optional(),
    rules: z
      .array(
        z
          .object({
            kind: z.enum(URGENT_KINDS),
            /** A short id, reported by explain() so a match can be traced to its rule. */
            name: z.string().regex(/^[a-z0-9-]+$/).optional(),
            /**
             * `urgent` (default): urgent help at once. `possible`: the words suggest the risk but do not
             * show it clearly, so the guide asks one gentle safety question instead of staying silent.
             */
            level: z.enum(['urgent', 'possible']).default('urgent'),
            /**
             * Whose worry the words show, whatever the classifier makes of the rest: someone afraid of
             * harming a child is asking about their own thoughts (`own-thoughts`), and urgent help must
             * not speak to them as the one harmed. Read only when the rule fires as urgent.
             */
            situation: z.enum(SITUATIONS).optional(),
            /**
             * The words can only be of now ("i keep looking at the bridge", "he's back and he wants more"):
             * a story of the past told first ("it was ages ago now...") does not make them only possible.
             */
            now: z.literal(true).optional(),
            /** Regular expressions in lower case, matched against the normalised (lower-case) message: any one fires. */
            patterns: z.array(Pattern).min(1).optional(),
            /** Every one of these must match somewhere in the message. */
            all: z.array(Pattern).min(2).optional(),
            /** The rule does not fire when any of these match ("it's a scam email", "I'm 30"). */
            unless: z.array(Pattern).min(1).optional()
          })
          .strict()
          .refine((r) => (r.patterns === undefined) !== (r.all === undefined), {
            message: 'a rule has either `patterns` (any) or `all` (every), not both'
          })
      )
      .min(1)
  })
  .strict();

export type SafetyFile = z.infer<typeof SafetyFileSchema>;

export interface SafetyMatch {
  kind: UrgentKind;
  rule: string;
  level: 'urgent' | 'possible';
  /** The rule's words can only be of now (`now` in content/safety.yaml). */
  now?: true;
  situation?: SituationId;
}

/** What the safety layer makes of one message, read (normalised) once. */
export interface SafetyAssessment {
  urgent: UrgentKind[];
  possible: UrgentKind[];
  /** Kinds the message says are long over (`historic`) or not meant (`figurative`): only ever possible, whoever else reads it. */
  over: readonly UrgentKind[];
  /** An `ignore` phrase applied ("what is sextortion"): the words around it are no disclosure. */
  framed: boolean;
  /** The situations that urgent rules say the message shows (their `situation`). */
  shows: SituationId[];
  /** Kinds whose risk the message tells as someone else's, a friend's (`another`), whether or not they were found. */
  others: readonly UrgentKind[];
}

export interface SafetyLayer {
  /** Urgent kinds in the message, in the fixed order of URGENT_KINDS. */
  urgentKinds(text: string): UrgentKind[];
  /** Urgent kinds clearly shown, and kinds only suggested (not among the urgent ones). */
  assess(text: string): SafetyAssessment;
  /** The same, for text the caller has normalised already (understanding normalises each message once). */
  assessNormalised(normalised: string): SafetyAssessment;
  /** Which rules fired, for tests and audits. */
  explain(text: string): SafetyMatch[];
  /** The lower-case words the patterns use, so the normaliser can aim for them. */
  vocabulary: readonly string[];
}

// No `i` flag: the normaliser lower-cases every message and the schema keeps patterns lower
// case, and case-insensitive Unicode matching costs V8 about six times as much per pattern.
// Exported for test/understanding/regexPrefilter.test.ts, which checks the prefilter on every pattern.
export function compile(source: string, terms: Record<string, string>, flags = 'u'): RegExp {
  const expanded = expandTerms(source, terms, 'content/safety.yaml');
  try {
    return new RegExp(expanded, flags);
  } catch (error) {
    throw new Error(`content/safety.yaml: bad pattern ${source}: ${(error as Error).message}`);
  }
}

/** Plain words in the pattern sources: "kill", "myself", "blackmail"... */
export function patternWords(file: SafetyFile): string[] {
  const sources = [
    ...Object.values(file.terms),
    ...file.ignore,
    ...(file.historic ? [...file.historic.patterns, ...file.historic.ongoing] : []),
    ...(file.figurative?.patterns ?? []),
    ...(file.another ? [...file.another.patterns, ...file.another.own] : []),
    ...file.rules.flatMap((r) => [...(r.patterns ?? []), ...(r.all ?? []), ...(r.unless ?? [])])
  ];
  const out = new Set<string>();
  for (const source of sources) {
    for (const w of source.replace(/\\[a-z]/gi, ' ').match(/[a-z]{2,}/g) ?? []) out.add(w);
  }
  return [...out];
}

export function parseSafetyFile(text: string): SafetyFile {
  return SafetyFileSchema.parse(parse(text));
}

export function buildSafetyLayer(file: SafetyFile, norm: Normaliser): SafetyLayer {
  const vocabulary = patternWords(file);
  // An ignore phrase whose words are not in the message cannot change it: skip the replace.
  const ignore = file.ignore.map((p) => compile(p, file.terms, 'gu'));
  const ignoreGate = createGate(ignore);
  // Rules share terms ("{{adult}}" is in eight of them): one RegExp per distinct source, tested at
  // most once per message, and the message normalised once; together about half the safety layer's
  // time on a 500-character story (0.65-1.0 ms against 1.5-2.5 ms, measured on a busy machine).
  const compiled = new Map<string, RegExp>();
  const once = (source: string) => compiled.get(source) ?? compiled.set(source, compile(source, file.terms)).get(source)!;
  const rules = file.rules.map((r, i) => ({
    kind: r.kind,
    level: r.level,
    situation: r.situation,
    name: r.name ?? `${r.kind}-${i + 1}`,
    now: r.now,
    any: (r.patterns ?? []).map(once),
    all: (r.all ?? []).map(once),
    unless: (r.unless ?? []).map(once)
  }));
  // The big alternations ({{adult}}, {{asks}}...) cost most of the time; cut into alternatives,
  // most need words the message lacks and need not run, and the rest run only where a match can
  // begin (src/understanding/regexPrefilter.ts). Per message (npx tsx bench/safety.ts, results
  // unchanged): 1.2 -> 0.35 ms at 500 characters with 375 rules when it came; with 408 rules, where
  // matches begin saves 1.05 -> 0.95 ms at 500 characters and 13.4 -> 5.0 ms at 4,000.
  const prefilter = createPrefilter(compiled.values());
  /** The message with its `ignore` phrases blanked, and whether any applied. */
  const unframed = (normalised: string): { text: string; framed: boolean } => {
    let t = ` ${normalised} `;
    let framed = false;
    let may = ignoreGate(t);
    ignore.forEach((regexp, i) => {
      if (!may(i)) return;
      const next = t.replace(regexp, ' ');
      if (next === t) return;
      framed = true;
      t = next;
      may = ignoreGate(t);
    });
    return { text: t.replace(/\s+/g, ' ').trim(), framed };
  };
  const explainNormalised = (normalised: string): { matches: SafetyMatch[]; framed: boolean } => {
    const { text: t, framed } = unframed(normalised);
    // Each piece of a pattern runs at most once for this text (the prefilter remembers it).
    const test = prefilter.forText(t);
    const matches = rules
      .filter((r) => (r.any.length > 0 ? r.any.some(test) : r.all.every(test)) && !r.unless.some(test))
      .map((r) => ({ kind: r.kind, rule: r.name, level: r.level, ...(r.situation && { situation: r.situation }), ...(r.now && { now: r.now }) }));
    return { matches, framed };
  };
  const assess = assessWith(explainNormalised, notMeantNowTest(file), anotherTest(file));
  return {
    vocabulary,
    explain: (text) => explainNormalised(norm(text)).matches,
    urgentKinds(text) {
      return assess(norm(text)).urgent;
    },
    assess: (text) => assess(norm(text)),
    assessNormalised: assess
  };
}

/**
 * Which kinds does this message say are not a risk now: long over (`historic`, unless it also says
 * it is still going on) or said as a joke (`figurative`)? Those kinds are only possible, except that
 * a rule whose words can only be of now (`now`) is not made so by the past.
 */
type NotMeantNowTest = (text: string) => { past: readonly UrgentKind[]; unmeant: readonly UrgentKind[] };

/** Reads normalised text. */
function notMeantNowTest(file: SafetyFile): NotMeantNowTest {
  const { historic, figurative } = file;
  const past = (historic?.patterns ?? []).map((p) => compile(p, file.terms));
  const ongoing = (historic?.ongoing ?? []).map((p) => compile(p, file.terms));
  const joking = (figurative?.patterns ?? []).map((p) => compile(p, file.terms));
  // The same prefilter as the rules': one "still going on" pattern alone is some 5,000 characters of
  // alternatives and cost about 0.2 ms on a 500-character story when run whole (bench/safety.ts).
  const prefilter = createPrefilter([...past, ...ongoing, ...joking]);
  return (t) => {
    const test = prefilter.forText(t);
    return {
      past: historic && past.some(test) && !ongoing.some(test) ? historic.kinds : [],
      unmeant: figurative && joking.some(test) ? figurative.kinds : []
    };
  };
}

/** Which kinds does this message tell as someone else's risk (`another`, and nothing of the writer's own)? Reads normalised text. */
function anotherTest(file: SafetyFile): (text: string) => readonly UrgentKind[] {
  const { another } = file;
  if (!another) return () => [];
  const theirs = another.patterns.map((p) => compile(p, file.terms));
  const own = another.own.map((p) => compile(p, file.terms));
  return (t) => (theirs.some((r) => r.test(t)) && !own.some((r) => r.test(t)) ? another.kinds : []);
}

/** Both read the message normalised once. */
function assessWith(
  explain: (normalised: string) => { matches: SafetyMatch[]; framed: boolean },
  notMeantNow: NotMeantNowTest,
  anothers: (text: string) => readonly UrgentKind[]
): SafetyLayer['assess'] {
  return (normalised) => {
    const { past, unmeant } = notMeantNow(normalised);
    const over = [...new Set([...past, ...unmeant])];
    const { matches: found, framed } = explain(normalised);
    // Words of now stay urgent after a story of the past; a joke is a joke whenever it is told.
    const notNow = (m: SafetyMatch) => unmeant.includes(m.kind) || (past.includes(m.kind) && !m.now);
    const matches = found.map((m) => (notNow(m) ? { ...m, level: 'possible' as const } : m));
    const urgent = URGENT_KINDS.filter((k) => matches.some((m) => m.kind === k && m.level === 'urgent'));
    const possible = URGENT_KINDS.filter((k) => !urgent.includes(k) && matches.some((m) => m.kind === k));
    const shows = [...new Set(matches.flatMap((m) => (m.level === 'urgent' && m.situation ? [m.situation] : [])))];
    return { urgent, possible, over, framed, shows, others: anothers(normalised) };
  };
}

export function readSafetyFile(dir: string = DEFAULT_CONTENT_DIR): SafetyFile {
  return parseSafetyFile(readFileSync(join(dir, 'safety.yaml'), 'utf8'));
}
