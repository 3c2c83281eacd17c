// The machine's own tests, with xstate's graph utilities: every state is reachable and can still
// reach an answer, "start again", urgent help and the safety check work from every state, and
// every question comes with the buttons that answer it.
import { describe, expect, it } from 'vitest';
import { getStateNodes } from 'xstate/graph';
import type { GuideEvent } from '../../dialogs/events.js';
import { guideMachine, type SayParams } from '../../dialogs/guideMachine.js';
import { offersFor } from '../../dialogs/offers.js';
import { begin, step, type Snapshot } from '../../dialogs/step.js';
import { AGE_BANDS, AUDIENCES, REGIONS, SITUATIONS } from '../../dialogs/vocabulary.js';
import { EVENTS, adjacency, live, message, reachable, serializeState } from './graph.js';

const leafStates = getStateNodes(guideMachine.root)
  .filter((n) => n.type === 'atomic' || n.type === 'final')
  .map((n) => n.key)
  .filter((key) => key !== 'route'); // transient: always passes straight through

const keys = (says: readonly SayParams[]) => says.map((s) => s.key);
const expectsOf = (s: Snapshot) => step(s, { type: 'HELP' }).outcome.expects;
const selfHarm = message({}, ['self-harm']);

describe('the state graph', () => {
  it('reaches every state', () => {
    const reached = new Set(reachable.map((s) => String(s.value)));
    expect([...reached].sort()).toEqual([...leafStates].sort());
  });

  it('can reach an answer from every state (no dead ends)', () => {
    const cameFrom = new Map<string, Set<string>>();
    for (const [from, entry] of adjacency) {
      for (const { state } of Object.values(entry.transitions) as Array<{ state: Snapshot }>) {
        const to = serializeState(state);
        if (!cameFrom.has(to)) cameFrom.set(to, new Set());
        cameFrom.get(to)?.add(from);
      }
    }
    const canAnswer = new Set([...adjacency].filter(([, entry]) => entry.state.value === 'answer').map(([key]) => key));
    const queue = [...canAnswer];
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      for (const previous of cameFrom.get(key) ?? []) {
        if (!canAnswer.has(previous)) {
          canAnswer.add(previous);
          queue.push(previous);
        }
      }
    }
    const deadEnds = [...adjacency].filter(([key, entry]) => entry.state.status !== 'done' && !canAnswer.has(key)).map(([key]) => key);
    expect(deadEnds).toEqual([]);
  });

  it('never rests in the transient route state, and never in start once anything happened', () => {
    const rests = reachable.map((s) => s.value);
    expect(rests).not.toContain('route');
    expect(reachable.filter((s) => s.value === 'start' && s.context.welcomed)).toEqual([]);
  });

  it('explores enough of the conversation to mean something', () => {
    expect(live.length).toBeGreaterThan(300);
  });
});

