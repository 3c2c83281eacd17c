// The situation classifier: nearest training examples, scored with MiniSearch's BM25+ (full-
// text search, in-process, synchronous, no dependencies). Each training phrase is indexed
// as a document; a message is the query; the best-matching phrases vote for their
// situation, weighted by score and rank. Training is indexing: deterministic and fast.
// See test/eval/COMPARISON.md for why this and not nlp.js or naive Bayes.
//
// Speed: `MiniSearch#search` builds maps, spreads options and sorts every hit for each
// message (~1.5 ms). The default engine ('postings') precomputes at training time, for every
// indexed term and field, the documents holding it and their BM25+ score exactly as MiniSearch
// 7.2.0 computes it (same formula, same inputs, same average field lengths); a message then
// only adds those up in MiniSearch's order (so the floating-point sums are the same) and keeps
// the top k, ties in MiniSearch's order. Typos still go through MiniSearch's radix tree
// (`SearchableMap#fuzzyGet`), filled with the terms in the order MiniSearch inserts them, so
// the fuzzy candidates and their order are MiniSearch's own.
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
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
  /**
   * 'postings' (default): precomputed BM25+ postings, same results as MiniSearch, much faster.
   * 'minisearch': `MiniSearch#search` itself. Kept as the reference the postings engine is
   * proved equal to (test/understanding/classifierIndex.test.ts); nothing else uses it.
   */
  engine?: 'postings' | 'minisearch';
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

interface Hit {
  label: Label;
  score: number;
}

/** Finds, for a query (space-separated terms), the best k phrases, best first. */
type Search = (query: string) => Hit[];

function fields(normalised: string): { w: string; c: string } {
  const f = [...new Set(features(normalised))];
  return { w: f.filter((x) => !x.startsWith('_')).join(' '), c: f.filter((x) => x.startsWith('_')).join(' ') };
}

const tokenize = (s: string): string[] => s.split(' ').filter(Boolean);

// MiniSearch 7.2.0's defaults, which the reference engine uses.
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const FUZZY_WEIGHT = 0.5;

