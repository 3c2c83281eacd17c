// Property: understand() never throws and always returns a well-formed result, for any
// Unicode string (and for strings made of the words the patterns look for).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, AUDIENCES, EXPECTS, REGIONS, SITUATIONS, URGENT_KINDS } from '../../dialogs/vocabulary.js';
import type { Understood } from '../../src/understanding/types.js';
import { understand } from './support.js';

const PII_KINDS = ['name', 'phone', 'email', 'address', 'postcode', 'school', 'handle'];
const COMMANDS = ['restart', 'help', 'menu', 'forget', 'yes', 'no', 'greeting', 'region'];

function wellFormed(u: Understood): void {
  expect(Object.keys(u).sort()).toEqual(expect.arrayContaining(['candidates', 'pii', 'slots', 'urgent']));
  const { audience, ageBand, region, situation, imageUnder18, ...rest } = u.slots;
  expect(rest).toEqual({});
  if (audience !== undefined) expect(AUDIENCES).toContain(audience);
  if (ageBand !== undefined) expect(AGE_BANDS).toContain(ageBand);
  if (region !== undefined) expect(REGIONS).toContain(region);
  if (situation !== undefined) expect(SITUATIONS).toContain(situation);
  if (imageUnder18 !== undefined) expect(typeof imageUnder18).toBe('boolean');
  // urgent kinds: known, once each, most serious first
  expect(u.urgent).toEqual(URGENT_KINDS.filter((k) => u.urgent.includes(k)));
  expect(new Set(u.pii).size).toBe(u.pii.length);
  for (const p of u.pii) expect(PII_KINDS).toContain(p);
  expect(u.candidates.length).toBeLessThanOrEqual(3);
  for (const c of u.candidates) expect(SITUATIONS).toContain(c);
  // Beside a situation, at most its runner-up, never the situation itself.
  if (situation !== undefined) expect(u.candidates.length).toBeLessThanOrEqual(1);
  expect(u.candidates).not.toContain(situation);
  if (u.command !== undefined) expect(COMMANDS).toContain(u.command);
}

const words = fc.constantFrom(
  'kms', 'kys', 'unalive', 'die', 'kill', 'myself', 'he', 'she', "he's", '25', '15', 'im', 'my', 'son', 'daughter', 'nudes',
  'pics', 'post', 'leak', 'send', 'unless', 'pay', '£100', '$', 'or', 'gift', 'card', 'meet', 'up', 'secret', 'older', 'man',
  'forced', 'sex', 'only', '12', 'year', '9', 'dublin', 'texas', 'uk', 'SW1A', '1AA', '07700', '900123', '@jake', 'snap',
  'my name is', 'St', "Mary's", 'Academy', 'school', 'police', 'illegal', '😭', 'ｋｍｓ', '\u200b', '0', '!!!', 'é', '\n'
);
const hints = fc.option(fc.constantFrom(...EXPECTS), { nil: undefined });

describe('understand()', () => {
  it('never throws and is well-formed for arbitrary Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), hints, (text, expects) => {
        wellFormed(understand(text, { expects }));
      }),
      { numRuns: 400, seed: 20251127 }
    );
  });

  it('never throws and is well-formed for messages made of the words it looks for', () => {
    fc.assert(
      fc.property(fc.array(words, { maxLength: 40 }).map((w) => w.join(' ')), hints, (text, expects) => {
        wellFormed(understand(text, { expects }));
      }),
      { numRuns: 400, seed: 20251128 }
    );
  });

  it('copes with the longest message the bot reads', () => {
    wellFormed(understand('he said he would send it to my friends unless '.repeat(100).slice(0, 4000), {}));
    wellFormed(understand('\ud800'.repeat(4000), {}));
  });

  it('does not carry the text into the result', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{12,20}$/), (word) => {
        expect(JSON.stringify(understand(`my name is ${word} and ${word}@mail.com`, {}))).not.toContain(word);
      }),
      { numRuns: 100, seed: 7 }
    );
  });
});
