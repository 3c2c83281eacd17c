// The content quality checks (src/content/quality.ts, rules in content/quality.yaml) on the real
// content: it passes every one of them. Small bad fixtures show each check can fail in
// ./qualityLanguage.test.ts and ./qualityCoverage.test.ts.
import { describe, expect, it } from 'vitest';
import { errorsIn, formatReport, reachableCombinations } from '../../src/content/quality.js';
import { answersIn } from '../../src/content/schema.js';
import { check, config, real, warnings } from './support.js';

describe('the real content', () => {
  const report = check(real);

  it('passes every quality check', () => {
    expect(errorsIn(report), formatReport(report)).toEqual([]);
  });

  it('has no fact checked more than 12 months ago (today)', () => {
    expect(warnings(report, 'sources')).toEqual([]);
  });

  it('keeps young people\'s texts at grade 6 or below, and parents\' and professionals\' at 8 or below', () => {
    const young = report.grades.filter((g) => g.group === 'young people');
    const adults = report.grades.filter((g) => g.group === 'parents and professionals');
    expect(young.length).toBeGreaterThan(50);
    expect(adults.length).toBeGreaterThan(30);
    expect(Math.max(...young.map((g) => g.grade))).toBeLessThanOrEqual(config.readability.youngPeople);
    expect(Math.max(...adults.map((g) => g.grade))).toBeLessThanOrEqual(config.readability.adults);
    // Every answer is graded, in every region: young people's against 6, everyone else's against 8.
    expect(report.grades.some((g) => g.where === 'situations/law young-person (au)' && g.max === 6)).toBe(true);
  });

  it('grades every answer as each region reads it, and every follow-up answer', () => {
    const answers = report.grades.filter((g) => g.kind.endsWith(' answers') && g.kind !== 'follow-up answers');
    const perRegion = [...real.situations.values()].reduce((n, s) => n + answersIn(s).length, 0) * 6;
    expect(answers.length).toBe(perRegion);
    const followUps = [...real.conversation.followUps.values()].flatMap((f) => f.answers);
    const graded = new Set(report.grades.filter((g) => g.kind === 'follow-up answers').map((g) => g.where.replace(/ text(\.\w+)?$/, '')));
    expect(graded.size).toBe(followUps.length);
  });

  it('checks routes for every combination the dialog can reach', () => {
    expect(report.counts.combinations).toBe(reachableCombinations().length);
    expect(reachableCombinations().length).toBeGreaterThan(500);
  });

  it('prints a readable report that says it passed', () => {
    expect(formatReport(report)).toMatch(/Quality checks passed/);
  });
});