describe('from every state', () => {
  it('starts again, forgetting what was said but not a self-harm disclosure', () => {
    for (const state of live) {
      const { says, outcome } = step(state, { type: 'RESTART' });
      expect(says[0]).toEqual({ key: 'restarted' });
      for (const slot of ['audience', 'ageBand', 'region', 'situation', 'imageUnder18'] as const) expect(outcome.context[slot]).toBeUndefined();
      expect(outcome.context.crisis).toBe(state.context.crisis);
      expect(outcome.state).toBe(state.context.safetyOpen ? 'safetyCheck' : 'askAudience');
    }
  });

  it('answers everything a person sends: no message or button is met with silence', () => {
    const silent: string[] = [];
    for (const state of live) {
      for (const event of EVENTS) {
        if (event.type === 'OPEN') continue; // the chat opening, not something the person sent
        if (step(state, event).says.length === 0) silent.push(`${serializeState(state)} <- ${JSON.stringify(event)}`);
      }
    }
    expect(silent).toEqual([]);
  });

  it('gives urgent help first, before the welcome and before any question', () => {
    for (const state of live) {
      const { says } = step(state, message({}, ['sextortion']));
      expect(says[0]).toEqual({ key: 'urgent', kinds: ['sextortion'] });
    }
  });

  it('after a self-harm disclosure: urgent help, then "Are you safe right now?" with its three answers, and nothing else asked', () => {
    for (const state of live) {
      const { says, outcome } = step(state, selfHarm);
      expect(says[0]).toEqual({ key: 'urgent', kinds: ['self-harm'] });
      expect(says.filter((s) => s.key === 'ask')).toEqual([{ key: 'ask', question: 'safe' }]);
      expect(says[says.length - 1]).toEqual({ key: 'ask', question: 'safe' });
      expect(outcome).toMatchObject({ state: 'safetyCheck', expects: 'yes-no' });
      expect(outcome.offers).toEqual([{ kind: 'values', values: ['safe-yes', 'safe-no', 'safe-unsure'] }]);
      expect(outcome.context.crisis).toBe(true);
    }
  });

  it('while "Are you safe right now?" waits, every other move is answered by asking it again', () => {
    // OPEN is the website opening the chat, not a person's move: it changes nothing once open.
    const answers = new Set(['YES', 'NO', 'UNSURE', 'FORGET', 'OPEN']);
    const waiting = live.filter((s) => s.value === 'safetyCheck' && !s.context.safetyPressed);
    expect(waiting.length).toBeGreaterThan(10);
    for (const state of waiting) {
      for (const event of EVENTS) {
        const urgent = event.type === 'MESSAGE' && event.urgent.length > 0;
        const answersIt = answers.has(event.type) || (event.type === 'SAFETY' && event.question === 'safe');
        if (answersIt || urgent) continue;
        const { says, outcome } = step(state, event);
        expect(outcome.state, JSON.stringify(event)).toBe('safetyCheck');
        expect(says.filter((s) => s.key === 'ask'), JSON.stringify(event)).toEqual([{ key: 'ask', question: 'safe' }]);
        expect(keys(says), JSON.stringify(event)).not.toContain('answer');
        expect(keys(says), JSON.stringify(event)).not.toContain('followUp');
      }
    }
  });

  it('takes a second message that does not answer it as "rather not say": crisis services, and the conversation goes on', () => {
    const asked = step(step(begin(), { type: 'OPEN' }).snapshot, message({ audience: 'parent' }, ['self-harm'])).snapshot;
    const once = step(asked, message({}));
    expect(keys(once.says)).toEqual(['safetyFirst', 'ask']);
    const twice = step(once.snapshot, message({ situation: 'feeling-low' }));
    expect(twice.says[0]).toEqual({ key: 'safety', answer: 'unsure' });
    expect(twice.outcome.state).not.toBe('safetyCheck');
    expect(twice.outcome.context.safetyOpen).toBeUndefined();
    expect(twice.outcome.context.crisis).toBe(true);
  });

  it('hears "No, I\'m not safe" wherever its button is pressed: crisis help, and no question after it', () => {
    for (const state of live) {
      const { says, outcome } = step(state, { type: 'SAFETY', question: 'safe', answer: 'no' });
      expect(says).toContainEqual({ key: 'safety', answer: 'no' });
      expect(says.filter((s) => s.key === 'ask')).toEqual([]);
      expect(outcome.state).toBe('notSafe');
      expect(outcome.context.crisis).toBe(true);
    }
  });
});

describe('buttons', () => {
  const answers: Record<string, readonly string[]> = {
    audience: AUDIENCES,
    age: AGE_BANDS,
    region: REGIONS
  };

  it('every question state offers the buttons that answer its question', () => {
    for (const state of live) {
      const expects = expectsOf(state);
      if (!expects || expects === 'free-text') continue;
      const { outcome } = step(state, { type: 'HELP' });
      const values = outcome.offers.flatMap((o) => (o.kind === 'values' ? o.values : []));
      const situations = outcome.offers.some((o) => o.kind === 'situations');
      if (expects === 'situation') expect(situations, outcome.state).toBe(true);
      else if (expects === 'yes-no') expect(values.length, outcome.state).toBe(outcome.state === 'askImageAge' ? 2 : 3);
      else expect(values, outcome.state).toEqual(answers[expects]);
    }
  });

  it('every resting state offers a way on', () => {
    for (const state of live.filter((s) => s.value !== 'start')) {
      expect(offersFor(String(state.value), state.context, []).length, String(state.value)).toBeGreaterThan(0);
    }
  });
});

