// The urgency model: for each urgent kind, a binary logistic regression over the same word and
// character n-grams as the situation classifier, learnt from the training stories (long messages
// labelled with the urgent kinds a counsellor would say they clearly show). It reads the whole
// message, so it can see danger that no single phrase names: ages and relationships, a picture and
// a condition, a story told in the third person or the past tense.
//
// It can only ADD kinds. The safety patterns (content/safety.yaml) are the auditable floor and
// always win: whatever they found stays. A kind is added only above a threshold chosen on the
// training stories by cross-validation for high precision; a lower "possible" threshold marks risk
// that is plausible but unclear, which the dialog turns into a gentle safety question.
import { URGENT_KINDS, type SituationId, type UrgentKind } from '../../dialogs/vocabulary.js';
import { linearFeatures } from './features.js';
import { buildVocabulary, trainLinear, type SparseVector, type TrainOptions, type Vocabulary } from './linearModel.js';
import type { Example } from './training.js';

export interface UrgencyExample extends Example {
  /** What the safety patterns find in the example's own text: never used as a calm example of that kind. */
  floor?: readonly UrgentKind[];
}

export interface Thresholds {
  /** At or above: the kind is added (urgent help at once). */
  urgent: number;
  /** At or above (and below `urgent`): possible, ask gently. */
  possible: number;
}

export interface UrgencyAssessment {
  /** The patterns' kinds, plus those the model is sure of, in URGENT_KINDS order. */
  urgent: UrgentKind[];
  /** Kinds that are plausible but not sure, not already urgent. */
  possible: UrgentKind[];
}

export interface UrgencyModel {
  /** The model's probability for each kind. */
  scores(normalised: string): Record<UrgentKind, number>;
  /** `found`: the kinds the safety patterns found in the message; they are always kept. */
  assess(normalised: string, found: readonly UrgentKind[]): UrgencyAssessment;
  readonly thresholds: Readonly<Record<UrgentKind, Thresholds>>;
  /** Labelled stories learnt from. */
  readonly stories: number;
}

export interface UrgencyOptions extends TrainOptions {
  /** Cross-validated precision a kind needs to be added (urgent) or marked possible. */
  precision?: number;
  possiblePrecision?: number;
  /** Fewer true positives than this above a threshold proves nothing: the kind is then never added. */
  minPositives?: number;
  folds?: number;
  /** Weight of a short example (a calm negative) against a story. */
  shortWeight?: number;
}

/** A short example of this situation is likely a disclosure of the kind itself: not a calm one. */
const SITUATION_OF_KIND: Partial<Record<UrgentKind, SituationId>> = { sextortion: 'sextortion', grooming: 'grooming', 'self-harm': 'feeling-low' };

/** Never reached by a probability: the kind is not added, or not marked possible. */
export const NEVER = 2;

interface Row {
  x: SparseVector;
  positive: boolean;
  weight: number;
  /** Index among the stories (cross-validation folds), or -1 for a short example. */
  story: number;
}

/** The rows one kind learns from: stories either way, short examples only as calm ones. */
function rowsFor(kind: UrgentKind, examples: readonly UrgencyExample[], vectors: readonly SparseVector[], shortWeight: number): Row[] {
  const rows: Row[] = [];
  let story = 0;
  examples.forEach((e, i) => {
    const x = vectors[i]!;
    if (e.urgent) rows.push({ x, positive: e.urgent.includes(kind), weight: 1, story: story++ });
    else if (SITUATION_OF_KIND[kind] !== e.label && !e.floor?.includes(kind)) rows.push({ x, positive: false, weight: shortWeight, story: -1 });
  });
  // The few positives weigh as much as the many calm rows together (capped), so the model learns them.
  const positives = rows.filter((r) => r.positive).length;
  const negatives = rows.reduce((s, r) => s + (r.positive ? 0 : r.weight), 0);
  const up = positives === 0 ? 1 : Math.min(10, Math.max(1, negatives / positives));
  return rows.map((r) => (r.positive ? { ...r, weight: up } : r));
}

