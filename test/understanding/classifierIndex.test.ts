// The classifier's fast engine (precomputed BM25+ postings) against the reference, MiniSearch's
// own search: for every dev-set and held-out message and every training phrase, the same
// labels in the same order with the same scores (to 1e-9; in practice bit for bit).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNearestExamples, type NearestExamplesOptions, type Ranked } from '../../src/understanding/classifier.js';
import { loadTraining } from '../../src/understanding/training.js';
import { loadDevset } from '../eval/devset.js';
import { parts } from './support.js';

const evalFile = (name: string) => fileURLToPath(new URL(`../eval/${name}`, import.meta.url));

const p = parts();
const examples = loadTraining().map((e) => ({ ...e, text: p.prepare(e.text).normalised }));
const sets: [string, string[]][] = [
  ['devset.yaml', loadDevset().map((d) => d.t)],
  ['holdout.yaml', loadDevset(evalFile('holdout.yaml')).map((d) => d.t)],
  ['holdout2.yaml', loadDevset(evalFile('holdout2.yaml')).map((d) => d.t)],
  // raw training text goes through prepare() like any message; its normalised form is also
  // exactly an indexed phrase, so a document ranks itself
  ['training phrases', loadTraining().map((e) => e.text)]
];

function compare(a: Ranked[], b: Ranked[]): { same: boolean; exact: boolean } {
  const same = a.length === b.length && a.every((r, i) => r.label === b[i]?.label && Math.abs(r.score - (b[i]?.score ?? NaN)) <= 1e-9);
  return { same, exact: same && a.every((r, i) => r.score === b[i]?.score) };
}

function check(texts: string[], options: NearestExamplesOptions = {}) {
  const fast = createNearestExamples(examples, options);
  const reference = createNearestExamples(examples, { ...options, engine: 'minisearch' });
  let exact = 0;
  const differing: string[] = [];
  for (const text of texts) {
    const normalised = p.prepare(text).normalised;
    const r = compare(fast.rank(normalised), reference.rank(normalised));
    if (!r.same) differing.push(text);
    if (r.exact) exact++;
  }
  return { exact, differing };
}

describe('classifier postings engine = MiniSearch', () => {
  it('indexes the whole training set', () => {
    expect(examples.length).toBeGreaterThan(1000);
  });

  it.each(sets)('same ranking for every message in %s', (_name, texts) => {
    expect(texts.length).toBeGreaterThan(0);
    const { exact, differing } = check(texts);
    expect(differing).toEqual([]);
    // not needed for the claim, but it holds: the same floating-point operations in the same order
    expect(exact).toBe(texts.length);
  });

  it.each<[string, NearestExamplesOptions]>([
    ['k 5', { k: 5 }],
    ['k 40', { k: 40 }],
    ['fuzzy from 4', { fuzzyFrom: 4 }],
    ['concept boost 3', { conceptBoost: 3 }],
    ['concept boost 0 (MiniSearch reads it as 1)', { conceptBoost: 0 }]
  ])('same ranking with other options: %s', (_name, options) => {
    const texts = sets[0]![1];
    expect(check(texts, options).differing).toEqual([]);
  });

  it('same for empty, unknown, typo and repeated-word messages', () => {
    const texts = ['', '   ', 'zzzzqqqq', 'my boyfriend shaared my picturres', 'nude nude nude nude', 'blackmial sextorsion thretening', '😭😭'];
    expect(check(texts).differing).toEqual([]);
    expect(check(texts, { fuzzyFrom: 3 }).differing).toEqual([]);
  });
});
