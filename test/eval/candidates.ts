// The classifier candidates compared in test/eval/COMPARISON.md, all trained on the same
// phrases (content/training) with the same text preparation (normalise, mask identifying
// details, stem, concept tags), so only the learning method differs.
import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { Nlp } from '@nlpjs/nlp';
// @ts-expect-error: no types ship with wink-naive-bayes-text-classifier
import winkNaiveBayes from 'wink-naive-bayes-text-classifier';
import { features } from '../../src/understanding/features.js';
import { createNearestExamples } from '../../src/understanding/classifier.js';
import { createLinearClassifier, type LinearClassifierOptions, type SituationClassifier } from '../../src/understanding/linearClassifier.js';
import { LABELS, type Example, type Label } from '../../src/understanding/training.js';

export interface Ranked {
  label: Label;
  score: number;
}

export interface Candidate {
  name: string;
  /** Trains on already-normalised examples. */
  train(examples: Example[]): Promise<void>;
  /** Scores per label for normalised text, highest first, summing to about 1. */
  rank(normalised: string): Promise<Ranked[]>;
  /** The same, synchronously, where the method allows (timed per message). */
  rankSync?(normalised: string): Ranked[];
}

function softmax(pairs: [Label, number][], temperature = 1): Ranked[] {
  const max = Math.max(...pairs.map(([, v]) => v));
  const exps = pairs.map(([l, v]) => [l, Math.exp((v - max) / temperature)] as const);
  const total = exps.reduce((s, [, e]) => s + e, 0);
  return exps.map(([label, e]) => ({ label, score: e / total })).sort((a, b) => b.score - a.score);
}

/** nlp.js v4 neural NLU (@nlpjs/nlp), fed the normalised text; it tokenises and stems itself. */
export function nlpjs(options: { features?: boolean } = {}): Candidate {
  let nlp: any;
  const input = (t: string) => (options.features ? features(t).join(' ') : t);
  return {
    name: options.features ? 'nlp.js neural (our features)' : 'nlp.js neural',
    async train(examples) {
      const container = await containerBootstrap();
      container.use(Nlp);
      container.use(LangEn);
      container.registerConfiguration('nlu-??', { log: false }, true);
      nlp = container.get('nlp');
      nlp.settings.autoSave = false;
      nlp.settings.log = false;
      nlp.addLanguage('en');
      for (const e of examples) nlp.addDocument('en', input(e.text), e.label);
      await nlp.train();
    },
    async rank(text) {
      const result = await nlp.process('en', input(text));
      const scores = new Map<Label, number>(LABELS.map((l) => [l, 0]));
      for (const c of (result.classifications ?? []) as { intent: string; score: number }[]) {
        if (scores.has(c.intent as Label)) scores.set(c.intent as Label, c.score);
      }
      const total = [...scores.values()].reduce((s, v) => s + v, 0);
      if (total === 0) return [{ label: 'none', score: 1 }, ...LABELS.filter((l) => l !== 'none').map((label) => ({ label, score: 0 }))];
      return [...scores.entries()].map(([label, v]) => ({ label, score: v / total })).sort((a, b) => b.score - a.score);
    }
  };
}

/** MiniSearch (BM25) nearest training examples, votes weighted by score: the production classifier. */
export function minisearch(): Candidate {
  let model: ReturnType<typeof createNearestExamples> | undefined;
  return {
    name: 'MiniSearch nearest examples',
    async train(examples) {
      model = createNearestExamples(examples);
    },
    async rank(text) {
      return model!.rank(text);
    },
    rankSync: (text) => model!.rank(text)
  };
}

/** The linear models (src/understanding/linearClassifier.ts) with their options. */
export function linear(name: string, options: LinearClassifierOptions = {}): () => Candidate {
  return () => {
    let model: SituationClassifier | undefined;
    return {
      name,
      async train(examples) {
        model = createLinearClassifier(examples, options);
      },
      async rank(text) {
        return model!.rank(text);
      },
      rankSync: (text) => model!.rank(text)
    };
  };
}

export const CANDIDATES: (() => Candidate)[] = [
  minisearch,
  linear('logistic regression, words + char 3-5'),
  linear('logistic regression, words only', { features: (t) => features(t) }),
  linear('linear SVM, words + char 3-5', { loss: 'hinge', temperature: 0.5 })
];

/** wink naive Bayes (multinomial, Laplace smoothing) over the same features. */
export function wink(): Candidate {
  let nb: any;
  return {
    name: 'wink naive Bayes',
    async train(examples) {
      nb = winkNaiveBayes();
      nb.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
      for (const e of examples) nb.learn(features(e.text), e.label);
      nb.consolidate();
    },
    async rank(text) {
      const f = features(text);
      if (f.length === 0) return [{ label: 'none', score: 1 }];
      const odds = (nb.computeOdds(f) as [string, number][]).filter(([l]) => (LABELS as readonly string[]).includes(l));
      if (odds.length === 0) return [{ label: 'none', score: 1 }];
      return softmax(
        odds.map(([l, v]) => [l as Label, v * Math.LN2]),
        1
      );
    }
  };
}

