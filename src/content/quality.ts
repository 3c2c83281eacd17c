// Content quality checks, run by `npm run content:check` after the schema check (load.ts).
// The schema says content is well formed (including every words.yaml key the code can ask for,
// src/content/wordKeys.ts); these checks say it is fit to show a frightened young person or a
// parent at 2 a.m., in their own country. One module per check, in src/content/quality/:
//
//   sources     every fact, answer, urgent text and region cites a source and the day it was
//               checked; anything checked more than `freshness.maxAgeMonths` ago is listed
//   readability Flesch-Kincaid grade per text, as each region reads it (young people's ceiling
//               and everyone else's)
//   blaming     phrases that blame a child or a victim, and words we avoid, never appear
//   unconfirmed a fact the fact sheet marks UNCONFIRMED is never stated as certain; no phone
//               number appears in a text unless a service card confirms it
//   countries   a text for one country never names another country's services, law words,
//               emergency or phone numbers
//   coverage    answers for every audience and region, at most three steps, fitting a phone
//               (the first step and first card on its first screen, ./quality/phone.ts); urgent
//               help with the emergency number and a crisis line in every country
//   routes      every combination the dialog can reach gets services from its own region, and
//               no service is offered to someone it is not for
//
// Pure functions of the content, the rules and today's date, so tests can feed small bad
// fixtures and see each check fail.
import { SITUATIONS, URGENT_KINDS } from '../../dialogs/vocabulary.js';
import type { Content } from './load.js';
import { checkCountries } from './quality/countries.js';
import { checkCoverage } from './quality/coverage.js';
import { checkNumbers } from './quality/numbers.js';
import { checkPhrases } from './quality/phrases.js';
import { checkReadability, type GradeRow } from './quality/readability.js';
import { checkRoutes } from './quality/routes.js';
import { CHECKS, type CheckName, type Finding, type QualityConfig } from './quality/rules.js';
import { checkSources } from './quality/sources.js';
import { pieces, regionTexts } from './quality/texts.js';

export { CHECKS, loadQualityConfig, type CheckName, type Finding, type QualityConfig } from './quality/rules.js';
export { countText, readingGrade, sentences, stripMarkdown, type GradeRow } from './quality/readability.js';
export { phraseHits, riskHits } from './quality/phrases.js';
export { phoneNumbersIn } from './quality/numbers.js';
export { countryTerms, foreignMentions } from './quality/countries.js';
export { describeCombination, reachableCombinations, type Combination } from './quality/routes.js';

export interface QualityReport {
  today: string;
  findings: Finding[];
  grades: GradeRow[];
  counts: { facts: number; stale: number; texts: number; regionTexts: number; combinations: number };
}

export interface QualityOptions {
  today?: Date;
  /** Fail on stale facts, whatever quality.yaml says. */
  strict?: boolean;
}

export function checkQuality(content: Content, config: QualityConfig, options: QualityOptions = {}): QualityReport {
  const today = options.today ?? new Date();
  const each = pieces(content);
  const byRegion = regionTexts(content);
  const sources = checkSources(content, config, today, options.strict ?? false);
  // Answers and urgent help are graded as each region reads them; labels, words and cards once.
  const readability = checkReadability([...byRegion.filter((t) => t.group), ...each.filter((t) => t.group)], config);
  const routes = checkRoutes(content, config);
  const findings = [
    ...sources.findings,
    ...readability.findings,
    ...checkPhrases(each, config),
    ...checkNumbers(content, each),
    ...checkCountries(content, byRegion),
    ...checkCoverage(content, config),
    ...routes.findings
  ];
  return {
    today: today.toISOString().slice(0, 10),
    findings,
    grades: readability.grades,
    counts: { facts: sources.facts, stale: sources.stale, texts: each.length, regionTexts: byRegion.length, combinations: routes.combinations }
  };
}

export const errorsIn = (report: QualityReport) => report.findings.filter((f) => f.level === 'error');

const TITLES: Record<CheckName, string> = {
  sources: 'Sources and checked dates',
  readability: 'Reading grade (Flesch-Kincaid)',
  blaming: 'Blaming language and words we avoid',
  unconfirmed: 'Unconfirmed facts and phone numbers',
  countries: "Each country's own help",
  coverage: 'Answers for every audience and country, fitting a phone',
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
    case 'countries':
      return `${c.regionTexts} texts, as a person in each region reads them`;
    case 'coverage':
      return `${SITUATIONS.length} situations, ${URGENT_KINDS.length} urgent kinds, in every region`;
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
