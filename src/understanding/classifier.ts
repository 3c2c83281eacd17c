// The situation classifier: a multinomial logistic regression over the words of a message
// (stems, stem bigrams, and the concept and phrase tags of features.ts), learnt at start-up from
// the training phrases and stories (content/training), deterministic and in-process. For each
// message it gives every situation a probability; `decide` turns those into a confident situation,
// a clarifying question, or nothing.
//
// Chosen by measurement on the real-world set's held-out half over MiniSearch nearest examples,
// the same model with character n-grams, and a linear SVM: see test/eval/COMPARISON.md.
import type { SituationId } from '../../dialogs/vocabulary.js';
import type { Featurizer, FeatureSet } from './features.js';
import { buildVocabulary, softmax, trainLinear, type TrainOptions } from './linearModel.js';
import { LABELS, NONE, type Example, type Label } from './training.js';

export interface Ranked {
  label: Label;
  score: number;
}

export interface SituationClassifier {
  /**
   * Scores per label (situations and `none`), highest first, summing to 1. `features`: what the
   * featurizer's feature set makes of the same text, if the caller has it (the urgency model reads the same).
   */
  rank(normalised: string, features?: readonly string[]): Ranked[];
  /** Training phrases and stories learnt from. */
  readonly size: number;
}

export interface SituationClassifierOptions extends TrainOptions {
  /** 'words' (default), or with character n-grams too ('words+chars', compared and not chosen). */
  features?: FeatureSet;
  /** Softmax temperature over the margins (an SVM's margins are not probabilities). */
  temperature?: number;
}

/** Trains on normalised examples. */
export function createSituationClassifier(examples: readonly Example[], featurizer: Featurizer, options: SituationClassifierOptions = {}): SituationClassifier {
  const featuresOf = featurizer.of(options.features);
  const documents = examples.map((e) => featuresOf(e.text));
  const vocabulary = buildVocabulary(documents);
  const model = trainLinear(
    documents.map((d) => vocabulary.vector(d)),
    examples.map((e) => LABELS.indexOf(e.label)),
    LABELS.length,
    vocabulary.size,
    options
  );
  const temperature = options.temperature ?? 1;
  return {
    size: examples.length,
    rank(normalised, features = featuresOf(normalised)) {
      const scores = softmax(model.margins(vocabulary.vector(features)).map((m) => m / temperature));
      return LABELS.map((label, i) => ({ label, score: scores[i]! })).sort((a, b) => b.score - a.score || LABELS.indexOf(a.label) - LABELS.indexOf(b.label));
    }
  };
}
export interface Decision {
  situation?: SituationId;
  /**
   * Without a situation: the 2-3 likeliest, for a clarifying question. Beside a situation the
   * classifier was not sure of: the runner-up, offered as a button after the answer.
   */
  candidates: SituationId[];
}

/**
 * How sure the classifier must be. The defaults (DECISION_DEFAULTS) are chosen on the real-world
 * set's tuning half (test/eval/COMPARISON.md, 2 December 2026): real messages are long stories whose
 * probabilities spread over several situations, so the pairs cross-validation picks on the team's own
 * phrases (0.3-0.4 sure, 0.2-0.3 ahead) turned most real messages into a clarifying question even
 * when the likeliest situation was right. test/eval/compare.ts reports both.
 */
export interface DecisionOptions {
  /** The top situation's probability needed to answer it alone... */
  confident?: number;
  /** ...with this lead over the second. */
  margin?: number;
  /**
   * Less sure than that, but this likely: answer the likeliest worry and offer the runner-up as a
   * button, rather than ask first. Real stories often hold two worries, and a question before any
   * answer costs every reader a turn while a wrong first answer costs one tap. 0.18: the tuning half
   * and the dev set are the same from 0.22 down to 0.12, and the 492 blind stories, written by people
   * who never saw the training data, gain 367 -> 372 understood at once by 0.18 and 373 below it;
   * 0.18 is the most cautious value within one story of the best (COMPARISON.md, round twenty-two).
   */
  answer?: number;
  /** A situation needs this share to be offered as a candidate. */
  candidateFloor?: number;
}

/** The production thresholds (test/eval/compare.ts reports them beside the ones it would choose). */
export const DECISION_DEFAULTS: Required<DecisionOptions> = { confident: 0.25, margin: 0.05, answer: 0.18, candidateFloor: 0.12 };

/**
 * From scores to what the dialog gets: a confident situation; a likely one with the runner-up;
 * or (when unsure) the 2-3 likeliest as candidates for a clarifying question; or nothing
 * (greetings, off-topic).
 */
export function decide(ranked: readonly Ranked[], options: DecisionOptions = {}): Decision {
  const confident = options.confident ?? DECISION_DEFAULTS.confident;
  const margin = options.margin ?? DECISION_DEFAULTS.margin;
  const answer = options.answer ?? DECISION_DEFAULTS.answer;
  const floor = options.candidateFloor ?? DECISION_DEFAULTS.candidateFloor;
  const top = ranked[0];
  if (!top || top.label === NONE) return { candidates: [] };
  const second = ranked[1]?.score ?? 0;
  if (top.score >= confident && top.score - second >= margin) return { situation: top.label, candidates: [] };
  const candidates = ranked
    .filter((r): r is Ranked & { label: SituationId } => r.label !== NONE && r.score >= floor)
    .slice(0, 3)
    .map((r) => r.label);
  if (top.score >= answer) return { situation: top.label, candidates: candidates.filter((c) => c !== top.label).slice(0, 1) };
  return { candidates };
}
