// The situation classifier: nearest training examples, found with MiniSearch (BM25 full-
// text search, in-process, synchronous, no dependencies). Each training phrase is indexed
// as a document; a message is the query; the best-matching phrases vote for their
// situation, weighted by score and rank. Training is indexing: deterministic and fast.
// See test/eval/COMPARISON.md for why this and not nlp.js or naive Bayes.
import MiniSearch from 'minisearch';
import type { SituationId } from '../../dialogs/vocabulary.js';
import { features } from './features.js';
import { LABELS, NONE, type Example, type Label } from './training.js';

export interface Ranked {
  label: Label;
  score: number;
}

export interface NearestExamplesOptions {
  /** How many nearest phrases vote. */
  k?: number;
  /** Typos: stems this long or longer may match at edit distance 1. */
  fuzzyFrom?: number;
  /** Weight of the concept tags (_img, _tome, _lawq...) against the words themselves. */
  conceptBoost?: number;
}

export interface NearestExamples {
  /** Scores per label (situations and `none`), highest first, summing to 1. */
  rank(normalised: string): Ranked[];
  readonly size: number;
}

interface Doc {
  id: number;
  /** word stems and bigrams */
  w: string;
  /** concept tags */
  c: string;
  label: Label;
}

function fields(normalised: string): { w: string; c: string } {
  const f = [...new Set(features(normalised))];
  return { w: f.filter((x) => !x.startsWith('_')).join(' '), c: f.filter((x) => x.startsWith('_')).join(' ') };
}

/** Index normalised training phrases. */
export function createNearestExamples(examples: readonly Example[], options: NearestExamplesOptions = {}): NearestExamples {
  const k = options.k ?? 16;
  const fuzzyFrom = options.fuzzyFrom ?? 7;
  const index = new MiniSearch<Doc>({
    idField: 'id',
    fields: ['w', 'c'],
    storeFields: ['label'],
    tokenize: (s) => s.split(' ').filter(Boolean),
    processTerm: (t) => t,
    searchOptions: {
      combineWith: 'OR',
      boost: { c: options.conceptBoost ?? 2 },
      fuzzy: (term) => (term.length >= fuzzyFrom && !term.includes('_') ? 1 : false),
      weights: { fuzzy: 0.5, prefix: 0.3 }
    }
  });
  index.addAll(examples.map((e, id) => ({ id, ...fields(e.text), label: e.label })));

  return {
    size: examples.length,
    rank(normalised) {
      const { w, c } = fields(normalised);
      const query = `${w} ${c}`.trim();
      const totals = new Map<Label, number>(LABELS.map((l) => [l, 0]));
      if (query.length > 0) {
        const hits = index.search(query).slice(0, k);
        hits.forEach((hit, i) => {
          const label = hit['label'] as Label;
          // nearer phrases count more: score, gently decayed by rank
          totals.set(label, (totals.get(label) ?? 0) + hit.score / (1 + i * 0.15));
        });
      }
      const sum = [...totals.values()].reduce((s, v) => s + v, 0);
      if (sum === 0) return LABELS.map((label) => ({ label, score: label === NONE ? 1 : 0 })).sort((a, b) => b.score - a.score);
      return [...totals.entries()]
        .map(([label, v]) => ({ label, score: v / sum }))
        .sort((a, b) => b.score - a.score || LABELS.indexOf(a.label) - LABELS.indexOf(b.label));
    }
  };
}

export interface Decision {
  situation?: SituationId;
  candidates: SituationId[];
}

export interface DecisionOptions {
  /** The top situation's share of the vote needed to be confident. */
  confident?: number;
  /** ...and its lead over the second. */
  margin?: number;
  /** A situation needs this share to be offered as a candidate. */
  candidateFloor?: number;
}

/**
 * From scores to what the dialog gets: a confident situation, or (when unsure) the 2-3
 * likeliest as candidates for a clarifying question, or nothing (greetings, off-topic).
 */
export function decide(ranked: readonly Ranked[], options: DecisionOptions = {}): Decision {
  const confident = options.confident ?? 0.45;
  const margin = options.margin ?? 0.1;
  const floor = options.candidateFloor ?? 0.12;
  const top = ranked[0];
  if (!top || top.label === NONE) return { candidates: [] };
  const second = ranked[1]?.score ?? 0;
  if (top.score >= confident && top.score - second >= margin) return { situation: top.label, candidates: [] };
  const candidates = ranked
    .filter((r): r is Ranked & { label: SituationId } => r.label !== NONE && r.score >= floor)
    .slice(0, 3)
    .map((r) => r.label);
  // A clarifying question needs a choice; "none" leading by a distance means not about a situation.
  const noneScore = ranked.find((r) => r.label === NONE)?.score ?? 0;
  if (candidates.length === 0 || noneScore > top.score) return { candidates: [] };
  return { candidates };
}
