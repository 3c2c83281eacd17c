// Adversarial text against the identifying-detail patterns (issue 16, item 11): the EMAIL and
// NAMED_SCHOOL patterns of src/understanding/pii.ts read each character a bounded number of times,
// however long a message is. The strings below are 10,000 characters (the longest text the edge
// accepts) shaped to make a pattern that may start inside a run of letters re-read the run from
// every position. Each takes the patterns well under a millisecond or two; the earlier, quadratic
// patterns took 50-270 ms each (printed by nothing here: this test does not time anything), so 300 of
// them would run far past the test's timeout, and an urgent message from someone else would wait
// behind them. The same strings, with an email or a school at their end, must still be found.
import { describe, expect, it } from 'vitest';
import { MAX_ACTIVITY_TEXT } from '../../src/activityGuard.js';
import { createPiiFinder } from '../../src/understanding/pii.js';

const findPii = createPiiFinder();
const LONG = MAX_ACTIVITY_TEXT;

/** Run shapes that make a pattern starting inside a run re-read it: letters, dots, hyphens, quotes, "@". */
const SHAPES: Record<string, (n: number) => string> = {
  letters: (n) => 'a'.repeat(n),
  'letters and dots': (n) => 'a.'.repeat(n / 2),
  'an @ before a long run': (n) => `x@${'a'.repeat(n - 2)}`,
  'a long domain of one-letter labels': (n) => `x@a${'.a'.repeat((n - 3) / 2)}`,
  hyphens: (n) => 'a-'.repeat(n / 2),
  apostrophes: (n) => "a'".repeat(n / 2)
};

const PER_SHAPE = 50;

describe('identifying-detail patterns on 10,000-character adversarial strings', () => {
  it(`reads ${PER_SHAPE} strings of each shape and finds no email or school in them`, () => {
    for (const [name, shape] of Object.entries(SHAPES)) {
      for (let i = 0; i < PER_SHAPE; i++) {
        const text = shape(LONG - 2 * i); // a different string each time
        expect(text.length).toBeLessThanOrEqual(LONG);
        const found = findPii(text);
        expect(found.kinds.filter((k) => k === 'email' || k === 'school'), name).toEqual([]);
      }
    }
  }, 10_000);

  it('still finds an email or a named school at the end of each shape', () => {
    for (const [name, shape] of Object.entries(SHAPES)) {
      const prefix = shape(LONG - 100);
      expect(findPii(`${prefix} write to jo.bloggs@example.com`).kinds, name).toContain('email');
      expect(findPii(`${prefix} she goes to Westfield Academy`).kinds, name).toContain('school');
    }
  });

  it('finds what it found before: emails and schools in ordinary sentences', () => {
    expect(findPii('email me at jess.smith99@gmail.com').kinds).toContain('email');
    expect(findPii('(jess-smith@mail.example.co.uk)').kinds).toContain('email');
    expect(findPii("she goes to O'Connell Academy").kinds).toContain('school');
    expect(findPii('at Oakwood High School').kinds).toContain('school');
    expect(findPii('my school is rubbish').kinds).not.toContain('school');
  });
});
