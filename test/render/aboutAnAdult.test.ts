// A parent, carer or professional asking about someone who is 18 or over ("my son is 20", or
// "18 or over" tapped for the child's age) gets the adults' help, told to them: never Report
// Remove, CEOP or a children's helpline, in the answer or in urgent help, wherever they live.
import { describe, expect, it } from 'vitest';
import { REGIONS, SITUATIONS, URGENT_KINDS } from '../../dialogs/vocabulary.js';
import { resolveAnswer } from '../../src/render/answer.js';
import { servicesFor } from '../../src/content/routing.js';
import { urgentHelp } from '../../src/render/urgent.js';
import { Conversation, content, type Reply } from '../support/botHarness.js';
import { CHILD_SERVICE_WORDS, FOR_CHILDREN } from '../support/childrensServices.js';
import { followUpsReached } from '../support/followUpsReached.js';

/** Lines that speak of someone under 18 ("if they were under 18 in it, Take It Down...") may name what is for them. */
const aboutUnder18 = (line: string) => /\bunder[- ]18\b/i.test(line);
const without = (text: string) => text.split('\n').filter((line) => !aboutUnder18(line)).join('\n');

const ASKERS = ['parent', 'professional'] as const;
const context = (audience: (typeof ASKERS)[number], region?: (typeof REGIONS)[number]) =>
  ({ piiNoted: false, welcomed: true, asides: 0, audience, ageBand: '18-plus', ...(region && { region }) }) as const;

describe('urgent help for a parent or professional asking about someone 18 or over', () => {
  for (const audience of ASKERS) {
    for (const region of [undefined, ...REGIONS]) {
      it.each(URGENT_KINDS)(`%s, for a ${audience}, in ${region ?? 'an unknown country'}: the adults' services, named as theirs`, (kind) => {
        const help = urgentHelp([kind], context(audience, region), content());
        expect(help.services.filter((id) => FOR_CHILDREN.includes(id))).toEqual([]);
        expect(without(help.text)).not.toMatch(CHILD_SERVICE_WORDS);
        expect(help.text).not.toMatch(/\bthe child\b|\byour child\b/i);
      });
    }
  }
});

describe('the answer for a parent or professional asking about someone 18 or over', () => {
  const situations = SITUATIONS.filter((id) => content().situations.get(id)?.answers['about-an-adult']);

  it('is written for every situation a parent of an adult can meet (own-thoughts and found-csam give them the adults\' own)', () => {
    expect(SITUATIONS.filter((id) => !situations.includes(id))).toEqual(['own-thoughts', 'found-csam']);
  });

  for (const audience of ASKERS) {
    for (const region of REGIONS) {
      it.each(situations)(`%s, for a ${audience} in ${region}: not the answer about a child, and no children's service`, (situation) => {
        const c = { ...context(audience, region), situation };
        const answer = resolveAnswer(c, content())!;
        const aboutAChild = resolveAnswer({ ...c, ageBand: '13-17' }, content())!;
        expect(answer.text).not.toEqual(aboutAChild.text);
        const read = [answer.text, ...answer.steps, answer.talk ?? '', ...answer.sayToChild].join('\n');
        expect(without(read)).not.toMatch(CHILD_SERVICE_WORDS);
        expect(servicesFor(c, content()).filter((id) => FOR_CHILDREN.includes(id))).toEqual([]);
        // A parent's own words to their son or daughter are not offered to a professional.
        if (audience === 'professional') expect(answer.sayToChild).toEqual([]);
      });
    }
  }
});

describe('the follow-up answers a parent or professional asking about someone 18 or over is offered', () => {
  for (const audience of ASKERS) {
    for (const region of REGIONS) {
      it.each(SITUATIONS)(`after %s, for a ${audience} in ${region}: about an adult, with no children's service`, (situation) => {
        for (const { id, text, services } of followUpsReached({ ...context(audience, region), region, situation })) {
          expect(without(text), id).not.toMatch(CHILD_SERVICE_WORDS);
          expect(text, id).not.toMatch(/\b(?:the|your) (?:child|young person)\b|\bchild's\b/i);
          expect(services.filter((s) => FOR_CHILDREN.includes(s)), id).toEqual([]);
        }
      });
    }
  }
});

describe('in conversation', () => {
  const urgentOf = (replies: Reply[]) => replies.find((r) => r.guide.urgent);

  it('a parent whose son of 20 is blackmailed gets the police and the Revenge Porn Helpline, not CEOP or Childline', async () => {
    const convo = new Conversation();
    await convo.open();
    const replies = await convo.say('my son is 20 and someone online says they will send his nudes to all his friends unless he pays them');
    const urgent = urgentOf(replies);
    expect(urgent?.guide).toMatchObject({ audience: 'parent', ageBand: '18-plus' });
    expect(urgent?.guide.services).toContain('police-101');
    expect(urgent?.guide.services.filter((id) => FOR_CHILDREN.includes(id))).toEqual([]);
    expect(urgent?.text).not.toMatch(CHILD_SERVICE_WORDS);
    const answered = await convo.say({ value: 'uk', text: 'uk' });
    const answer = answered.find((r) => r.guide.situation === 'sextortion');
    expect(answer?.text).not.toMatch(CHILD_SERVICE_WORDS);
    expect(answer?.guide.services).toContain('revenge-porn-helpline');
  });

  it('a parent whose daughter of 22 talks of suicide is told of the adults\' crisis lines and asked about them both, not "the child"', async () => {
    const convo = new Conversation();
    await convo.open();
    const replies = await convo.say('my daughter is 22 and last night she told me she wants to kill herself');
    const urgent = urgentOf(replies);
    expect(urgent?.text).toMatch(/if either of you might act on these thoughts now/i);
    expect(urgent?.guide.services).toEqual(expect.arrayContaining(['samaritans', 'shout']));
    expect(urgent?.guide.services.filter((id) => FOR_CHILDREN.includes(id))).toEqual([]);
    expect(replies.at(-1)?.text).toBe('Are you both safe right now?');
    expect(replies.map((r) => r.text).join('\n')).not.toMatch(/\bthe child\b/);
  });

  it('a parent who taps "18 or over" for their child is answered about an adult', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say({ value: 'parent', text: 'parent' });
    const replies = await convo.say('her ex has put her intimate pictures online');
    const asked = replies.at(-1)!;
    expect(asked.choices).toEqual(['under-13', '13-17', '18-plus']);
    const aged = await convo.say({ value: '18-plus', text: '18-plus' });
    const region = aged.at(-1)!.choices.includes('uk') ? await convo.say({ value: 'uk', text: 'uk' }) : aged;
    const answer = region.find((r) => r.guide.situation === 'image-shared');
    expect(answer?.guide.ageBand).toBe('18-plus');
    expect(answer?.text).not.toMatch(CHILD_SERVICE_WORDS);
    expect(answer?.guide.services).toEqual(expect.arrayContaining(['revenge-porn-helpline', 'stopncii']));
  });
});
