// Content quality checks, run by `npm run content:check` after the schema check (load.ts).
// The schema says content is well formed; these checks say it is fit to show a frightened
// young person or a parent at 2 a.m.:
//
//   sources     every fact, answer and urgent text cites a source and the day it was checked;
//               anything checked more than `freshness.maxAgeMonths` ago is listed
//   readability Flesch-Kincaid grade (the maintained `flesch-kincaid` + `syllable` packages),
//               per text, after stripping markdown: young people's texts and parents' texts
//               have separate ceilings (content/quality.yaml)
//   blaming     phrases that blame a child or a victim never appear
//   unconfirmed a fact the fact sheet marks UNCONFIRMED is never stated as certain; no
//               phone number appears in a text unless a service card confirms it
//   words       every words.yaml key the code asks for exists
//   coverage    every situation has an answer for each audience that can meet it
//   routes      every combination the dialog can reach gets at least one service, and no
//               service is offered to someone it is not for (content/quality.yaml `routing`)
//
// Pure functions of the content, the rules and today's date, so tests can feed small bad
// fixtures and see each check fail.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  AGE_BANDS,
  AUDIENCES,
  COMMAND_VALUES,
  EXPECTS,
  REGIONS,
  SITUATIONS,
  URGENT_KINDS,
  type AgeBand,
  type Audience,
  type Region,
  type SituationId
} from '../../dialogs/vocabulary.js';
import type { Slots } from '../../dialogs/events.js';
import { servicesFor } from '../render/services.js';
import { dialogWordKeys } from './dialogWords.js';
import type { Content } from './load.js';

export const DEFAULT_QUALITY_FILE = fileURLToPath(new URL('../../content/quality.yaml', import.meta.url));
export const DEFAULT_SRC_DIR = fileURLToPath(new URL('../', import.meta.url));

// ---------------------------------------------------------------------------------------
// The rules (content/quality.yaml)

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

const WhenSchema = z
  .object({
    situation: z.array(z.enum(SITUATIONS)).optional(),
    audience: z.array(audience).optional(),
    /** `unsaid`: no age band was given (professionals and adults are not asked). */
    ageBand: z.array(z.enum([...AGE_BANDS, 'unsaid'])).optional(),
    region: z.array(region).optional(),
    imageUnder18: z.boolean().optional()
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
        /** Parents', professionals' and adults' answers, their labels, and region notes. */
        adults: z.number().positive(),
        /** Texts shorter than this (buttons, card labels) are not graded: the formula needs sentences. */
        minWords: z.number().int().nonnegative().default(0)
      })
      .strict(),
    /** Per situation: the audiences that must have their own answer (and may have a label). */
    answers: z.record(z.enum(SITUATIONS), z.array(audience).min(1)),
    blaming: z.array(PhraseRuleSchema).min(1),
    /** Words the guide does not use: jargon or harmful terms, with the kinder word to use. */
    avoid: z.array(PhraseRuleSchema).default([]),
    unconfirmed: z.array(RiskRuleSchema).default([]),
    contradicted: z.array(RiskRuleSchema).default([]),
    routing: z
      .object({
        forbid: z.array(z.object({ service: z.string().min(1), when: WhenSchema, why: z.string().min(1) }).strict()),
        /** Services that may be offered outside their own region, and where. */
        crossBorder: z.record(z.string(), z.object({ regions: z.array(region).min(1), why: z.string().min(1) }).strict())
      })
      .strict()
  })
  .strict();
export type QualityConfig = z.infer<typeof QualityConfigSchema>;
type PhraseRule = z.infer<typeof PhraseRuleSchema>;
type RiskRule = z.infer<typeof RiskRuleSchema>;

export function loadQualityConfig(path: string = DEFAULT_QUALITY_FILE): QualityConfig {
  return QualityConfigSchema.parse(parse(readFileSync(path, 'utf8')));
}

// ---------------------------------------------------------------------------------------
// Findings

export const CHECKS = ['sources', 'readability', 'blaming', 'unconfirmed', 'words', 'coverage', 'routes'] as const;
export type CheckName = (typeof CHECKS)[number];

