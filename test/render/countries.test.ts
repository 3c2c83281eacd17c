// Right in every country, as a person sees it: every situation x audience x age band x region
// (and before the country is known), and urgent help of every kind in every region, through the
// real bot. What each person reads (message text, service cards, their buttons) names only their
// own country's services, law words, emergency and phone numbers (or the global tools); urgent
// help puts that country's emergency number first, and a crisis line for self-harm; and every
// first answer fits a phone: at most 3 steps, 1,200 characters, 1,500 with urgent help.
import { describe, expect, it } from 'vitest';
import type { CardAction } from 'botbuilder';
import { AGE_BANDS, COMMAND_VALUES, REGIONS, SITUATIONS, URGENT_KINDS, type AgeBand, type Audience, type Region, type SituationId, type UrgentKind } from '../../dialogs/vocabulary.js';
import { countryTerms, foreignMentions, loadQualityConfig } from '../../src/content/quality.js';
import { servesRegion } from '../../src/content/routing.js';
import { fill } from '../../src/render/words.js';
import { Conversation, content, last, type Reply } from '../support/botHarness.js';

const c = content();
const terms = countryTerms(c);
const phone = loadQualityConfig().phone;
/** Where the person lives; `unknown` before they have said. */
type Where = Region | 'unknown';
const PLACES: readonly Where[] = [...REGIONS, 'unknown'];

interface Person {
  audience: Audience;
  ageBand?: AgeBand;
  imageUnder18?: boolean;
}

/** Everyone the dialog can meet by pressing buttons (an adult whose image was shared is asked its age). */
function people(situation: SituationId): Person[] {
  const adults: Person[] = situation === 'image-shared' ? [{ audience: 'adult', imageUnder18: true }, { audience: 'adult', imageUnder18: false }] : [{ audience: 'adult' }];
  return [
    ...AGE_BANDS.map((ageBand): Person => ({ audience: 'young-person', ageBand })),
    ...AGE_BANDS.map((ageBand): Person => ({ audience: 'parent', ageBand })),
    { audience: 'professional' },
    ...adults
  ];
}

const describePerson = (p: Person) => [p.audience, p.ageBand, p.imageUnder18 === undefined ? '' : p.imageUnder18 ? 'under 18 in it' : '18+ in it'].filter(Boolean).join(' ');

/** Says where they live first (unless unknown), then answers whatever the guide asks; returns the replies to the worry. */
async function ask(situation: SituationId, person: Person, where: Where): Promise<Reply[]> {
  const convo = new Conversation();
  await convo.open();
  if (where !== 'unknown') await convo.say(where);
  let replies = await convo.say(person.audience);
  let afterWorry: Reply[] = [];
  for (let turn = 0; turn < 6; turn += 1) {
    const expects = last(replies).guide.expects;
    const value =
      expects === 'age' ? person.ageBand : expects === 'situation' ? situation : expects === 'yes-no' ? (person.imageUnder18 ? COMMAND_VALUES.yes : COMMAND_VALUES.no) : expects === 'region' ? (where === 'unknown' ? 'uk' : where) : undefined;
    if (value === undefined) break;
    replies = await convo.say(value);
    if (expects === 'situation' || afterWorry.length > 0) afterWorry = [...afterWorry, ...replies];
  }
  return afterWorry;
}

/** Everything a person reads in a reply: its text, and each card's title, text and buttons. */
function seen(reply: Reply): string[] {
  const cards = (reply.activity.attachments ?? []).flatMap((a) => {
    const card = a.content as { title?: string; text?: string; buttons?: CardAction[] };
    return [card.title ?? '', card.text ?? '', ...(card.buttons ?? []).map((b) => `${b.title} ${String(b.value).replace(/^tel:/, '')}`)];
  });
  return [reply.text, ...cards];
}

/** What is wrong, for this person, with what they read. */
function problemsIn(replies: readonly Reply[], where: Where): string[] {
  const reader: Region = where === 'unknown' ? 'uk' : where;
  const problems: string[] = [];
  for (const reply of replies) {
    for (const text of seen(reply)) problems.push(...foreignMentions(text, where, terms).map((p) => `"${text.slice(0, 60)}…" ${p}`));
    for (const id of reply.guide.services) {
      const service = c.services.get(id);
      if (!service || !servesRegion(service, reader)) problems.push(`offers ${id}, which does not serve ${reader}`);
    }
  }
  return problems;
}

const stepsHeading = fill(c.words, 'answer.stepsHeading');
const stepsIn = (text: string) => (text.split(`**${stepsHeading}**`)[1] ?? '').split('\n').filter((l) => l.startsWith('- ')).length;