type Scorer = (x: SparseVector) => number;

function trainBinary(rows: readonly Row[], dims: number, options: TrainOptions): Scorer {
  const model = trainLinear(
    rows.map((r) => r.x),
    rows.map((r) => (r.positive ? 1 : 0)),
    2,
    dims,
    { ...options, weights: rows.map((r) => r.weight) }
  );
  return (x) => model.probabilities(x)[1]!;
}

/**
 * The lowest score at which the stories scoring at least that much are right `precision` of the
 * time, with at least `minPositives` of them urgent; NEVER when no score is.
 */
export function thresholdFor(scored: readonly { score: number; positive: boolean }[], precision: number, minPositives: number): number {
  const sorted = [...scored].sort((a, b) => b.score - a.score || Number(a.positive) - Number(b.positive));
  let threshold = NEVER;
  let tp = 0;
  sorted.forEach((s, i) => {
    if (s.positive) tp++;
    const tiedBelow = sorted[i + 1]?.score === s.score;
    if (!tiedBelow && tp >= minPositives && tp / (i + 1) >= precision) threshold = s.score;
  });
  return threshold;
}

/** Out-of-fold scores of every story: each fold scored by a model that never saw it. */
function crossValidated(rows: readonly Row[], dims: number, folds: number, options: TrainOptions): { score: number; positive: boolean }[] {
  const out: { score: number; positive: boolean }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const held = (r: Row) => r.story >= 0 && r.story % folds === fold;
    const score = trainBinary(
      rows.filter((r) => !held(r)),
      dims,
      options
    );
    for (const r of rows.filter(held)) out.push({ score: score(r.x), positive: r.positive });
  }
  return out;
}

interface KindModel {
  score: Scorer;
  thresholds: Thresholds;
}

function trainKind(kind: UrgentKind, examples: readonly UrgencyExample[], vectors: readonly SparseVector[], dims: number, options: UrgencyOptions): KindModel {
  const rows = rowsFor(kind, examples, vectors, options.shortWeight ?? 0.5);
  if (!rows.some((r) => r.positive)) return { score: () => 0, thresholds: { urgent: NEVER, possible: NEVER } };
  const oof = crossValidated(rows, dims, options.folds ?? 5, options);
  const minPositives = options.minPositives ?? 3;
  const urgent = thresholdFor(oof, options.precision ?? 0.9, minPositives);
  const possible = Math.min(urgent, thresholdFor(oof, options.possiblePrecision ?? 0.4, minPositives));
  return { score: trainBinary(rows, dims, options), thresholds: { urgent, possible } };
}

/** Trains on normalised examples (stories carry `urgent`; short examples do not). */
export function createUrgencyModel(examples: readonly UrgencyExample[], options: UrgencyOptions = {}): UrgencyModel {
  const documents = examples.map((e) => linearFeatures(e.text));
  const vocabulary: Vocabulary = buildVocabulary(documents);
  const vectors = documents.map((d) => vocabulary.vector(d));
  const models = URGENT_KINDS.map((kind) => trainKind(kind, examples, vectors, vocabulary.size, options));
  const scores = (normalised: string) => {
    const x = vocabulary.vector(linearFeatures(normalised));
    return Object.fromEntries(URGENT_KINDS.map((k, i) => [k, models[i]!.score(x)])) as Record<UrgentKind, number>;
  };
  return {
    stories: examples.filter((e) => e.urgent).length,
    thresholds: Object.fromEntries(URGENT_KINDS.map((k, i) => [k, models[i]!.thresholds])) as Record<UrgentKind, Thresholds>,
    scores,
    assess(normalised, found) {
      const score = scores(normalised);
      const sure = URGENT_KINDS.filter((k, i) => found.includes(k) || score[k] >= models[i]!.thresholds.urgent);
      const possible = URGENT_KINDS.filter((k, i) => !sure.includes(k) && score[k] >= models[i]!.thresholds.possible);
      return { urgent: sure, possible };
    }
  };
}