export interface Finding {
  check: CheckName;
  level: 'error' | 'warning';
  where: string;
  message: string;
}

export interface GradeRow {
  where: string;
  kind: string;
  group: 'young people' | 'parents and professionals';
  grade: number;
  max: number;
}

export interface QualityReport {
  today: string;
  findings: Finding[];
  grades: GradeRow[];
  counts: { facts: number; stale: number; texts: number; wordKeys: number; combinations: number };
}

export interface QualityOptions {
  today?: Date;
  /** Fail on stale facts, whatever quality.yaml says. */
  strict?: boolean;
  /** Words keys the code asks for; default: found by reading src/. */
  usedWordKeys?: readonly string[];
}

// ---------------------------------------------------------------------------------------
// Readability

/** Markdown, placeholders and links out, so the grade measures the words a person reads. */
export function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, '')
    .replace(/\{\w+\}/g, '')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/^\s*(#{1,6}|[-*+]|\d+\.)\s+/gm, '')
    .replace(/(^|\s)[*_](\S)/g, '$1$2')
    .replace(/(\S)[*_](\s|$)/g, '$1$2');
}

const WORD = /[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Sentences: split on end punctuation, and every line (a list item or a paragraph) is its own. */
export function sentences(text: string): string[] {
  return stripMarkdown(text)
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])["”’)]*\s+/))
    .map((s) => s.trim())
    .filter((s) => HAS_WORD.test(s));
}

/** Syllables of one word. A number counts as one (a helpline number is read as one unit). */
function syllablesOf(word: string): number {
  if (/^[\d.]+$/.test(word)) return 1;
  return Math.max(1, syllable(word));
}

export interface TextCounts {
  sentence: number;
  word: number;
  syllable: number;
}

export function countText(text: string): TextCounts {
  const parts = sentences(text);
  let word = 0;
  let syllables = 0;
  for (const part of parts) {
    for (const w of part.match(WORD) ?? []) {
      word += 1;
      syllables += syllablesOf(w);
    }
  }
  return { sentence: parts.length, word, syllable: syllables };
}

/** Flesch-Kincaid grade of a text after stripping markdown; 0 for a text with no words. */
export function readingGrade(text: string): number {
  const counts = countText(text);
  if (counts.word === 0) return 0;
  return fleschKincaid({ sentence: counts.sentence, word: counts.word, syllable: counts.syllable });
}

// ---------------------------------------------------------------------------------------
// Every text the guide shows, with who reads it

interface ShownText {
  where: string;
  /** What kind of text it is, for the report: "young-person answers", "urgent help", ... */
  kind: string;
  text: string;
  /** Reading-grade group, or undefined when the text is not graded (e.g. a service name). */
  group?: GradeRow['group'];
  /** Exempt from the unconfirmed checks: the fact is marked unconfirmed and shown with a caveat. */
  caveated?: boolean;
}

function answerBody(answer: { text: string; steps: readonly string[]; sayToChild: readonly string[] }): string {
  return [answer.text, ...answer.steps, ...answer.sayToChild].join('\n');
}

const groupOf = (who: Audience): GradeRow['group'] => (who === 'young-person' ? 'young people' : 'parents and professionals');