/** The first answer fits a phone: at most 3 steps and 1,200 characters; with urgent help, 1,500 together. */
function phoneProblems(replies: readonly Reply[]): string[] {
  const answer = replies.find((r) => !r.guide.urgent && r.guide.state === 'answer');
  if (!answer) return ['no answer'];
  const urgent = replies.filter((r) => r.guide.urgent).reduce((n, r) => n + r.text.length, 0);
  const problems: string[] = [];
  if (stepsIn(answer.text) > phone.maxSteps) problems.push(`${stepsIn(answer.text)} steps`);
  if (stepsIn(answer.text) === 0) problems.push('no step: nothing to do now');
  if (answer.text.length > phone.firstReplyMaxChars) problems.push(`answer is ${answer.text.length} characters`);
  if (urgent > 0 && urgent + answer.text.length > phone.withUrgentMaxChars) problems.push(`urgent help and answer are ${urgent + answer.text.length} characters`);
  return problems;
}

describe.each(PLACES)('a person in %s', (where) => {
  it.each(SITUATIONS)('who asks about %s reads only their own country\'s help, in an answer that fits a phone', async (situation) => {
    const problems: string[] = [];
    for (const person of people(situation)) {
      const replies = await ask(situation, person, where);
      problems.push(...[...problemsIn(replies, where), ...phoneProblems(replies)].map((p) => `${describePerson(person)}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});

/** Messages the safety layer reads as each kind of urgent help (the test checks it does). */
const DISCLOSURES: Record<UrgentKind, string> = {
  danger: "someone is outside my house right now and i'm scared he will hurt me",
  'self-harm': 'i want to kill myself',
  sextortion: 'he says he will post my nudes to my friends unless i pay him',
  grooming: 'a man online keeps asking me for pics and wants to meet me, i am 14',
  abuse: 'my uncle sexually abused me'
};
const LIFE_AT_RISK = loadQualityConfig().lifeAtRisk;

describe.each(PLACES)('urgent help in %s', (where) => {
  it.each(URGENT_KINDS)('for %s, raised while reading an answer, comes first and still fits a phone', async (kind) => {
    const convo = new Conversation();
    await convo.open();
    if (where !== 'unknown') await convo.say(where);
    for (const value of ['young-person', '13-17', 'image-shared']) await convo.say(value);
    const replies = await convo.say(DISCLOSURES[kind]);
    expect(replies[0]?.guide.urgent).toBe(true);
    // The answer already read is not repeated unless the new worry changes it (a self-harm
    // disclosure gets the safety check instead); whatever follows still fits a phone.
    const answered = replies.some((r) => !r.guide.urgent && r.guide.state === 'answer');
    const length = replies.reduce((n, r) => n + r.text.length, 0);
    expect([...problemsIn(replies, where), ...(answered ? phoneProblems(replies) : [])]).toEqual([]);
    expect(length).toBeLessThanOrEqual(phone.withUrgentMaxChars);
  });

  it.each(URGENT_KINDS)('for %s names only that country\'s help, its emergency number first where a life may be at risk', async (kind) => {
    let raised: UrgentKind[] = [];
    const convo = new Conversation({ observer: { turn: (s) => (raised = s.urgent.length > 0 ? s.urgent : raised) } });
    await convo.open();
    if (where !== 'unknown') await convo.say(where);
    const replies = await convo.say(DISCLOSURES[kind]);
    const urgent = replies[0];
    expect(raised).toEqual([kind]);
    expect(urgent?.guide.urgent, 'urgent help comes first').toBe(true);
    if (!urgent) return;
    expect(problemsIn([urgent], where)).toEqual([]);

    const info = c.regions[where === 'unknown' ? 'uk' : where];
    if (LIFE_AT_RISK.includes(kind)) {
      if (where === 'other') {
        expect(urgent.text).toMatch(/local emergency number/);
      } else {
        expect(urgent.guide.services[0], 'the emergency card first').toBe(info.emergencyService);
        expect(urgent.text).toContain(info.emergency[0]!);
      }
      if (where === 'unknown') expect(urgent.text, 'before the country is known, 999 is named as the UK\'s').toMatch(/999\*\* in the UK, or your local emergency number/);
    }
    if (kind === 'self-harm' && info.crisisServices.length > 0 && where !== 'other') {
      expect(urgent.guide.services.some((id) => info.crisisServices.includes(id)), 'a crisis line').toBe(true);
    }
    if (where === 'other') {
      expect(urgent.text, 'honest that we do not know the services there').toMatch(/don't know/);
      expect(urgent.guide.services.every((id) => c.services.get(id)?.region === 'global')).toBe(true);
    }
  });
});