describe('opening', () => {
  it('is silent until something happens', () => {
    expect(begin().value).toBe('start');
  });

  it('welcomes an opened conversation, then asks who is asking', () => {
    const { says, outcome } = step(begin(), { type: 'OPEN' });
    expect(says).toEqual([{ key: 'welcome' }, { key: 'ask', question: 'audience' }]);
    expect(outcome.state).toBe('askAudience');
  });

  it('answers a first "hello" with the welcome and its question, once', () => {
    const first = step(begin(), { type: 'GREETING' });
    expect(keys(first.says)).toEqual(['welcome', 'ask']);
    expect(keys(step(first.snapshot, { type: 'GREETING' }).says)).toEqual(['greeting', 'ask']);
    expect(step(first.snapshot, { type: 'OPEN' }).says).toEqual([]);
  });

  it('puts urgent help before the welcome when the first message is a disclosure', () => {
    expect(keys(step(begin(), message({}, ['sextortion'])).says).slice(0, 2)).toEqual(['urgent', 'welcome']);
  });

  it('opens a conversation whose stored state was lost with a kind restart note, not the welcome', () => {
    expect(keys(step(begin({ lost: true }), message({ audience: 'parent' })).says)).toEqual(['restarted', 'ask']);
  });

  it('without the conversation\'s memory, answers without a welcome', () => {
    expect(keys(step(begin({ welcomed: true }), message({}, ['sextortion'])).says)[1]).toBe('ask');
  });
});