function shownTexts(content: Content): ShownText[] {
  const texts: ShownText[] = [];
  for (const situation of content.situations.values()) {
    const youngPeopleMeetIt = situation.answers['young-person'] !== undefined;
    for (const [who, label] of Object.entries(situation.labels)) {
      if (label) texts.push({ where: `situations/${situation.id} label.${who}`, kind: 'menu labels', text: label, group: groupOf(who as Audience) });
    }
    for (const [who, answer] of Object.entries(situation.answers)) {
      if (answer) {
        texts.push({ where: `situations/${situation.id} ${who}`, kind: `${who} answers`, text: answerBody(answer), group: groupOf(who as Audience) });
      }
    }
    for (const [where, note] of Object.entries(situation.regionNotes)) {
      // A note is read by everyone who meets the situation there, young people included.
      if (note) {
        texts.push({
          where: `situations/${situation.id} regionNotes.${where}`,
          kind: 'region notes',
          text: note,
          group: youngPeopleMeetIt ? 'young people' : 'parents and professionals'
        });
      }
    }
  }
  for (const help of content.urgent.values()) {
    texts.push({ where: `urgent ${help.kind}`, kind: 'urgent help', text: [help.text, ...help.steps].join('\n'), group: 'young people' });
  }
  for (const [key, text] of Object.entries(content.words)) texts.push({ where: `words ${key}`, kind: 'words.yaml', text, group: 'young people' });
  for (const service of content.services.values()) {
    const card = { kind: 'service cards' };
    texts.push({ ...card, where: `service ${service.id}.does`, text: service.does.value, group: 'young people', caveated: !!service.does.unconfirmed });
    texts.push({ ...card, where: `service ${service.id}.for`, text: service.for.value, caveated: !!service.for.unconfirmed });
    service.notes.forEach((note, i) =>
      texts.push({ ...card, where: `service ${service.id}.notes.${i}`, text: note.value, caveated: !!note.unconfirmed })
    );
  }
  return texts;
}

// ---------------------------------------------------------------------------------------
// Sources and dates

interface Provenanced {
  where: string;
  sources: readonly string[];
  checked: string;
  unconfirmed?: string;
}

function provenancedFacts(content: Content): Provenanced[] {
  const facts: Provenanced[] = [];
  for (const service of content.services.values()) {
    for (const [field, value] of Object.entries(service)) {
      if (value && typeof value === 'object' && 'sources' in value && 'checked' in value) {
        facts.push({ where: `service ${service.id}.${field}`, ...(value as Omit<Provenanced, 'where'>) });
      }
    }
    service.notes.forEach((note, i) => facts.push({ where: `service ${service.id}.notes.${i}`, ...note }));
  }
  for (const situation of content.situations.values()) {
    for (const [who, answer] of Object.entries(situation.answers)) {
      if (answer) facts.push({ where: `situations/${situation.id} ${who}`, sources: answer.sources, checked: answer.checked });
    }
  }
  for (const help of content.urgent.values()) facts.push({ where: `urgent ${help.kind}`, sources: help.sources, checked: help.checked });
  return facts;
}

function isRealDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

function monthsBefore(today: Date, months: number): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, today.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

function checkSources(content: Content, config: QualityConfig, today: Date, strict: boolean): { findings: Finding[]; facts: number; stale: number } {
  const findings: Finding[] = [];
  const facts = provenancedFacts(content);
  const todayIso = today.toISOString().slice(0, 10);
  const oldest = monthsBefore(today, config.freshness.maxAgeMonths);
  const failStale = strict || config.freshness.failWhenStale;
  let stale = 0;
  for (const fact of facts) {
    if (!fact.sources || fact.sources.length === 0) {
      findings.push({ check: 'sources', level: 'error', where: fact.where, message: 'has no source: add the [S#] ids it comes from' });
    }
    for (const id of fact.sources ?? []) {
      if (!(id in content.sources)) {
        findings.push({ check: 'sources', level: 'error', where: fact.where, message: `cites ${id}, which is not in sources.yaml` });
      }
    }
    if (!fact.checked || !isRealDay(fact.checked)) {
      findings.push({ check: 'sources', level: 'error', where: fact.where, message: `has no real "checked" day (YYYY-MM-DD), got "${fact.checked ?? ''}"` });
    } else if (fact.checked > todayIso) {
      findings.push({ check: 'sources', level: 'error', where: fact.where, message: `was "checked" on ${fact.checked}, after today (${todayIso})` });
    } else if (fact.checked < oldest) {
      stale += 1;
      findings.push({
        check: 'sources',
        level: failStale ? 'error' : 'warning',
        where: fact.where,
        message: `last checked ${fact.checked}, more than ${config.freshness.maxAgeMonths} months ago: check it against its source and update "checked"`
      });
    }
  }
  return { findings, facts: facts.length, stale };
}

