// The urgency model learns urgent kinds from the training stories and can only ADD to what the
// safety patterns found; the same training always gives the same scores and thresholds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { URGENT_KINDS, type UrgentKind } from '../../dialogs/vocabulary.js';
import { loadTraining } from '../../src/understanding/training.js';
import { createUrgencyModel, NEVER, thresholdFor, type UrgencyExample } from '../../src/understanding/urgencyModel.js';
import { loadDevset } from '../eval/devset.js';
import { parts } from './support.js';

// A made-up world where a "lighthouse" story means danger and a "garden" story is calm, with
// other words shared, so the model has to learn which words matter.
const shared = ['my friend told me', 'last week at school', 'i keep thinking about it', 'my mum does not know', 'it was on my phone'];
const story = (i: number, key: string): string => `${shared[i % shared.length]} and then the ${key} thing happened ${shared[(i + 2) % shared.length]}`;
const toy: UrgencyExample[] = [
  ...Array.from({ length: 20 }, (_, i): UrgencyExample => ({ text: story(i, 'lighthouse'), label: 'image-shared', urgent: ['danger'] })),
  ...Array.from({ length: 20 }, (_, i): UrgencyExample => ({ text: story(i, 'garden'), label: 'image-shared', urgent: [] })),
  ...Array.from({ length: 10 }, (_, i): UrgencyExample => ({ text: `how does the law see photo number ${i}`, label: 'law' }))
];

describe('urgency model', () => {
  it('adds a kind the stories show, to a message no pattern caught, and not to a calm one', () => {
    const model = createUrgencyModel(toy, parts().featurizer);
    expect(model.thresholds.danger.urgent).toBeLessThan(NEVER);
    expect(model.assess('so my cousin said the lighthouse thing happened again', []).urgent).toEqual(['danger']);
    expect(model.assess('so my cousin said the garden thing happened again', [])).toEqual({ urgent: [], possible: [] });
  });

  it('never adds a kind no story shows', () => {
    const model = createUrgencyModel(toy, parts().featurizer);
    for (const kind of URGENT_KINDS.filter((k) => k !== 'danger')) expect(model.thresholds[kind]).toEqual({ urgent: NEVER, possible: NEVER });
  });

  it('learns the same scores and thresholds from the same training', () => {
    const a = createUrgencyModel(toy, parts().featurizer);
    const b = createUrgencyModel(toy, parts().featurizer);
    expect(a.thresholds).toEqual(b.thresholds);
    for (const text of ['the lighthouse thing', 'the garden thing', 'my mum does not know']) expect(a.scores(text)).toEqual(b.scores(text));
  });

  it('picks the lowest score that keeps the precision asked for', () => {
    const scored = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4].map((score, i) => ({ score, positive: [true, true, true, false, true, false][i]! }));
    expect(thresholdFor(scored, 0.8, 3)).toBe(0.5);
    expect(thresholdFor(scored, 1, 3)).toBe(0.7);
    expect(thresholdFor(scored, 1, 4)).toBe(NEVER);
  });
});

describe('urgency model trained on the project stories', () => {
  const p = parts();
  const texts = [...loadTraining().map((e) => e.text), ...loadDevset().map((d) => d.t)].map((t) => p.prepare(t).normalised);

  it('never removes a kind the safety patterns found, and never calls a kind both urgent and possible', () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.subarray([...URGENT_KINDS]), (text, found: UrgentKind[]) => {
        const { urgent, possible } = p.urgency.assess(text, found);
        for (const kind of found) expect(urgent).toContain(kind);
        for (const kind of possible) expect(urgent).not.toContain(kind);
      }),
      { numRuns: 300, seed: 13 }
    );
  });

  it('finds nothing in a greeting or in words it never learnt', () => {
    for (const text of ['', 'hello', 'thanks', 'qwerty zxcvb']) expect(p.urgency.assess(p.prepare(text).normalised, [])).toEqual({ urgent: [], possible: [] });
  });

  it('keeps every kind when the patterns found them all', () => {
    expect(p.urgency.assess('hello', URGENT_KINDS).urgent).toEqual([...URGENT_KINDS]);
  });

  it('gives every kind a probability', () => {
    const scores = p.urgency.scores(p.prepare('he says he will post my pics unless i pay him').normalised);
    for (const kind of URGENT_KINDS) expect(scores[kind]).toBeGreaterThanOrEqual(0);
    for (const kind of URGENT_KINDS) expect(scores[kind]).toBeLessThanOrEqual(1);
  });
});