describe('slot filling', () => {
  const start = () => step(begin(), { type: 'OPEN' }).snapshot;

  it.each([
    ['a young person who says everything at once', { audience: 'young-person', ageBand: '13-17', situation: 'image-shared', region: 'uk' }, 'answer'],
    ['a young person who gives no age, about a worry where services are the same either side of 18', { audience: 'young-person', situation: 'received-image', region: 'uk' }, 'answer'],
    ['a young person who gives no age, whose own picture was shared (removal differs at 18)', { audience: 'young-person', situation: 'image-shared', region: 'uk' }, 'askAge'],
    ['a young person who gives no age, who sent a picture', { audience: 'young-person', situation: 'sent-image' }, 'askAge'],
    ['a young person of 18 or over whose picture was shared', { audience: 'young-person', ageBand: '18-plus', situation: 'image-shared', region: 'uk' }, 'answer'],
    ['a parent who says only the worry', { audience: 'parent', situation: 'talk-to-child' }, 'askAge'],
    ['a professional (no age needed)', { audience: 'professional', situation: 'school-response', region: 'uk' }, 'answer'],
    ['an adult whose image was shared', { audience: 'adult', situation: 'image-shared' }, 'askImageAge'],
    ["an adult who shared someone else's picture (not asked how old they were in it)", { audience: 'adult', situation: 'image-shared', responsible: true }, 'askRegion'],
    ['anyone who has not said their country (every answer is a country\'s)', { audience: 'professional', situation: 'school-response' }, 'askRegion'],
    ['a question about the law in Ireland', { audience: 'adult', situation: 'law', region: 'ie' }, 'answer']
  ] as const)('%s goes straight to %s', (_name, slots, expected) => {
    expect(step(start(), message(slots)).outcome.state).toBe(expected);
  });

  it('never asks a question it already has the answer to', () => {
    let s = step(start(), message({ ageBand: '13-17' })).snapshot;
    s = step(s, message({ audience: 'young-person' })).snapshot;
    expect(s.value).toBe('askSituation');
  });

  it('forgets the age band when the audience changes', () => {
    const s = step(start(), message({ audience: 'young-person', ageBand: '13-17' })).snapshot;
    expect(step(s, message({ audience: 'adult' })).outcome.context.ageBand).toBeUndefined();
  });

  it('takes "not sure" to "Were you under 18 in the picture?" as an answer: the country next, never the question again', () => {
    let s = step(start(), message({ audience: 'adult', situation: 'image-shared' })).snapshot;
    expect(s.value).toBe('askImageAge');
    s = step(s, { type: 'UNSURE' }).snapshot;
    expect(s.value).toBe('askRegion');
    expect(step(s, message({ region: 'uk' })).outcome.state).toBe('answer');
  });

  it("remembers that the person shared someone else's picture through questions about it, until another worry is named", () => {
    let s = step(start(), message({ audience: 'young-person', situation: 'image-shared', responsible: true })).snapshot;
    s = step(s, message({ region: 'uk', ageBand: '13-17' })).snapshot;
    expect(s.context.responsible).toBe(true);
    s = step(s, message({ situation: 'law' })).snapshot;
    expect(s.context.responsible).toBe(true);
    expect(step(s, message({}, ['sextortion'])).outcome.context.responsible).toBeUndefined();
    expect(step(s, message({ situation: 'pressured' })).outcome.context.responsible).toBeUndefined();
  });

  it('takes the situation from the urgency when nothing else was said', () => {
    expect(step(start(), message({}, ['sextortion'])).outcome.context.situation).toBe('sextortion');
  });

  it('notes identifying details once per conversation', () => {
    const first = step(start(), message({}, [], { pii: true }));
    expect(keys(first.says)).toContain('piiNote');
    expect(keys(step(first.snapshot, message({ audience: 'parent' }, [], { pii: true })).says)).not.toContain('piiNote');
  });

  it('remembers an unclear worry and offers the likeliest ones when the worry is asked', () => {
    const unclear = message({ audience: 'professional' }, [], { candidates: ['sent-image', 'image-shared'] });
    const { outcome } = step(start(), unclear);
    expect(outcome.state).toBe('askSituation');
    expect(outcome.offers).toEqual([{ kind: 'situations', ids: ['sent-image', 'image-shared'] }, { kind: 'values', values: ['something-else'] }]);
  });

  it('answers a likely worry with the other one it may be a tap away, kept through the questions before the answer', () => {
    const likely = message({ audience: 'young-person', situation: 'sent-image' }, [], { candidates: ['pressured'] });
    const asked = step(start(), likely);
    expect(asked.outcome.state).not.toBe('answer');
    const answered = step(asked.snapshot, message({ ageBand: '13-17', region: 'uk' }));
    expect(answered.outcome.state).toBe('answer');
    expect(answered.outcome.context.situation).toBe('sent-image');
    expect(answered.outcome.offers[0]).toEqual({ kind: 'situations', ids: ['pressured'] });
    const other = step(answered.snapshot, message({ situation: 'pressured' }));
    expect(other.outcome.context.situation).toBe('pressured');
    expect(other.outcome.offers).not.toContainEqual({ kind: 'situations', ids: ['pressured'] });
  });

  it('ends, and says so, when asked to forget', () => {
    const { says, ended } = step(start(), { type: 'FORGET' });
    expect(ended).toBe(true);
    expect(says).toEqual([{ key: 'forgotten' }]);
  });
});

