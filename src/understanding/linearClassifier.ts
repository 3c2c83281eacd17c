// The situation classifier as a linear model: each training phrase and story becomes a vector of
// word and character n-grams (features.ts), and a multinomial logistic regression learns which
// of them speak for which situation. Trained at start-up, deterministic, in-process.
import type { Ranked } from './classifier.js';
import { linearFeatures } from './features.js';
import { buildVocabulary, softmax, trainLinear, type TrainOptions } from './linearModel.js';
import { LABELS, type Example } from './training.js';

export interface SituationClassifier {
  /** Scores per label (situations and `none`), highest first, summing to 1. */
  rank(normalised: string): Ranked[];
  /** Training phrases and stories learnt from. */
  readonly size: number;
}

export interface LinearClassifierOptions extends TrainOptions {
  /** Features of a normalised text (the comparison tries word-only features). */
  features?: (normalised: string) => string[];
  /** Softmax temperature applied to the margins (the SVM's margins are not probabilities). */
  temperature?: number;
}

/** Trains on normalised examples. */
export function createLinearClassifier(examples: readonly Example[], options: LinearClassifierOptions = {}): SituationClassifier {
  const featuresOf = options.features ?? linearFeatures;
  const documents = examples.map((e) => featuresOf(e.text));
  const vocabulary = buildVocabulary(documents);
  const labels = examples.map((e) => LABELS.indexOf(e.label));
  const model = trainLinear(
    documents.map((d) => vocabulary.vector(d)),
    labels,
    LABELS.length,
    vocabulary.size,
    options
  );
  const temperature = options.temperature ?? 1;
  return {
    size: examples.length,
    rank(normalised) {
      const scores = softmax(model.margins(vocabulary.vector(featuresOf(normalised))).map((m) => m / temperature));
      return LABELS.map((label, i) => ({ label, score: scores[i]! })).sort((a, b) => b.score - a.score || LABELS.indexOf(a.label) - LABELS.indexOf(b.label));
    }
  };
}
