// Conversation tests (in the manner of Rasa's test stories): every row of journeys.yaml is
// replayed through the real bot by pressing quick-reply values, and the answer must offer
// the expected services first, with matching service cards, and the audience's own answer,
// written for their region.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { AGE_BANDS, AUDIENCES, REGIONS, SITUATIONS, type Region } from '../../dialogs/vocabulary.js';
import { loadQualityConfig } from '../../src/content/quality.js';
import { resolveAnswer } from '../../src/render/answer.js';
import type { AnswerKey } from '../../src/content/schema.js';
import { COMMAND_VALUES, DETAIL_VALUES } from '../../dialogs/vocabulary.js';
import { MAX_CARDS, splitLead } from '../../src/render/messages.js';
import { Conversation, content, last, type Reply } from '../support/botHarness.js';

const JourneySchema = z
  .object({
    audience: z.enum(AUDIENCES),
    age: z.enum(AGE_BANDS).optional(),
    situation: z.enum(SITUATIONS),
    imageUnder18: z.boolean().optional(),
    region: z.enum(REGIONS).default('uk'),
    /** Empty only where we know no service (somewhere we don't cover). */
    services: z.array(z.string().min(1)),
    urgent: z.boolean().default(false)
  })
  .strict();
type Journey = z.infer<typeof JourneySchema>;

const file = fileURLToPath(new URL('./journeys.yaml', import.meta.url));
const journeys: Journey[] = z.object({ journeys: z.array(JourneySchema).min(1) }).strict().parse(parse(readFileSync(file, 'utf8'))).journeys;

const describeJourney = (j: Journey) =>
  [j.audience, j.age, j.situation, j.imageUnder18 === undefined ? undefined : j.imageUnder18 ? 'under 18 in image' : '18+ in image', j.region]
    .filter(Boolean)
    .join(' / ');

/** Presses the buttons of one journey and returns the replies of every turn. */
async function replay(j: Journey): Promise<{ afterSituation: Reply[]; final: Reply[]; more: Reply[] }> {
  const convo = new Conversation();
  await convo.open();
  let replies = await convo.say(j.audience);
  if (j.age) {
    // Only a parent is asked the child's age; a young person may still say theirs.
    if (j.audience === 'parent') {
      expect(last(replies).guide.expects, 'asks the age').toBe('age');
      expect(last(replies).choices).toContain(j.age);
    } else expect(last(replies).guide.expects, 'no age asked').not.toBe('age');
    replies = await convo.say(j.age);
  }
  expect(last(replies).guide.expects, 'asks the situation').toBe('situation');
  if (content().situations.get(j.situation)?.labels[j.audience]) {
    expect(last(replies).choices, 'offers the situation in the menu').toContain(j.situation);
  }
  const afterSituation = await convo.say(j.situation);
  replies = afterSituation;
  if (j.imageUnder18 !== undefined) {
    expect(last(replies).guide.expects, 'asks whether they were under 18 in the image').toBe('yes-no');
    replies = await convo.say(j.imageUnder18 ? COMMAND_VALUES.yes : COMMAND_VALUES.no);
  }
  // Every answer names a country's services and law: where they live is asked before it.
  expect(last(replies).guide.expects, 'asks where they live').toBe('region');
  replies = await convo.say(j.region);
  // The first answer shows the first services; "More places to get help" (a tap away) shows the rest, in order.
  const shown = replies.filter((r) => r.guide.state === 'answer' && !r.guide.urgent).at(-1)?.guide.services.length ?? 0;
  const more = shown === MAX_CARDS ? await convo.say(DETAIL_VALUES.services) : [];
  return { afterSituation, final: replies, more };
}

