// Helpers for the content quality tests (src/content/quality.ts, rules in content/quality.yaml):
// the real content and rules, small bad fixtures made from the real content, and the checks run
// as of a fixed day.
import { loadContent, type Content } from '../../src/content/load.js';
import { checkQuality, errorsIn, loadQualityConfig, type CheckName, type QualityReport } from '../../src/content/quality.js';

export const real = loadContent();
export const config = loadQualityConfig();
const TODAY = new Date('2026-12-07T12:00:00Z'); // the day content was last checked

/** A deep copy of the real content, changed by `change`: a small bad fixture. */
export function fixture(change: (c: Content) => void): Content {
  const copy = structuredClone(real) as Content;
  change(copy);
  return copy;
}

export const check = (content: Content, options: Parameters<typeof checkQuality>[2] = {}) =>
  checkQuality(content, config, { today: TODAY, ...options });
export const errors = (report: QualityReport, name: CheckName) => errorsIn(report).filter((f) => f.check === name);
export const warnings = (report: QualityReport, name: CheckName) => report.findings.filter((f) => f.check === name && f.level === 'warning');

/** The young person's answer to sextortion, in a fixture, to change. */
export function youngSextortion(c: Content) {
  const answer = c.situations.get('sextortion')?.answers['young-person'];
  if (!answer) throw new Error('fixture needs the young-person sextortion answer');
  return answer;
}
