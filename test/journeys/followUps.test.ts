// Follow-up questions (content/followups/): every phrasing written for one is recognised after
// each answer it belongs to, and not elsewhere; what is not a follow-up (a new worry) is not
// taken for one; and every follow-up answer is readable and never blames.
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, AUDIENCES, REGIONS, type AgeBand, type Audience } from '../../dialogs/vocabulary.js';
import { followUpAnswer, textIn } from '../../src/content/followUps.js';
import { loadQualityConfig, phraseHits, readingGrade } from '../../src/content/quality.js';
import { createUnderstandingParts } from '../../src/understanding/index.js';
import { createFollowUpRecogniser } from '../../src/understanding/followUps.js';
import { content } from '../support/botHarness.js';

const c = content();
const normalise = createUnderstandingParts(undefined, c).normalise;
const recognise = createFollowUpRecogniser(c);
const followUps = [...c.conversation.followUps.values()];
const ageFor = (audience: Audience): AgeBand | undefined => (audience === 'young-person' || audience === 'parent' ? '13-17' : undefined);

describe('follow-up questions are recognised in the context of the worry answered', () => {
  it.each(followUps.map((f) => [f.id, f] as const))('%s: every example, after every answer it belongs to', (_id, followUp) => {
    let checked = 0;
    for (const situation of followUp.situations) {
      for (const audience of AUDIENCES) {
        const context = { situation, audience, ageBand: ageFor(audience), region: 'uk' as const };
        if (!followUpAnswer(followUp, context)) continue;
        for (const example of followUp.examples) {
          expect(recognise(normalise(example), context), `"${example}" after ${situation} (${audience})`).toBe(followUp.id);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('is not recognised after an answer it does not belong to', () => {
    const paid = c.conversation.followUps.get('already-paid')!;
    expect(recognise(normalise(paid.examples[0]!), { situation: 'received-image', audience: 'young-person', ageBand: '13-17' })).toBeUndefined();
    const phone = c.conversation.followUps.get('take-phone')!;
    expect(recognise(normalise(phone.examples[0]!), { situation: 'sent-image', audience: 'young-person', ageBand: '13-17' })).toBeUndefined();
  });

  // New worries, and questions about this guide itself: never taken for a follow-up.
  it.each([
    'my friend showed me a video of a year 7 girl with no clothes on',
    'a man i met on a game keeps asking me to send pics and says he loves me',
    'im worried about the thoughts i have about kids',
    'someone sent me a dick pic on airdrop on the bus',
    'i feel like everyone hates me and i cant stop crying'
  ])('"%s" after the sent-image answer is a new worry', (text) => {
    expect(recognise(normalise(text), { situation: 'sent-image', audience: 'young-person', ageBand: '13-17' })).toBeUndefined();
  });
});

describe('follow-up answers', () => {
  const config = loadQualityConfig();
  const texts = followUps.flatMap((f) =>
    f.answers.flatMap((answer, i) =>
      REGIONS.map((region) => ({
        where: `${f.id} answer ${i + 1} (${region})`,
        young: !answer.audience || answer.audience.includes('young-person'),
        text: textIn(answer.text, region)
      }))
    )
  );

  it('are short: one chat bubble on a phone', () => {
    for (const { where, text } of texts) expect(text.length, where).toBeLessThanOrEqual(600);
  });

  it('are easy to read: reading grade 6 for young people, 8 for adults', () => {
    for (const { where, text, young } of texts) {
      expect(readingGrade(text), where).toBeLessThanOrEqual(young ? config.readability.youngPeople : config.readability.adults);
    }
  });

  it('never blame a child or a victim', () => {
    for (const { where, text } of texts) {
      for (const rule of config.blaming) expect(phraseHits(text, rule), where).toEqual([]);
    }
  });

  it('have an answer for every audience and age they are offered to', () => {
    for (const f of followUps) {
      for (const audience of Object.keys(f.label) as Audience[]) {
        for (const situation of f.suggestAfter) {
          for (const ageBand of audience === 'young-person' || audience === 'parent' ? AGE_BANDS.slice(0, 2) : [undefined]) {
            expect(followUpAnswer(f, { situation, audience, ageBand }), `${f.id} / ${situation} / ${audience}`).toBeDefined();
          }
        }
      }
    }
  });
});
