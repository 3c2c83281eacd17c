// The sparse linear trainer: learns what separates classes, is deterministic, and keeps no
// feature that training never saw (a message's own words are not remembered).
import { describe, expect, it } from 'vitest';
import { buildVocabulary, trainLinear } from '../../src/understanding/linearModel.js';

const documents = [
  ['red', 'apple', 'fruit'],
  ['red', 'cherry', 'fruit'],
  ['green', 'apple', 'fruit'],
  ['blue', 'car', 'road'],
  ['red', 'car', 'road'],
  ['green', 'bus', 'road']
];
const labels = [0, 0, 0, 1, 1, 1];

describe('linear model', () => {
  const vocabulary = buildVocabulary(documents);
  const rows = documents.map((d) => vocabulary.vector(d));

  it('drops features that training never saw, and normalises the rest', () => {
    const v = vocabulary.vector(['apple', 'unseen-word', 'apple']);
    expect(v.index.length).toBe(1);
    expect(v.value[0]).toBeCloseTo(1);
    expect(vocabulary.vector(['nothing', 'known']).index.length).toBe(0);
  });

  it.each(['logistic', 'hinge'] as const)('learns what separates the classes (%s)', (loss) => {
    const model = trainLinear(rows, labels, 2, vocabulary.size, { loss, epochs: 30 });
    const [fruit, road] = [vocabulary.vector(['cherry', 'fruit']), vocabulary.vector(['bus', 'road'])];
    expect(model.probabilities(fruit)[0]).toBeGreaterThan(0.5);
    expect(model.probabilities(road)[1]).toBeGreaterThan(0.5);
  });

  it('learns each class on its own with the independent loss, leaving out what weighs 0', () => {
    // class 0: fruit; class 1: red (taught only by the first four rows)
    const masks = [3, 1, 1, 0, 2, 0];
    const model = trainLinear(rows, masks, 2, vocabulary.size, { loss: 'independent', epochs: 40, weight: (i, c) => (c === 1 && i >= 4 ? 0 : 1) });
    const p = model.probabilities(vocabulary.vector(['red', 'fruit']));
    expect(p[0]).toBeGreaterThan(0.5);
    expect(p[1]).toBeGreaterThan(0.5);
    expect(model.probabilities(vocabulary.vector(['green', 'road']))[0]).toBeLessThan(0.5);
  });

  it('gives the same weights for the same rows and seed, and others for another seed', () => {
    const probe = vocabulary.vector(['red', 'apple', 'road']);
    const a = trainLinear(rows, labels, 2, vocabulary.size, { seed: 7 }).margins(probe);
    const b = trainLinear(rows, labels, 2, vocabulary.size, { seed: 7 }).margins(probe);
    const c = trainLinear(rows, labels, 2, vocabulary.size, { seed: 8 }).margins(probe);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });
});
