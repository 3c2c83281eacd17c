// The situation classifier candidates compared in test/eval/COMPARISON.md, all trained on the
// same examples (content/training: short phrases and stories) with the same text preparation
// (normalise, mask identifying details, stem, concept and phrase tags), so only the learning
// method differs. nlp.js and wink naive Bayes were compared too (COMPARISON.md keeps their
// figures) and dropped: they were confidently wrong far more often and added nothing.
import MiniSearch from 'minisearch';
import { createSituationClassifier, DECISION_DEFAULTS, type DecisionOptions, type Ranked, type SituationClassifierOptions } from '../../src/understanding/classifier.js';
import { createFeaturizer } from '../../src/understanding/features.js';
import { loadUnderstandingWords } from '../../src/content/understandingWords.js';
import { LABELS, NONE, type Example, type Label } from '../../src/understanding/training.js';

export interface Candidate {
  name: string;
  /** Trains on already-normalised examples. */
  train(examples: Example[]): Promise<void>;
  /** Scores per label for normalised text, highest first, summing to about 1. */
  rank(normalised: string): Promise<Ranked[]>;
  /** The same, synchronously (timed per message). */
  rankSync?(normalised: string): Ranked[];
  /** Fixed confidence thresholds; without them, each candidate's own are chosen by cross-validation. */
  decision?: DecisionOptions;
}

/** A candidate from a synchronous train-then-rank function. */
function synchronous(name: string, build: (examples: Example[]) => (normalised: string) => Ranked[], decision?: DecisionOptions): () => Candidate {
  return () => {
    let rank: ((normalised: string) => Ranked[]) | undefined;
    return {
      name,
      ...(decision && { decision }),
      async train(examples) {
        rank = build(examples);
      },
      async rank(text) {
        return rank!(text);
      },
      rankSync: (text) => rank!(text)
    };
  };
}

/**
 * The classifier until December 2026: each training example a MiniSearch (BM25+) document, its
 * stems and bigrams in one field and its concept tags in another (boosted x2); a message is the
 * query and the 16 best-matching examples vote for their situation, by score gently decayed by rank.
 */
/** How the candidates read a message: the same featurizer as production, from content/. */
const featurizer = createFeaturizer(loadUnderstandingWords().concepts);

function nearestExamples(examples: Example[]): (normalised: string) => Ranked[] {
  const fields = (text: string) => {
    const f = [...new Set(featurizer.features(text))];
    return { w: f.filter((x) => !x.startsWith('_')).join(' '), c: f.filter((x) => x.startsWith('_')).join(' ') };
  };
  const index = new MiniSearch<{ id: number; w: string; c: string; label: Label }>({
    idField: 'id',
    fields: ['w', 'c'],
    storeFields: ['label'],
    tokenize: (s) => s.split(' ').filter(Boolean),
    processTerm: (t) => t,
    searchOptions: {
      combineWith: 'OR',
      boost: { c: 2 },
      fuzzy: (term) => (term.length >= 7 && !term.includes('_') ? 1 : false),
      weights: { fuzzy: 0.5, prefix: 0.3 }
    }
  });
  index.addAll(examples.map((e, id) => ({ id, ...fields(e.text), label: e.label })));
  return (normalised) => {
    const { w, c } = fields(normalised);
    const query = `${w} ${c}`.trim();
    const totals = new Map<Label, number>(LABELS.map((l) => [l, 0]));
    if (query.length > 0) {
      index
        .search(query)
        .slice(0, 16)
        .forEach((hit, i) => totals.set(hit['label'] as Label, totals.get(hit['label'] as Label)! + hit.score / (1 + i * 0.15)));
    }
    const sum = [...totals.values()].reduce((s, v) => s + v, 0);
    return LABELS.map((label) => ({ label, score: sum === 0 ? Number(label === NONE) : totals.get(label)! / sum })).sort(
      (a, b) => b.score - a.score || LABELS.indexOf(a.label) - LABELS.indexOf(b.label)
    );
  };
}

/** A linear model (src/understanding/classifier.ts) with these options. */
const linear = (name: string, options: SituationClassifierOptions = {}, decision?: DecisionOptions) =>
  synchronous(
    name,
    (examples) => {
      const model = createSituationClassifier(examples, featurizer, options);
      return (text) => model.rank(text);
    },
    decision
  );

export const CANDIDATES: (() => Candidate)[] = [
  synchronous('MiniSearch nearest examples, its production thresholds', nearestExamples, { confident: 0.45, margin: 0.1 }),
  synchronous('MiniSearch nearest examples', nearestExamples),
  linear('logistic regression, words, its production thresholds (chosen)', {}, DECISION_DEFAULTS),
  linear('logistic regression, words'),
  linear('logistic regression, words + char 3-5', { features: 'words+chars' }),
  linear('linear SVM, words + char 3-5', { features: 'words+chars', loss: 'hinge', temperature: 0.5 })
];
