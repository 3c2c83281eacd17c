// What a person sees of each reply: first answers that fit a phone, the rest a tap away, crisis
// services kept on every later answer, and a clarifying question with its choices.
import { resolveAnswer } from '../../src/render/answer.js';
import { describe, expect, it } from 'vitest';
import type { GuideContext } from '../../dialogs/context.js';
import type { SayParams } from '../../dialogs/guideMachine.js';
import { offersFor } from '../../dialogs/offers.js';
import type { Outcome } from '../../dialogs/step.js';
import { AGE_BANDS, AUDIENCES, REGIONS, SITUATIONS, type Region } from '../../dialogs/vocabulary.js';
import { MAX_CARDS, MAX_STEPS } from '../../src/render/messages.js';
import { renderTurn } from '../../src/render/reply.js';
import { servicesFor } from '../../src/render/services.js';
import { urgentServices } from '../../src/render/urgent.js';
import { content } from '../support/botHarness.js';

const NOW = new Date('2026-12-02T21:00:00Z');
const base: GuideContext = { piiNoted: false, welcomed: true, asides: 0 };

function render(says: SayParams[], context: Partial<GuideContext>) {
  const full = { ...base, ...context };
  const outcome: Outcome = { state: 'answer', context: full, expects: 'free-text', offers: offersFor('answer', full, says) };
  return renderTurn(says, outcome, content(), NOW);
}

/** Every combination a first answer can be given for. */
const everyAnswer = SITUATIONS.flatMap((situation) =>
  AUDIENCES.flatMap((audience) =>
    REGIONS.flatMap((region) =>
      (audience === 'young-person' || audience === 'parent' ? AGE_BANDS : [undefined]).map((ageBand) => ({ situation, audience, region, ageBand }))
    )
  )
);

describe('a first answer fits a phone', () => {
  const rendered = everyAnswer.map((c) => ({ ...c, reply: render([{ key: 'answer' }], c)[0]! }));

  it('says what to do now in at most three steps, with at most three service cards', () => {
    for (const { reply, situation, audience, region } of rendered) {
      const [, stepsPart = ''] = (reply.text ?? '').split('**What you can do now**');
      const steps = stepsPart.split('\n').filter((line) => line.startsWith('- '));
      expect(steps.length, `${situation}/${audience}/${region}`).toBeLessThanOrEqual(MAX_STEPS);
      expect(reply.attachments?.length ?? 0).toBeLessThanOrEqual(MAX_CARDS);
      expect((reply.channelData as any).guide.services).toHaveLength(reply.attachments?.length ?? 0);
    }
  });

  it('in at most 1,200 characters', () => {
    const long = rendered.filter(({ reply }) => (reply.text ?? '').length > 1200).map((r) => `${r.situation}/${r.audience}/${r.region}`);
    expect(long).toEqual([]);
  });

  it('with urgent help before it, in at most 1,500 characters together', () => {
    for (const [situation, kind] of [['sextortion', 'sextortion'], ['grooming', 'grooming'], ['feeling-low', 'self-harm']] as const) {
      for (const c of everyAnswer.filter((x) => x.situation === situation)) {
        const total = render([{ key: 'urgent', kinds: [kind] }, { key: 'answer' }], c).reduce((n, a) => n + (a.text ?? '').length, 0);
        expect(total, `${situation}/${c.audience}/${c.region}`).toBeLessThanOrEqual(1500);
      }
    }
  });

  it('keeps the rest a tap away: a part of the answer, a follow-up, then more places to get help when there are more than three', () => {
    const context = { situation: 'sextortion', audience: 'young-person', ageBand: '13-17', region: 'uk' } as const;
    const all = servicesFor(context, content());
    expect(all.length).toBeGreaterThan(MAX_CARDS);
    const [answer] = render([{ key: 'answer' }], context);
    const offered = answer?.suggestedActions?.actions.map((a) => String(a.value)) ?? [];
    expect(offered).toEqual(['what-the-law-says', 'already-paid', 'not-uk']);
    const [law] = render([{ key: 'detail', part: 'law' }], context);
    expect(law?.text).toMatch(/^\*\*What the law says\*\*/);
    expect(answer?.text).not.toContain(resolveAnswer({ ...context, piiNoted: false, welcomed: true, asides: 0 }, content())?.law?.slice(0, 40));
    const [more] = render([{ key: 'detail', part: 'services' }], context);
    expect((more?.channelData as any).guide.services).toEqual(all.slice(MAX_CARDS));
    const [again] = render([{ key: 'detail', part: 'steps' }], context);
    expect(again?.text).toMatch(/^\*\*What you can do now\*\*/);
  });

  it('puts the other worry a message may have been about first, in its own words, when the guide was not sure', () => {
    const context = { situation: 'sent-image', maybe: ['pressured'], audience: 'young-person', ageBand: '13-17', region: 'uk' } as const;
    const [answer] = render([{ key: 'answer' }], { ...context, maybe: [...context.maybe] });
    const actions = answer?.suggestedActions?.actions ?? [];
    expect(actions.map((a) => String(a.value))).toEqual(['pressured', 'what-the-law-says', 'not-uk']);
    expect(actions[0]?.title).toBe(content().situations.get('pressured')?.labels['young-person']);
  });

  it("never offers a worry in someone else's words: no parent's question for a young person, no young person's for a parent", () => {
    const teen = render([{ key: 'answer' }], { situation: 'sent-image', maybe: ['talk-to-child'], audience: 'young-person', ageBand: '13-17', region: 'uk' })[0];
    expect(teen?.suggestedActions?.actions.map((a) => String(a.value))).not.toContain('talk-to-child');
    const parent = render([{ key: 'answer' }], { situation: 'sent-image', maybe: ['own-thoughts'], audience: 'parent', ageBand: '13-17', region: 'uk' })[0];
    expect(parent?.suggestedActions?.actions.map((a) => String(a.value))).not.toContain('own-thoughts');
  });

  it('shows a short lead whole, with nothing hidden behind "Tell me more"', () => {
    const context = { situation: 'found-csam', audience: 'young-person', ageBand: '13-17', region: 'uk' } as const;
    const own = resolveAnswer({ ...context, piiNoted: false, welcomed: true, asides: 0 }, content());
    const [answer] = render([{ key: 'answer' }], context);
    expect(answer?.text?.startsWith(own?.text ?? '\u0000')).toBe(true);
    expect(answer?.suggestedActions?.actions.map((a) => a.value)).not.toContain('tell-me-more');
  });
});

