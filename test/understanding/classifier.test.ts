// The situation classifier: clear messages get their situation, unclear ones 2-3 candidates,
// greetings and off-topic messages none; training is deterministic and separate from the dev set.
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { createSituationClassifier, decide } from '../../src/understanding/classifier.js';
import { loadTraining } from '../../src/understanding/training.js';
import { SITUATIONS, type SituationId } from '../../dialogs/vocabulary.js';
import { loadDevset } from '../eval/devset.js';
import { parts, understand } from './support.js';

// Written for these tests: not in content/training nor test/eval.
const clear: [string, SituationId][] = [
  ['i sent my boyfriend a naked selfie last night and i regret it', 'sent-image'],
  ['my daughter sent topless photos to a boy she met at the park', 'sent-image'],
  ['a nude of me is going round my whole school', 'image-shared'],
  ['my ex put my intimate pictures on a porn website', 'image-shared'],
  ['someone airdropped me a picture of his privates at the bus stop', 'received-image'],
  // direction and negation: who sent what to whom
  ["he didn't send anything, girls sent pictures to him", 'received-image'],
  ['my boyfriend keeps asking me for nudes and i dont want to', 'pressured'],
  ['is it illegal for me to send a nude if i am 16', 'law'],
  ['how should i talk to my son about sending nudes', 'talk-to-child'],
  ['as a teacher what should i do when a pupil shows me a nude on their phone', 'school-response'],
  ['i am worried about my sexual thoughts about children and want help', 'own-thoughts'],
  ['how do i report a website with sexual pictures of children', 'found-csam'],
  ['i feel so ashamed and alone and cant stop crying', 'feeling-low']
];

const none = ['hello', 'thanks so much', "what's the weather like tomorrow", 'can you help with my homework', 'who built this', "I'm a parent", 'im 15', 'we live in Cork'];

describe('situation classifier', () => {
  it.each(clear)('%s -> %s', (text, situation) => {
    expect(understand(text).slots.situation).toBe(situation);
  });

  it.each(none)('no situation for: %s', (text) => {
    const u = understand(text);
    expect(u.slots.situation).toBeUndefined();
    expect(u.candidates).toEqual([]);
  });

  it("never reads a parent's worry about their child, with nothing more said, as their own thoughts about children", () => {
    for (const text of ["I'm really worried about my son", 'im so worried about my grandson', "i'm worried about my stepdaughter, she's not herself"]) {
      expect(understand(text).slots.situation, text).not.toBe('own-thoughts');
    }
    expect(understand("i'm worried about my thoughts about younger kids").slots.situation).toBe('own-thoughts');
  });

  it('gives urgent disclosures their situation', () => {
    expect(understand('he says he will post my pics unless i pay').slots.situation).toBe('sextortion');
    expect(understand("he's 30 and keeps asking me for pics, im 13").slots.situation).toBe('grooming');
    expect(understand('i want to kill myself').slots.situation).toBe('feeling-low');
    expect(understand('everyone has seen my nudes and i want to die').slots.situation).toBe('image-shared');
  });

  it('reads feeling low about a picture as the picture worry, whose answer carries support and removal help', () => {
    expect(understand("i feel like i'm going to be sick, everyone's seen my nude").slots.situation).toBe('image-shared');
    expect(understand('i feel so down about myself, i keep looking at pictures of other girls').slots.situation).toBe('feeling-low');
  });

  it('reads low feelings about a picture already dealt with as the feelings, and a picture passed on as shared', () => {
    expect(understand("the pics my ex leaked a month ago have been taken down but i can't stop feeling humiliated, i'm 26").slots.situation).toBe('feeling-low');
    expect(understand('my boyfriend showed his mates the pics i sent him. im 16 and i feel so stupid').slots.situation).toBe('image-shared');
    expect(understand('i sent a pic to a boy in my class and he showed it to everyone on the bus').slots.situation).toBe('image-shared');
    // sent, and only feared: still sent
    expect(understand("i sent a pic to my boyfriend and i'm scared he'll show his mates").slots.situation).toBe('sent-image');
  });

  it('offers 2-3 candidates, and no situation, when unsure', () => {
    const ranked = [
      { label: 'sent-image' as const, score: 0.17 },
      { label: 'image-shared' as const, score: 0.16 },
      { label: 'received-image' as const, score: 0.15 },
      { label: 'law' as const, score: 0.12 }
    ];
    expect(decide(ranked)).toEqual({ candidates: ['sent-image', 'image-shared', 'received-image'] });
  });

  it('answers the likeliest of two close worries and offers the other, rather than ask before any answer', () => {
    const ranked = [
      { label: 'sent-image' as const, score: 0.36 },
      { label: 'image-shared' as const, score: 0.32 },
      { label: 'received-image' as const, score: 0.2 }
    ];
    expect(decide(ranked)).toEqual({ situation: 'sent-image', candidates: ['image-shared'] });
    expect(decide([{ label: 'talk-to-child', score: 0.23 }, { label: 'none', score: 0.18 }, { label: 'found-csam', score: 0.13 }])).toEqual({
      situation: 'talk-to-child',
      candidates: ['found-csam']
    });
    expect(decide([{ label: 'law', score: 0.23 }, { label: 'none', score: 0.2 }])).toEqual({ situation: 'law', candidates: [] });
    expect(decide([{ label: 'law', score: 0.8 }, { label: 'sent-image', score: 0.2 }])).toEqual({ situation: 'law', candidates: [] });
    expect(decide([{ label: 'none', score: 0.6 }, { label: 'law', score: 0.4 }])).toEqual({ candidates: [] });
  });

  it('returns candidates only from the situations, never more than three', () => {
    for (const text of ['pics', 'my phone', 'help me with the thing', 'i did something bad with a photo']) {
      const u = understand(text);
      expect(u.candidates.length).toBeLessThanOrEqual(3);
      for (const c of u.candidates) expect(SITUATIONS).toContain(c);
      if (u.slots.situation) expect(u.candidates.length).toBeLessThanOrEqual(1);
    }
  });

  it('trains deterministically: two builds rank every phrase the same', () => {
    const p = parts();
    const examples = loadTraining().map((e) => ({ ...e, text: p.prepare(e.text).normalised }));
    const a = createSituationClassifier(examples, parts().featurizer);
    const b = createSituationClassifier(examples, parts().featurizer);
    for (const text of ['my nude got leaked', 'is sexting illegal', 'hi', 'my son sent a pic']) {
      const n = p.prepare(text).normalised;
      expect(a.rank(n)).toEqual(b.rank(n));
    }
  });

  it('has training phrases for every situation and none, and none of them is a dev-set message', () => {
    const p = parts();
    const training = loadTraining();
    for (const label of [...SITUATIONS, 'none']) expect(training.some((e) => e.label === label), label).toBe(true);
    const trained = new Set(training.map((e) => p.prepare(e.text).normalised));
    const dev = [...loadDevset(), ...loadDevset(new URL('../eval/holdout.yaml', import.meta.url).pathname)];
    const shared = dev.filter((d) => trained.has(p.prepare(d.t).normalised)).map((d) => d.t);
    expect(shared).toEqual([]);
  });

  it('loads with the real content', () => {
    expect(() => loadContent()).not.toThrow();
  });
});