describe('a question about the worry asked before its answer', () => {
  const schoolQuestion = message({ situation: 'school-response' }, [], { followUp: 'school-find-out' });
  const asking = new Set(['askAudience', 'askAge', 'askImageAge', 'askRegion']);

  it('is kept wherever the guide is asking who, how old or where, and a question is asked again', () => {
    const open = live.filter((s) => asking.has(String(s.value)) && s.context.situation !== undefined);
    expect(open.length).toBeGreaterThan(10);
    for (const state of open) {
      const { says, outcome } = step(state, schoolQuestion);
      expect(keys(says), String(state.value)).toEqual(['held', 'ask']);
      expect(outcome.expects, String(state.value)).not.toBe('free-text');
      expect(outcome.context.heldQuestions).toEqual(['school-find-out']);
      expect(outcome.context.situation, 'the question does not change the worry').toBe(state.context.situation);
    }
  });

  it('is answered straight after the answer, once', () => {
    const opened = step(begin(), { type: 'OPEN' }).snapshot;
    const atRegion = step(opened, message({ audience: 'young-person', ageBand: '13-17', situation: 'image-shared' })).snapshot;
    const held = step(atRegion, schoolQuestion).snapshot;
    const answered = step(held, message({ region: 'uk' }));
    expect(answered.says).toEqual([{ key: 'answer' }, { key: 'followUp', id: 'school-find-out' }]);
    expect(answered.outcome.context.heldQuestions).toBeUndefined();
    expect(keys(step(answered.snapshot, { type: 'ASIDE', kind: 'thanks' }).says)).toEqual(['aside']);
  });

  it('answers every question held, each once, in the order asked', () => {
    const opened = step(begin(), { type: 'OPEN' }).snapshot;
    const atRegion = step(opened, message({ audience: 'young-person', ageBand: '13-17', situation: 'image-shared' })).snapshot;
    const first = step(atRegion, message({}, [], { followUp: 'parents-told' })).snapshot;
    const again = step(step(first, schoolQuestion).snapshot, message({}, [], { followUp: 'parents-told' })).snapshot;
    expect(step(again, message({ region: 'uk' })).says).toEqual([
      { key: 'answer' },
      { key: 'followUp', id: 'parents-told' },
      { key: 'followUp', id: 'school-find-out' }
    ]);
  });

  it('is answered with no note when the same message answers the question asked', () => {
    const opened = step(begin(), { type: 'OPEN' }).snapshot;
    const atRegion = step(opened, message({ audience: 'parent', ageBand: '13-17', situation: 'sent-image' })).snapshot;
    const { says } = step(atRegion, message({ region: 'uk', situation: 'school-response' }, [], { followUp: 'school-find-out' }));
    expect(says).toEqual([{ key: 'answer' }, { key: 'followUp', id: 'school-find-out' }]);
  });

  it('is dropped when another worry is named before the answer: it was about the old one', () => {
    const opened = step(begin(), { type: 'OPEN' }).snapshot;
    const atRegion = step(opened, message({ audience: 'young-person', ageBand: '13-17', situation: 'image-shared' })).snapshot;
    const held = step(atRegion, schoolQuestion).snapshot;
    const moved = step(held, message({ situation: 'received-image' }));
    expect(moved.outcome.context.heldQuestions).toBeUndefined();
    expect(keys(step(moved.snapshot, message({ region: 'uk' })).says)).toEqual(['answer']);
  });

  it('at a safety question keeps the worry and asks once more; the answer then comes with the question kept', () => {
    const opened = step(begin(), { type: 'OPEN' }).snapshot;
    const base = { audience: 'young-person', ageBand: '13-17', situation: 'image-shared', region: 'uk' } as const;
    const safety = step(opened, message(base, ['self-harm'])).snapshot;
    const kept = step(safety, schoolQuestion);
    expect(keys(kept.says)).toEqual(['safetyFirst', 'ask']);
    expect(kept.outcome.context).toMatchObject({ situation: 'image-shared', heldQuestions: ['school-find-out'] });
    // "Is someone threatening you...?": no help for a threat nobody named, until the question is answered
    const risk = step(opened, message(base, [], { possible: ['grooming'] })).snapshot;
    expect(risk.value).toBe('riskCheck');
    const askedAgain = step(risk, schoolQuestion);
    expect(keys(askedAgain.says)).toEqual(['safetyFirst', 'ask']);
    expect(askedAgain.outcome.context).toMatchObject({ situation: 'image-shared', heldQuestions: ['school-find-out'] });
    const answered = step(askedAgain.snapshot, { type: 'SAFETY', question: 'risk', answer: 'no' });
    expect(keys(answered.says)).toEqual(['riskNo', 'answer', 'followUp']);
    expect(answered.says[2]).toEqual({ key: 'followUp', id: 'school-find-out' });
  });

  it('never holds back urgent help', () => {
    const opened = step(begin(), { type: 'OPEN' }).snapshot;
    const atRegion = step(opened, message({ audience: 'young-person', ageBand: '13-17', situation: 'image-shared' })).snapshot;
    const { says } = step(atRegion, message({}, ['sextortion'], { followUp: 'posted-before' }));
    expect(says[0]).toEqual({ key: 'urgent', kinds: ['sextortion'] });
  });
});