describe('after a self-harm disclosure', () => {
  it.each(REGIONS.map((r) => [r]))('every later answer carries the crisis services first (%s)', (region: Region) => {
    const context = { situation: 'sent-image', audience: 'young-person', ageBand: '13-17', region, crisis: true } as const;
    const crisis = urgentServices('self-harm', context, content());
    for (const say of [{ key: 'answer' }, { key: 'followUp', id: 'posted-before' }, { key: 'detail', part: 'steps' }] as SayParams[]) {
      const [reply] = render([say], context);
      const services = (reply?.channelData as any).guide.services as string[];
      expect(services.slice(0, crisis.length), say.key).toEqual(crisis);
      expect(reply?.text).toMatch(/feel unsafe/);
    }
  });

  it("reminds a parent that the services are there for them and the child", () => {
    const context = { situation: 'image-shared', audience: 'parent', ageBand: '13-17', region: 'uk', crisis: true } as const;
    const [reply] = render([{ key: 'answer' }], context);
    expect(reply?.text).toMatch(/^If you or the child feel unsafe at any point/);
  });
});

describe('a follow-up question', () => {
  it('gets a short reply of its own, never the whole answer again', () => {
    const context = { situation: 'sextortion', audience: 'young-person', ageBand: '13-17', region: 'uk' } as const;
    const [answer] = render([{ key: 'answer' }], context);
    const [reply] = render([{ key: 'followUp', id: 'school-find-out' }], context);
    expect(reply?.text).toMatch(/safeguarding lead/);
    // Not the answer again: neither its lead, nor its heading, nor any of its steps.
    const full = resolveAnswer({ ...base, ...context }, content())!;
    expect(reply?.text).not.toContain(full.text.slice(0, 60));
    expect(reply?.text).not.toContain(content().words['answer.stepsHeading']);
    for (const step of full.steps) expect(reply?.text).not.toContain(step);
    expect(answer?.text).toContain(full.steps[0]);
    expect(reply?.suggestedActions?.actions.map((a) => a.value)).toContain('show-steps');
    expect(reply?.suggestedActions?.actions.map((a) => a.value)).not.toContain('school-find-out');
  });

  it('names only the services of the person\'s country', () => {
    const [reply] = render([{ key: 'followUp', id: 'already-paid' }], { situation: 'sextortion', audience: 'young-person', ageBand: '13-17', region: 'au' });
    expect(reply?.text).toMatch(/eSafety/);
    expect(reply?.text).not.toMatch(/CEOP|Childline\b/);
    expect((reply?.channelData as any).guide.services).toEqual(['esafety', 'kids-helpline-au']);
  });
});

describe('a clarifying question', () => {
  it('offers the likeliest worries as buttons after an answer', () => {
    const [reply] = render([{ key: 'notUnderstood', candidates: ['sent-image', 'image-shared'], variant: 0 }], {
      situation: 'law',
      audience: 'professional',
      region: 'uk'
    });
    expect(reply?.text).toMatch(/one of these/);
    expect(reply?.suggestedActions?.actions.map((a) => a.value)).toEqual(['sent-image', 'image-shared', 'something-else']);
  });

  it('varies its words when it still does not understand', () => {
    const texts = [0, 1, 2].map((variant) => render([{ key: 'notUnderstood', candidates: [], variant }], { situation: 'law', audience: 'adult', region: 'uk' })[0]?.text);
    expect(new Set(texts).size).toBe(3);
  });
});
