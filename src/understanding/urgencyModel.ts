// The urgency model: for each urgent kind, a yes/no logistic regression over the same features
// as the situation classifier, learnt from the training stories (long messages
// labelled with the urgent kinds a counsellor would say they clearly show). It reads the whole
// message, so it can see danger that no single phrase names: ages and relationships, a picture and
// a condition, a story told in the third person or the past tense.
//
// It can only ADD kinds. The safety patterns (content/safety.yaml) are the auditable floor and
// always win: whatever they found stays. A kind is added only above a threshold chosen on the
// training stories by cross-validation for high precision; a lower "possible" threshold marks risk
// that is plausible but unclear, which the dialog turns into a gentle safety question.
import { URGENT_KINDS, type SituationId, type UrgentKind } from '../../dialogs/vocabulary.js';
import type { Featurizer, FeatureSet } from './features.js';
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
  /**
   * The model's probability for each kind. `features`: what the featurizer's feature set makes of
   * the same text, if the caller has it (the situation classifier reads the same).
   */
  scores(normalised: string, features?: readonly string[]): Record<UrgentKind, number>;
  /** `found`: the kinds the safety patterns found in the message; they are always kept. */
  assess(normalised: string, found: readonly UrgentKind[], features?: readonly string[]): UrgencyAssessment;
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
  /** Floors under the cross-validated thresholds. */
  minUrgent?: number;
  minPossible?: number;
  /** 'words' (default), or with character n-grams too ('words+chars', compared and not chosen). */
  features?: FeatureSet;
}

/** A short example of this situation is likely a disclosure of the kind itself: not a calm one. */
const SITUATION_OF_KIND: Partial<Record<UrgentKind, SituationId>> = { sextortion: 'sextortion', grooming: 'grooming', 'self-harm': 'feeling-low' };

/** Never reached by a probability: the kind is not added, or not marked possible. */
export const NEVER = 2;

/** How much each example teaches each kind: stories either way, short examples only as calm ones. */
function weighting(examples: readonly UrgencyExample[], shortWeight: number): { labels: number[]; weight: number[][] } {
  const labels = examples.map((e) => URGENT_KINDS.reduce((mask, k, c) => (e.urgent?.includes(k) ? mask | (1 << c) : mask), 0));
  const weight = examples.map((e) =>
    URGENT_KINDS.map((k) => (e.urgent ? 1 : SITUATION_OF_KIND[k] !== e.label && !e.floor?.includes(k) ? shortWeight : 0))
  );
  // A kind's few positives weigh as much as its many calm rows together (at most 10 times one).
  URGENT_KINDS.forEach((_, c) => {
    const positives = labels.filter((l) => (l >> c) & 1).length;
    const negatives = weight.reduce((s, w, i) => s + ((labels[i]! >> c) & 1 ? 0 : w[c]!), 0);
    const up = positives === 0 ? 1 : Math.min(10, Math.max(1, negatives / positives));
    labels.forEach((l, i) => {
      if ((l >> c) & 1) weight[i]![c]! *= up;
    });
  });
  return { labels, weight };
}

type Scorer = (x: SparseVector) => Float64Array;

function train(vectors: readonly SparseVector[], labels: readonly number[], weight: readonly number[][], dims: number, options: TrainOptions): Scorer {
  const model = trainLinear(vectors, labels, URGENT_KINDS.length, dims, { ...options, loss: 'independent', weight: (i, c) => weight[i]![c]! });
  return (x) => model.probabilities(x);
}