describe('after an answer', () => {
  const answered = () =>
    step(step(begin(), { type: 'OPEN' }).snapshot, message({ audience: 'young-person', ageBand: '13-17', situation: 'sextortion', region: 'uk' })).snapshot;

  it('answers a follow-up question on its own, without repeating the answer', () => {
    const { says, outcome } = step(answered(), message({ situation: 'school-response' }, [], { followUp: 'school-find-out' }));
    expect(says).toEqual([{ key: 'followUp', id: 'school-find-out' }]);
    expect(outcome.context.situation).toBe('sextortion');
    expect(outcome.offers[0]).toEqual({ kind: 'followUps', except: 'school-find-out', max: 1 });
  });

  it('never repeats the answer unasked, but shows the steps again when asked', () => {
    expect(keys(step(answered(), message({ ageBand: '13-17' })).says)).toEqual(['notUnderstood']);
    expect(keys(step(answered(), { type: 'ASIDE', kind: 'thanks' }).says)).toEqual(['aside']);
    expect(keys(step(answered(), message({}, ['sextortion'])).says)).toEqual(['urgent']);
    expect(step(answered(), { type: 'DETAIL', part: 'steps' }).says).toEqual([{ key: 'detail', part: 'steps' }]);
  });

  it('moves to a new worry when the message is about one', () => {
    const { says, outcome } = step(answered(), message({ situation: 'found-csam' }));
    expect(keys(says)).toEqual(['answer']);
    expect(outcome.context.situation).toBe('found-csam');
  });

  it('takes a correction at once: a new answer for who is really asking', () => {
    const { says, outcome } = step(answered(), message({ ageBand: '18-plus' }));
    expect(keys(says)).toEqual(['answer']);
    expect(outcome.context.ageBand).toBe('18-plus');
  });

  it('after urgent words naming another worry, moves there instead of answering a follow-up', () => {
    const sent = step(step(begin(), { type: 'OPEN' }).snapshot, message({ audience: 'young-person', ageBand: '13-17', situation: 'sent-image', region: 'uk' })).snapshot;
    const { says, outcome } = step(sent, message({ situation: 'sextortion' }, ['sextortion'], { followUp: 'posted-before' }));
    expect(keys(says)).toEqual(['urgent', 'answer']);
    expect(outcome.context.situation).toBe('sextortion');
  });
});

describe('urgent help before the country is known', () => {
  const urgentFirst = () => step(step(begin(), { type: 'OPEN' }).snapshot, message({}, ['danger']));

  it('offers "I\'m not in the UK" with the next question', () => {
    expect(urgentFirst().outcome.offers).toContainEqual({ kind: 'values', values: ['not-uk'] });
  });

  it('is given again in the words of the country they then name (not for the UK, whose words it already used)', () => {
    const { says, outcome } = step(urgentFirst().snapshot, message({ region: 'au' }));
    expect(says[0]).toEqual({ key: 'urgent', kinds: ['danger'] });
    expect(outcome.context.region).toBe('au');
    expect(keys(step(urgentFirst().snapshot, message({ region: 'uk' })).says)).not.toContain('urgent');
  });
});

