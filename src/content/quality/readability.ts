// Reading grade: Flesch-Kincaid (the maintained `flesch-kincaid` + `syllable` packages), per
// text after stripping markdown. Young people's texts and everyone else's have their own
// ceilings (content/quality.yaml `readability`); an answer is graded as a person in each region
// reads it, lead to last tap-away section.
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import { error, type Finding, type QualityConfig } from './rules.js';
import type { Group, ShownText } from './texts.js';

export interface GradeRow {
  where: string;
  kind: string;
  group: Group;
  grade: number;
  max: number;
}

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

const wordsIn = (text: string) => stripMarkdown(text).match(WORD)?.length ?? 0;

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

// The same words are read in many regions (a shared step, a shared lead): grade each text once.
const graded = new Map<string, number>();

/** Flesch-Kincaid grade of a text after stripping markdown; 0 for a text with no words. */
export function readingGrade(text: string): number {
  const known = graded.get(text);
  if (known !== undefined) return known;
  const counts = countText(text);
  const grade = counts.word === 0 ? 0 : fleschKincaid({ sentence: counts.sentence, word: counts.word, syllable: counts.syllable });
  graded.set(text, grade);
  return grade;
}

export function checkReadability(texts: readonly ShownText[], config: QualityConfig): { findings: Finding[]; grades: GradeRow[] } {
  const findings: Finding[] = [];
  const grades: GradeRow[] = [];
  for (const shown of texts) {
    if (!shown.group || wordsIn(shown.text) < config.readability.minWords) continue;
    const max = shown.group === 'young people' ? config.readability.youngPeople : config.readability.adults;
    const grade = readingGrade(shown.text);
    grades.push({ where: shown.where, kind: shown.kind, group: shown.group, grade, max });
    if (grade > max) {
      findings.push(
        error('readability', shown.where, `reading grade ${grade.toFixed(1)} is above ${max} for ${shown.group}: use shorter sentences and shorter words`)
      );
    }
  }
  return { findings, grades };
}