/**
 * The lowest score at which the examples scoring at least that much are urgent `precision` of the
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

/** Out-of-fold scores of every example: each fold scored by a model that never saw it. */
function crossValidated(vectors: readonly SparseVector[], labels: readonly number[], weight: readonly number[][], dims: number, folds: number, options: TrainOptions): Float64Array[] {
  const out: Float64Array[] = new Array(vectors.length);
  for (let fold = 0; fold < folds; fold++) {
    const kept = vectors.map((_, i) => i).filter((i) => i % folds !== fold);
    const score = train(
      kept.map((i) => vectors[i]!),
      kept.map((i) => labels[i]!),
      kept.map((i) => weight[i]!),
      dims,
      options
    );
    for (let i = fold; i < vectors.length; i += folds) out[i] = score(vectors[i]!);
  }
  return out;
}

/** Per kind, from out-of-fold scores of the examples that teach it: sure enough to add, and possible. */
function thresholds(oof: readonly Float64Array[], labels: readonly number[], weight: readonly number[][], options: UrgencyOptions): Thresholds[] {
  const minPositives = options.minPositives ?? 3;
  return URGENT_KINDS.map((_, c) => {
    const scored = oof.flatMap((s, i) => (weight[i]![c]! > 0 ? [{ score: s[c]!, positive: ((labels[i]! >> c) & 1) === 1 }] : []));
    const urgent = thresholdFor(scored, options.precision ?? 0.9, minPositives);
    const possible = thresholdFor(scored, options.possiblePrecision ?? 0.5, minPositives);
    // Stories written by the same hands agree with each other more than real people do, so
    // cross-validation alone sets these too low: the model adds a kind only at even odds or
    // more, and marks it possible only from one chance in four (COMPARISON.md).
    const sure = Math.max(urgent, options.minUrgent ?? 0.5);
    return { urgent: sure, possible: Math.min(Math.max(possible, options.minPossible ?? 0.25), sure) };
  });
}

/**
 * How much a message must say before its words count in full: the length of the shortest tenth
 * of the stories' feature vectors. The model learns from stories; a short message ("hiya im 13")
 * weighs less, so a lone age or "older" cannot make it urgent (short phrases are what the
 * safety patterns are for).
 */
function evidenceFloor(examples: readonly UrgencyExample[], documents: readonly string[][], vocabulary: Vocabulary): number {
  const lengths = documents
    .filter((_, i) => examples[i]!.urgent)
    .map((d) => vocabulary.length(d))
    .sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length / 10)] ?? 0;
}

/** Trains on normalised examples (stories carry `urgent`; short examples do not). */
export function createUrgencyModel(examples: readonly UrgencyExample[], featurizer: Featurizer, options: UrgencyOptions = {}): UrgencyModel {
  const featuresOf = featurizer.of(options.features);
  const documents = examples.map((e) => featuresOf(e.text));
  const vocabulary: Vocabulary = buildVocabulary(documents);
  const evidence = evidenceFloor(examples, documents, vocabulary);
  const vectors = documents.map((d) => vocabulary.vector(d, evidence));
  const { labels, weight } = weighting(examples, options.shortWeight ?? 0.5);
  const oof = crossValidated(vectors, labels, weight, vocabulary.size, options.folds ?? 5, options);
  const limits = thresholds(oof, labels, weight, options);
  const score = train(vectors, labels, weight, vocabulary.size, options);
  const scores = (normalised: string, features: readonly string[] = featuresOf(normalised)) => {
    const p = score(vocabulary.vector(features, evidence));
    return Object.fromEntries(URGENT_KINDS.map((k, c) => [k, p[c]!])) as Record<UrgentKind, number>;
  };
  return {
    stories: examples.filter((e) => e.urgent).length,
    thresholds: Object.fromEntries(URGENT_KINDS.map((k, c) => [k, limits[c]!])) as Record<UrgentKind, Thresholds>,
    scores,
    assess(normalised, found, features) {
      const p = scores(normalised, features);
      const sure = URGENT_KINDS.filter((k, c) => found.includes(k) || p[k] >= limits[c]!.urgent);
      const possible = URGENT_KINDS.filter((k, c) => !sure.includes(k) && p[k] >= limits[c]!.possible);
      return { urgent: sure, possible };
    }
  };
}