// ---------------------------------------------------------------------------------------
// Phrases: blaming language, words we avoid, unconfirmed or contradicted statements

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const normalise = (s: string) => s.replace(/[’‘]/g, "'").toLowerCase();

/** Where `rule.phrase` appears in `text` without one of its kind neighbours. */
export function phraseHits(text: string, rule: PhraseRule): string[] {
  const plain = normalise(stripMarkdown(text));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(normalise(rule.phrase))}(?![\\p{L}\\p{N}])`, 'gu');
  const hits: string[] = [];
  for (const match of plain.matchAll(pattern)) {
    const before = plain.slice(0, match.index).match(/[\p{L}\p{N}']+/gu)?.slice(-3) ?? [];
    const after = plain.slice(match.index + match[0].length).match(/[\p{L}\p{N}']+/gu)?.[0];
    const kindBefore = rule.unlessAfter.some((w) => before.includes(normalise(w)));
    const kindAfter = after !== undefined && rule.unlessBefore.some((w) => normalise(w) === after);
    if (!kindBefore && !kindAfter) hits.push(plain.slice(Math.max(0, match.index - 30), match.index + match[0].length + 30).trim());
  }
  return hits;
}

/** Sentences of `text` that state what `rule` guards against. */
export function riskHits(text: string, rule: RiskRule): string[] {
  const pattern = new RegExp(rule.pattern, 'iu');
  const unless = rule.unless ? new RegExp(rule.unless, 'iu') : undefined;
  return sentences(normalise(text)).filter((s) => pattern.test(s) && !(unless?.test(s) ?? false));
}

function checkPhrases(texts: readonly ShownText[], config: QualityConfig): Finding[] {
  const findings: Finding[] = [];
  for (const shown of texts) {
    for (const rule of config.blaming) {
      for (const hit of phraseHits(shown.text, rule)) {
        findings.push({ check: 'blaming', level: 'error', where: shown.where, message: `blaming phrase "${rule.phrase}": "…${hit}…"` });
      }
    }
    for (const rule of config.avoid) {
      for (const hit of phraseHits(shown.text, rule)) {
        findings.push({
          check: 'blaming',
          level: 'error',
          where: shown.where,
          message: `"${rule.phrase}" is a word we avoid${rule.why ? ` (${rule.why})` : ''}: "…${hit}…"`
        });
      }
    }
    if (shown.caveated) continue;
    for (const rule of config.unconfirmed) {
      for (const hit of riskHits(shown.text, rule)) {
        findings.push({ check: 'unconfirmed', level: 'error', where: shown.where, message: `states ${rule.id} as certain (${rule.why}): "${hit}"` });
      }
    }
    for (const rule of config.contradicted) {
      for (const hit of riskHits(shown.text, rule)) {
        findings.push({ check: 'unconfirmed', level: 'error', where: shown.where, message: `contradicts ${rule.id} (${rule.why}): "${hit}"` });
      }
    }
  }
  return findings;
}

/** Phone-like numbers in a text: three or more digits, not a year. */
export function phoneNumbersIn(text: string): string[] {
  const found = stripMarkdown(text).match(/\+?\d[\d ]*\d/g) ?? [];
  return found
    .map((n) => n.trim())
    .flatMap((n) => (/^\d{1,2}( \d{1,2})*$/.test(n) ? [] : [n]))
    .filter((n) => n.replace(/\D/g, '').length >= 3 && !/^(19|20)\d\d$/.test(n));
}

/** Numbers in answers, urgent help and words must be ones a service card confirms. */
function checkNumbers(content: Content, texts: readonly ShownText[]): Finding[] {
  const confirmed = new Set<string>();
  const unconfirmed = new Set<string>();
  for (const service of content.services.values()) {
    for (const line of [service.phone, service.phoneFromAbroad]) {
      if (line) (line.unconfirmed ? unconfirmed : confirmed).add(line.value.dial.replace(/\D/g, ''));
    }
    if (service.text) (service.text.unconfirmed ? unconfirmed : confirmed).add(service.text.value.number);
  }
  const findings: Finding[] = [];
  for (const shown of texts) {
    if (shown.where.startsWith('service ')) continue; // a card's own numbers are its facts
    for (const number of phoneNumbersIn(shown.text)) {
      const digits = number.replace(/\D/g, '');
      if (confirmed.has(digits)) continue;
      findings.push({
        check: 'unconfirmed',
        level: 'error',
        where: shown.where,
        message: unconfirmed.has(digits)
          ? `shows ${number}, which the fact sheet could not confirm: leave it to the service card, which shows it with a caveat`
          : `shows ${number}, which no service card confirms: never invent a number`
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------
// Reading grades

function checkReadability(texts: readonly ShownText[], config: QualityConfig): { findings: Finding[]; grades: GradeRow[] } {
  const findings: Finding[] = [];
  const grades: GradeRow[] = [];
  for (const shown of texts) {
    if (!shown.group || countText(shown.text).word < config.readability.minWords) continue;
    const max = shown.group === 'young people' ? config.readability.youngPeople : config.readability.adults;
    const grade = readingGrade(shown.text);
    grades.push({ where: shown.where, kind: shown.kind, group: shown.group, grade, max });
    if (grade > max) {
      findings.push({
        check: 'readability',
        level: 'error',
        where: shown.where,
        message: `reading grade ${grade.toFixed(1)} is above ${max} for ${shown.group}: use shorter sentences and shorter words`
      });
    }
  }
  return { findings, grades };
}

// ---------------------------------------------------------------------------------------
// words.yaml keys the code uses

/**
 * Keys the code builds at run time, which a text search cannot see. Each expression is the
 * exact source text of the key argument; when the code changes one, this check says so.
 */
const SIMPLE_SAY_KEYS = ['welcome', 'restarted', 'help', 'greeting', 'noPictures', 'piiNote', 'forgotten'];
const DYNAMIC_KEYS: Record<string, () => string[]> = {
  '`ask.${expects}`': () => EXPECTS.filter((e) => e !== 'free-text').map((e) => `ask.${e}`),
  "`notUnderstood.${outcome.expects ?? 'free-text'}`": () => EXPECTS.map((e) => `notUnderstood.${e}`),
  '`${prefix}.${value}`': () => [
    ...AUDIENCES.map((v) => `audience.${v}`),
    ...AGE_BANDS.flatMap((v) => [`age.${v}`, `childAge.${v}`]),
    ...REGIONS.map((v) => `region.${v}`)
  ],
  '`button.${COMMAND_VALUES[key]}`': () => Object.values(COMMAND_VALUES).map((v) => `button.${v}`),
  'say.key': () => SIMPLE_SAY_KEYS,
  key: () => [] // renderNotice(key, ...): its callers' literal keys are found separately
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

export interface WordKeyUse {
  keys: string[];
  /** Key expressions the check does not know how to expand. */
  unknown: string[];
}

/** The words.yaml keys asked for by `fill(words, key)` and `renderNotice(key, ...)` in src/. */
export function findUsedWordKeys(srcDir: string = DEFAULT_SRC_DIR): WordKeyUse {
  // The dialog's replies name their keys in one table (src/content/dialogWords.ts).
  const keys = new Set<string>(dialogWordKeys());
  const unknown: string[] = [];
  for (const file of tsFiles(srcDir)) {
    const source = readFileSync(file, 'utf8');
    const calls = [
      ...[...source.matchAll(/\bfill\(\s*[\w.]+\s*,\s*([^,)]+(?:\([^)]*\))?[^,)]*)/g)].map((m) => m[1]),
      ...[...source.matchAll(/\brenderNotice\(\s*([^,)]+)/g)].map((m) => m[1])
    ];
    for (const raw of calls) {
      const expression = (raw ?? '').trim();
      if (/^\w+\s*:/.test(expression)) continue; // a parameter with its type: the definition, not a call
      const literal = expression.match(/^'([^']+)'$|^"([^"]+)"$/);
      if (literal) keys.add(literal[1] ?? literal[2] ?? '');
      else if (expression in DYNAMIC_KEYS) for (const k of DYNAMIC_KEYS[expression]?.() ?? []) keys.add(k);
      else unknown.push(`${relative(srcDir, file)}: ${expression}`);
    }
  }
  return { keys: [...keys].sort(), unknown };
}

function checkWords(content: Content, used: WordKeyUse): Finding[] {
  const findings: Finding[] = used.keys
    .filter((key) => !(key in content.words))
    .map((key) => ({ check: 'words' as const, level: 'error' as const, where: `words ${key}`, message: 'the code asks for this key, but words.yaml does not have it' }));
  for (const expression of used.unknown) {
    findings.push({
      check: 'words',
      level: 'warning',
      where: expression,
      message: 'a words key built in a way this check cannot follow: add the expression to DYNAMIC_KEYS in src/content/quality.ts'
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------
// Answers and labels for every audience that can meet a situation

function checkCoverage(content: Content, config: QualityConfig): Finding[] {
  const findings: Finding[] = [];
  for (const id of SITUATIONS) {
    const situation = content.situations.get(id);
    if (!situation) {
      findings.push({ check: 'coverage', level: 'error', where: `situations/${id}`, message: 'has no content/situations file' });
      continue;
    }
    const required = config.answers[id] ?? [];
    if (required.length === 0) findings.push({ check: 'coverage', level: 'error', where: `situations/${id}`, message: 'quality.yaml `answers` does not say who meets it' });
    for (const who of required) {
      if (!situation.answers[who]) findings.push({ check: 'coverage', level: 'error', where: `situations/${id}`, message: `has no answer for ${who}` });
    }
    for (const who of Object.keys(situation.labels)) {
      if (!situation.answers[who as Audience]) {
        findings.push({ check: 'coverage', level: 'error', where: `situations/${id} label.${who}`, message: `is offered to ${who}, who has no answer` });
      }
    }
  }
  // 999 is a UK number: where an answer says to call it, every other region's note must
  // say what to do in an emergency there (000 in Australia, else "your local emergency number").
  for (const situation of content.situations.values()) {
    const says999 = Object.values(situation.answers).some((a) => a && /\b999\b/.test(answerBody(a)));
    if (!says999) continue;
    for (const where of REGIONS.filter((r) => r !== 'uk')) {
      const note = situation.regionNotes[where];
      if (!note || !/emergency|\b000\b|\b988\b/i.test(note)) {
        findings.push({
          check: 'coverage',
          level: 'error',
          where: `situations/${situation.id} regionNotes.${where}`,
          message: 'the answer says to call 999 (UK only): the note must say what to do in an emergency there'
        });
      }
    }
  }
  for (const kind of URGENT_KINDS) {
    const help = content.urgent.get(kind);
    if (!help) findings.push({ check: 'coverage', level: 'error', where: `urgent ${kind}`, message: 'has no urgent help' });
    else if (!help.services.uk?.length) findings.push({ check: 'coverage', level: 'error', where: `urgent ${kind}`, message: 'offers no UK services' });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------
// Routes: every reachable combination gets services, and only services it may use

export interface Combination extends Slots {
  situation: SituationId;
  audience: Audience;
  region: Region;
}

/**
 * Every combination the dialog can answer. Young people and parents are always asked an age
 * band. Professionals and adults are not asked, but may say one in their own words ("a pupil
 * of 15", "I'm an adult"), so those are included too. An adult whose image was shared says
 * whether they were under 18 in it (and may say so about an image they sent, or are being
 * blackmailed with). Any situation can be reached by any audience (typed words, urgent
 * help), not only those whose menu shows it.
 */
export function reachableCombinations(): Combination[] {
  const all: Combination[] = [];
  for (const situation of SITUATIONS) {
    for (const who of AUDIENCES) {
      const bands: (AgeBand | undefined)[] =
        who === 'young-person' || who === 'parent' ? [...AGE_BANDS] : who === 'professional' ? [undefined, ...AGE_BANDS] : [undefined, '18-plus'];
      // Asked of adults whose image was shared; an adult may also say it in their own words
      // about an image they sent or are being blackmailed with.
      const imageAges: (boolean | undefined)[] =
        who !== 'adult' ? [undefined] : situation === 'image-shared' ? [false, true] : situation === 'sent-image' || situation === 'sextortion' ? [undefined, false, true] : [undefined];
      for (const ageBand of bands) {
        for (const imageUnder18 of imageAges) {
          for (const where of REGIONS) {
            all.push({
              situation,
              audience: who,
              region: where,
              ...(ageBand && { ageBand }),
              ...(imageUnder18 !== undefined && { imageUnder18 })
            });
          }
        }
      }
    }
  }
  return all;
}

export function describeCombination(c: Combination): string {
  return [c.situation, c.audience, c.ageBand, c.region, c.imageUnder18 === undefined ? undefined : c.imageUnder18 ? 'under 18 in image' : '18+ in image']
    .filter(Boolean)
    .join(' / ');
}

function whenMatches(when: z.infer<typeof WhenSchema>, c: Combination): boolean {
  return (
    (!when.situation || when.situation.includes(c.situation)) &&
    (!when.audience || when.audience.includes(c.audience)) &&
    (!when.ageBand || when.ageBand.includes(c.ageBand ?? 'unsaid')) &&
    (!when.region || when.region.includes(c.region)) &&
    (when.imageUnder18 === undefined || when.imageUnder18 === c.imageUnder18)
  );
}

function checkRoutes(content: Content, config: QualityConfig): { findings: Finding[]; combinations: number } {
  const findings: Finding[] = [];
  const combinations = reachableCombinations();
  const regionOf = (id: string) => content.services.get(id)?.region;
  const mayCross = (id: string, where: Region) => config.routing.crossBorder[id]?.regions.includes(where) ?? false;
  for (const id of [...config.routing.forbid.map((f) => f.service), ...Object.keys(config.routing.crossBorder)]) {
    if (!content.services.has(id)) findings.push({ check: 'routes', level: 'error', where: 'quality.yaml routing', message: `names "${id}", which is not a service` });
  }
  for (const c of combinations) {
    const services = servicesFor(c, content);
    const where = `routes: ${describeCombination(c)}`;
    if (services.length === 0) {
      findings.push({ check: 'routes', level: 'error', where, message: 'gets no service: add a rule to routes.yaml' });
      continue;
    }
    for (const id of services) {
      const home = regionOf(id);
      if (home === undefined) findings.push({ check: 'routes', level: 'error', where, message: `offers "${id}", which is not a service` });
      else if (home !== c.region && !mayCross(id, c.region)) {
        findings.push({ check: 'routes', level: 'error', where, message: `offers "${id}" (${home}) in ${c.region}: not listed in quality.yaml routing.crossBorder` });
      }
      for (const rule of config.routing.forbid) {
        if (rule.service === id && whenMatches(rule.when, c)) findings.push({ check: 'routes', level: 'error', where, message: `offers "${id}": ${rule.why}` });
      }
    }
  }
  for (const help of content.urgent.values()) {
    for (const [where, ids] of [...Object.entries(help.services), ...Object.entries(help.adultServices)]) {
      for (const id of ids ?? []) {
        const home = regionOf(id);
        if (home !== undefined && home !== where && !mayCross(id, where as Region)) {
          findings.push({ check: 'routes', level: 'error', where: `urgent ${help.kind}.${where}`, message: `offers "${id}" (${home}): not listed in quality.yaml routing.crossBorder` });
        }
      }
    }
  }
  return { findings, combinations: combinations.length };
}

// ---------------------------------------------------------------------------------------
// All checks, and the printed report

export function checkQuality(content: Content, config: QualityConfig, options: QualityOptions = {}): QualityReport {
  const today = options.today ?? new Date();
  const used: WordKeyUse = options.usedWordKeys ? { keys: [...options.usedWordKeys], unknown: [] } : findUsedWordKeys();
  const texts = shownTexts(content);
  const sources = checkSources(content, config, today, options.strict ?? false);
  const readability = checkReadability(texts, config);
  const routes = checkRoutes(content, config);
  const findings = [
    ...sources.findings,
    ...readability.findings,
    ...checkPhrases(texts, config),
    ...checkNumbers(content, texts),
    ...checkWords(content, used),
    ...checkCoverage(content, config),
    ...routes.findings
  ];
  return {
    today: today.toISOString().slice(0, 10),
    findings,
    grades: readability.grades,
    counts: { facts: sources.facts, stale: sources.stale, texts: texts.length, wordKeys: used.keys.length, combinations: routes.combinations }
  };
}

export const errorsIn = (report: QualityReport) => report.findings.filter((f) => f.level === 'error');

const TITLES: Record<CheckName, string> = {
  sources: 'Sources and checked dates',
  readability: 'Reading grade (Flesch-Kincaid)',
  blaming: 'Blaming language and words we avoid',
  unconfirmed: 'Unconfirmed facts and phone numbers',
  words: 'Words the code uses',
  coverage: 'Answers for every audience',
  routes: 'Routes for every reachable combination'
};

function gradeSummary(report: QualityReport, group: GradeRow['group']): string {
  const rows = report.grades.filter((g) => g.group === group);
  if (rows.length === 0) return `${group}: no texts`;
  const sorted = [...rows].sort((a, b) => a.grade - b.grade);
  const lo = sorted[0] as GradeRow;
  const hi = sorted[sorted.length - 1] as GradeRow;
  return `${group} (max ${hi.max}): ${rows.length} texts, grade ${lo.grade.toFixed(1)} to ${hi.grade.toFixed(1)} (hardest: ${hi.where})`;
}

/** Lowest and highest grade per kind of text, e.g. "parent answers: 2.9 to 7.0 (12 texts)". */
export function gradeRanges(report: QualityReport): { kind: string; min: number; max: number; count: number; limit: number }[] {
  const kinds = [...new Set(report.grades.map((g) => g.kind))];
  return kinds.map((kind) => {
    const rows = report.grades.filter((g) => g.kind === kind);
    const grades = rows.map((r) => r.grade);
    return { kind, min: Math.min(...grades), max: Math.max(...grades), count: rows.length, limit: Math.max(...rows.map((r) => r.max)) };
  });
}

function summaryLine(check: CheckName, report: QualityReport): string {
  const c = report.counts;
  switch (check) {
    case 'sources':
      return `${c.facts} facts and answers, ${c.stale} checked more than the allowed age ago`;
    case 'readability':
      return [
        gradeSummary(report, 'young people'),
        gradeSummary(report, 'parents and professionals'),
        ...gradeRanges(report).map((r) => `  ${r.kind}: ${r.min.toFixed(1)} to ${r.max.toFixed(1)} (${r.count} texts, max ${r.limit})`),
        `  (texts under the minimum length are not graded)`
      ].join('\n      ');
    case 'blaming':
    case 'unconfirmed':
      return `${c.texts} texts read`;
    case 'words':
      return `${c.wordKeys} keys used by src/`;
    case 'coverage':
      return `${SITUATIONS.length} situations, ${URGENT_KINDS.length} urgent kinds`;
    case 'routes':
      return `${c.combinations} combinations (situation x audience x age band x region x image age)`;
  }
}

/** A readable report: one block per check, a tick or a cross, and what to fix. */
export function formatReport(report: QualityReport): string {
  const lines = [`Content quality, ${report.today}`];
  for (const check of CHECKS) {
    const mine = report.findings.filter((f) => f.check === check);
    const errors = mine.filter((f) => f.level === 'error');
    const warnings = mine.filter((f) => f.level === 'warning');
    const mark = errors.length > 0 ? 'FAIL' : warnings.length > 0 ? 'WARN' : 'ok  ';
    lines.push('', `[${mark}] ${TITLES[check]}: ${summaryLine(check, report)}`);
    for (const f of [...errors, ...warnings]) lines.push(`   ${f.level === 'error' ? 'x' : '!'} ${f.where}: ${f.message}`);
  }
  const errors = errorsIn(report).length;
  const warnings = report.findings.length - errors;
  lines.push('', errors === 0 ? `Quality checks passed (${warnings} warning(s)).` : `Quality checks failed: ${errors} error(s), ${warnings} warning(s).`);
  return lines.join('\n');
}