describe('journeys.yaml covers what it must', () => {
  const config = loadQualityConfig();
  const has = (pred: (j: Journey) => boolean) => journeys.some(pred);

  it('has every situation for every audience that can meet it, in the UK', () => {
    // The answer about an adult is what a parent reads once they say their child is 18 or over.
    const reads = (j: Journey, a: AnswerKey) => (a === 'about-an-adult' ? j.audience === 'parent' && j.age === '18-plus' : j.audience === a);
    const missing = SITUATIONS.flatMap((s) =>
      (config.answers[s] ?? []).filter((a) => !has((j) => j.situation === s && reads(j, a) && j.region === 'uk')).map((a) => `${s} / ${a}`)
    );
    expect(missing).toEqual([]);
  });

  it('has both sides of 18 for young people and parents, and both image ages for adults', () => {
    const missing: string[] = [];
    for (const s of SITUATIONS) {
      for (const a of ['young-person', 'parent'] as const) {
        if (!has((j) => j.situation === s && j.audience === a && j.region === 'uk' && j.age !== '18-plus')) missing.push(`${s} / ${a} / under 18`);
        if (!has((j) => j.situation === s && j.audience === a && j.region === 'uk' && j.age === '18-plus')) missing.push(`${s} / ${a} / 18-plus`);
      }
    }
    for (const under18 of [true, false]) {
      if (!has((j) => j.situation === 'image-shared' && j.audience === 'adult' && j.imageUnder18 === under18)) missing.push(`image-shared / adult / ${under18}`);
    }
    expect(missing).toEqual([]);
  });

  it('has every region outside the UK for the key situations', () => {
    const missing: string[] = [];
    for (const s of ['sextortion', 'image-shared', 'feeling-low', 'law'] as const) {
      for (const r of REGIONS.filter((x): x is Exclude<Region, 'uk'> => x !== 'uk')) {
        for (const a of AUDIENCES) if (!has((j) => j.situation === s && j.region === r && j.audience === a)) missing.push(`${s} / ${r} / ${a}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names only services that exist', () => {
    const unknown = journeys.flatMap((j) => j.services.filter((id) => !content().services.has(id)).map((id) => `${describeJourney(j)}: ${id}`));
    expect(unknown).toEqual([]);
  });

  it('expects urgent help exactly for the situations that are themselves a disclosure', () => {
    const wrong = journeys.filter((j) => j.urgent !== (j.situation === 'sextortion' || j.situation === 'grooming')).map(describeJourney);
    expect(wrong).toEqual([]);
  });
});

describe('journeys through the real bot', () => {
  it.each(journeys.map((j) => [describeJourney(j), j] as const))('%s', async (_name, j) => {
    const { afterSituation, final, more } = await replay(j);

    // Urgent help comes first when choosing the situation is itself a disclosure.
    const first = afterSituation[0];
    expect(first, 'replies after choosing the situation').toBeDefined();
    expect(first?.guide.urgent, 'urgent help first').toBe(j.urgent);
    if (j.urgent) {
      expect(first?.guide.services.length, 'urgent help offers services').toBeGreaterThan(0);
      // no blame, in words for whoever reads it
      expect(first?.text).toMatch(/not your fault|never the child's fault|never their fault|being blackmailed is never to blame/i);
    } else {
      expect(afterSituation.filter((r) => r.guide.urgent), 'no urgent help').toEqual([]);
    }

    // The answer: the right situation, region, services, cards and words.
    const answers = final.filter((r) => !r.guide.urgent && r.guide.state === 'answer');
    const answer = answers[answers.length - 1];
    expect(answer, 'an answer').toBeDefined();
    if (!answer) return;
    expect(answer.guide).toMatchObject({ situation: j.situation, audience: j.audience, urgent: false });
    if (j.region !== 'uk' || j.situation === 'law') expect(answer.guide.region).toBe(j.region);
    expect(answer.guide.services.length, 'at most three service cards first').toBeLessThanOrEqual(MAX_CARDS);
    const offered = [...answer.guide.services, ...more.flatMap((r) => r.guide.services)];
    expect(offered.slice(0, j.services.length), 'services, most important first').toEqual(j.services);
    const names = answer.guide.services.map((id) => content().services.get(id)?.name);
    expect(answer.cards, 'a card for each service offered').toEqual(names);

    const context = { piiNoted: false, welcomed: true, asides: 0, ...j, ageBand: j.age, region: j.region };
    const own = resolveAnswer(context, content());
    expect(own?.text, 'the audience has its own answer').toBeTruthy();
    const { lead } = splitLead(own?.text ?? '\u0000');
    expect(answer.text.startsWith(lead), "the answer opens with its own lead, written for the region").toBe(true);
  });
});