describe('possible risk', () => {
  const possible = (answer: GuideEvent) => {
    const asked = step(step(begin(), { type: 'OPEN' }).snapshot, message({ audience: 'young-person' }, [], { possible: ['grooming'] }));
    expect(asked.outcome.state).toBe('riskCheck');
    expect(asked.says[asked.says.length - 1]).toEqual({ key: 'ask', question: 'risk' });
    return step(asked.snapshot, answer);
  };

  it.each([
    ['yes', { type: 'SAFETY', question: 'risk', answer: 'yes' }],
    ['rather not say', { type: 'SAFETY', question: 'risk', answer: 'unsure' }],
    ['typed yes', { type: 'YES' }]
  ] as const)('"%s" gives urgent help for that risk, then carries on', (_name, answer) => {
    const { says, outcome } = possible(answer);
    expect(says[0]).toEqual({ key: 'urgent', kinds: ['grooming'] });
    expect(outcome.state).toBe('askSituation');
  });

  it('is not asked about the worry already being talked about: blackmail after the blackmail answer', () => {
    const answered = step(
      step(begin(), { type: 'OPEN' }).snapshot,
      message({ audience: 'young-person', situation: 'sextortion', region: 'uk' }, ['sextortion'])
    ).snapshot;
    const { says, outcome } = step(answered, message({}, [], { possible: ['sextortion'], followUp: 'already-paid' }));
    expect(outcome.state).not.toBe('riskCheck');
    expect(says).toEqual([{ key: 'followUp', id: 'already-paid' }]);
    // ...but a new kind of risk still is
    expect(step(answered, message({}, [], { possible: ['grooming'] })).outcome.state).toBe('riskCheck');
  });

  it('is asked when the message that names the worry only suggests the risk: the topic is not the danger', () => {
    const { outcome } = step(step(begin(), { type: 'OPEN' }).snapshot, message({ audience: 'young-person', situation: 'grooming' }, [], { possible: ['grooming'] }));
    expect(outcome.state).toBe('riskCheck');
    expect(outcome.context.situation).toBe('grooming');
  });

  it('is not asked when the same message disclosed a threat: urgent help, and no "is someone threatening you?"', () => {
    const { says, outcome } = step(
      step(begin(), { type: 'OPEN' }).snapshot,
      message({ audience: 'parent', ageBand: '13-17', region: 'uk', situation: 'sextortion' }, ['sextortion'], { possible: ['grooming'] })
    );
    expect(says[0]).toEqual({ key: 'urgent', kinds: ['sextortion'] });
    expect(outcome.state).not.toBe('riskCheck');
    expect(outcome.context.riskOpen).toBeUndefined();
  });

  it('a message that is no answer ("she isn\'t answering now") is asked once more; a second gets the help, as "rather not say" does', () => {
    const first = possible(message({}));
    expect(keys(first.says)).toEqual(['safetyFirst', 'ask']);
    expect(first.outcome.state).toBe('riskCheck');
    const { says, outcome } = step(first.snapshot, message({}));
    expect(says[0]).toEqual({ key: 'urgent', kinds: ['grooming'] });
    expect(keys(says)).not.toContain('notUnderstood');
    expect(outcome.context.riskOpen).toBeUndefined();
  });

  it('"no" thanks them and carries on', () => {
    const { says, outcome } = possible({ type: 'SAFETY', question: 'risk', answer: 'no' });
    expect(keys(says)).toEqual(['riskNo', 'ask']);
    expect(outcome.context.riskOpen).toBeUndefined();
  });
});

describe('the situations and values the tests use', () => {
  it('cover the vocabulary', () => {
    const situations = EVENTS.flatMap((e) => (e.type === 'MESSAGE' && e.slots.situation ? [e.slots.situation] : []));
    expect([...new Set(situations)].sort()).toEqual([...SITUATIONS].sort());
  });
});