/** MiniSearch 7.2.0's `calcBM25Score`, term for term (the same floating-point operations). */
function bm25(termFreq: number, matchingCount: number, totalCount: number, fieldLength: number, avgFieldLength: number): number {
  const { k, b, d } = BM25;
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

/** Index normalised training phrases. */
export function createNearestExamples(examples: readonly Example[], options: NearestExamplesOptions = {}): NearestExamples {
  const k = options.k ?? 16;
  const fuzzyFrom = options.fuzzyFrom ?? 7;
  const conceptBoost = options.conceptBoost ?? 2;
  const docs: Doc[] = examples.map((e, id) => ({ id, ...fields(e.text), label: e.label }));
  const search = options.engine === 'minisearch' ? miniSearchEngine(docs, k, fuzzyFrom, conceptBoost) : postingsEngine(docs, k, fuzzyFrom, conceptBoost);

  return {
    size: examples.length,
    rank(normalised) {
      const { w, c } = fields(normalised);
      const query = `${w} ${c}`.trim();
      const totals = new Map<Label, number>(LABELS.map((l) => [l, 0]));
      if (query.length > 0) {
        search(query).forEach((hit, i) => {
          // nearer phrases count more: score, gently decayed by rank
          totals.set(hit.label, (totals.get(hit.label) ?? 0) + hit.score / (1 + i * 0.15));
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

/** The reference: MiniSearch's own search (see `engine`). */
function miniSearchEngine(docs: Doc[], k: number, fuzzyFrom: number, conceptBoost: number): Search {
  const index = new MiniSearch<Doc>({
    idField: 'id',
    fields: ['w', 'c'],
    storeFields: ['label'],
    tokenize,
    processTerm: (t) => t,
    searchOptions: {
      combineWith: 'OR',
      boost: { c: conceptBoost },
      fuzzy: (term) => (term.length >= fuzzyFrom && !term.includes('_') ? 1 : false),
      weights: { fuzzy: FUZZY_WEIGHT, prefix: 0.3 }
    }
  });
  index.addAll(docs);
  return (query) =>
    index
      .search(query)
      .slice(0, k)
      .map((hit) => ({ label: hit['label'] as Label, score: hit.score }));
}

interface Posting {
  /** field boost (MiniSearch: `boost[field] || 1`) */
  boost: number;
  docs: Int32Array;
  /** BM25+ score of the term in each of those documents, before weights and boosts */
  scores: Float64Array;
}

/**
 * MiniSearch's scoring, precomputed. For each query term in order, MiniSearch sums, per
 * document, the exact match (field w, then c) and then each fuzzy match (in `fuzzyGet`'s
 * order), each `termWeight * fieldBoost * bm25`; adds that sum to the document's total
 * (documents first met in order); multiplies by the number of distinct query terms that met
 * the document; and stable-sorts by score. This does the same arithmetic in the same order.
 */
function postingsEngine(docs: Doc[], k: number, fuzzyFrom: number, conceptBoost: number): Search {
  const n = docs.length;
  const fieldNames = ['w', 'c'] as const;
  const boosts = [1, conceptBoost || 1];
  const terms = new SearchableMap<number>();
  const byTerm: Map<number, number>[][] = []; // term id -> field -> doc -> term frequency
  const fieldLength = fieldNames.map(() => new Float64Array(n));
  const avgFieldLength = fieldNames.map(() => 0);
  docs.forEach((doc, id) => {
    fieldNames.forEach((field, f) => {
      const tokens = tokenize(doc[field]);
      const length = new Set(tokens).size;
      fieldLength[f]![id] = length;
      avgFieldLength[f] = ((avgFieldLength[f] ?? 0) * id + length) / (id + 1); // as MiniSearch#addFieldLength
      for (const token of tokens) {
        const t = terms.fetch(token, () => byTerm.push(fieldNames.map(() => new Map())) - 1); // same insertion order as MiniSearch
        const freqs = byTerm[t]![f]!;
        freqs.set(id, (freqs.get(id) ?? 0) + 1);
      }
    });
  });
  const postings: (Posting | undefined)[][] = byTerm.map((perField) =>
    perField.map((freqs, f) => {
      if (freqs.size === 0) return undefined;
      const ids = [...freqs.keys()];
      return {
        boost: boosts[f]!,
        docs: Int32Array.from(ids),
        scores: Float64Array.from(ids, (id) => bm25(freqs.get(id)!, freqs.size, n, fieldLength[f]![id]!, avgFieldLength[f]!))
      };
    })
  );
  const labels = docs.map((d) => d.label);

  // Scratch, reused by every query (rank is synchronous).
  const termScore = new Float64Array(n);
  const termStamp = new Uint32Array(n);
  const total = new Float64Array(n);
  const matched = new Uint32Array(n);
  const queryStamp = new Uint32Array(n);
  let stamp = 0;
  let queryNo = 0;
  const touched: number[] = [];
  const met: number[] = [];

  const add = (termId: number, weight: number) => {
    for (const posting of postings[termId]!) {
      if (!posting) continue;
      const w = weight * posting.boost;
      const { docs: ids, scores } = posting;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        const s = w * scores[i]!;
        if (termStamp[id] === stamp) termScore[id] = termScore[id]! + s;
        else {
          termStamp[id] = stamp;
          termScore[id] = s;
          touched.push(id);
        }
      }
    }
  };

  /** The term's only posting, when it is in one field: then its score per document is a single product. */
  const soleSource = (perField: (Posting | undefined)[]): Posting | undefined => {
    let found: Posting | undefined;
    for (const posting of perField) {
      if (!posting) continue;
      if (found) return undefined;
      found = posting;
    }
    return found;
  };

  /**
   * The common case (a term in one field, no typo candidates) in one pass: its score in a document
   * is one product, so adding it straight to the total is the same floating-point sum as the
   * two-pass route (a term's sum first, then the total).
   */
  const addDirectly = (posting: Posting, repeated: boolean) => {
    const { docs: ids, scores, boost } = posting;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const s = boost * scores[i]!;
      if (queryStamp[id] !== queryNo) {
        queryStamp[id] = queryNo;
        total[id] = s;
        matched[id] = 1;
        met.push(id);
      } else {
        total[id] = total[id]! + s;
        if (!repeated) matched[id]!++;
      }
    }
  };

  return (query) => {
    if (queryNo >= 0xfffffff0 || stamp >= 0xfffffff0) {
      termStamp.fill(0);
      queryStamp.fill(0);
      stamp = 0;
      queryNo = 0;
    }
    queryNo++;
    met.length = 0;
    const seen = new Set<string>();
    for (const term of tokenize(query)) {
      const repeated = seen.has(term); // MiniSearch counts a repeated query term once
      seen.add(term);
      const exact = terms.get(term);
      const fuzzy = term.length >= fuzzyFrom && !term.includes('_') ? [...terms.fuzzyGet(term, 1)].filter(([, [, d]]) => d > 0) : [];
      const only = fuzzy.length === 0 && exact !== undefined ? soleSource(postings[exact]!) : undefined;
      if (only) {
        addDirectly(only, repeated);
        continue;
      }
      stamp++;
      touched.length = 0;
      if (exact !== undefined) add(exact, 1);
      for (const [candidate, [id, distance]] of fuzzy) add(id, (FUZZY_WEIGHT * candidate.length) / (candidate.length + distance));
      for (const id of touched) {
        if (queryStamp[id] !== queryNo) {
          queryStamp[id] = queryNo;
          total[id] = termScore[id]!;
          matched[id] = 1;
          met.push(id);
        } else {
          total[id] = total[id]! + termScore[id]!;
          if (!repeated) matched[id]!++;
        }
      }
    }
    // top k by score, ties in the order documents were first met (MiniSearch's stable sort)
    const top: Hit[] = [];
    const topScores: number[] = [];
    for (const id of met) {
      const score = total[id]! * matched[id]!;
      if (top.length === k && !(score > topScores[k - 1]!)) continue;
      let at = top.length;
      while (at > 0 && score > topScores[at - 1]!) at--;
      top.splice(at, 0, { label: labels[id]!, score });
      topScores.splice(at, 0, score);
      if (top.length > k) {
        top.pop();
        topScores.pop();
      }
    }
    return top;
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
