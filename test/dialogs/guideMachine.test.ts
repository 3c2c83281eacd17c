// The machine's own tests, with xstate's graph utilities: every state is reachable, every
// state can still reach help, and "start again" and urgent help work from every state.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getStateNodes } from 'xstate/graph';
import type { GuideEvent, Slots } from '../../dialogs/events.js';
import { GUIDE_MACHINE_VERSION, guideMachine, type SayParams } from '../../dialogs/guideMachine.js';
import { begin, decide, rememberedDecisions, toStored } from '../../src/bot/dialogState.js';
import { AGE_BANDS, AUDIENCES, SITUATIONS, type UrgentKind } from '../../dialogs/vocabulary.js';

const message = (slots: Slots, urgent: UrgentKind[] = [], pii = false): GuideEvent => ({
  type: 'MESSAGE',
  slots,
  urgent,
  pii,
  candidates: []
});

/** A user's possible moves: every button, plus free-text shapes (urgent, identifying, not understood). */
const EVENTS: GuideEvent[] = [
  ...AUDIENCES.map((audience) => message({ audience })),
  ...AGE_BANDS.map((ageBand) => message({ ageBand })),
  ...SITUATIONS.map((situation) => message({ situation })),
  message({ region: 'ie' }),
  message({}, ['sextortion']),
  message({}, ['danger']),
  message({}, [], true),
  message({}),
  { type: 'YES' },
  { type: 'NO' },
  { type: 'RESTART' },
  { type: 'HELP' },
  { type: 'GREETING' },
  { type: 'MENU' },
  { type: 'ASK_REGION' },
  { type: 'ATTACHMENT' },
  { type: 'FORGET' }
];

type Snapshot = ReturnType<typeof guideMachine.resolveState>;

/**
 * The machine's behaviour depends only on these features of the context, so states that
 * share them are one node of the graph (keeps the traversal to a few thousand nodes).
 */
const serializeState = ({ value, status, context: c }: Snapshot) =>
  JSON.stringify([
    value,
    status,
    c.audience ?? null,
    c.ageBand !== undefined,
    c.region !== undefined,
    c.situation === 'law' || c.situation === 'image-shared' ? c.situation : c.situation !== undefined,
    c.imageUnder18 !== undefined,
    c.piiNoted
  ]);
// A finished conversation is deleted by the bot, so nothing is ever sent to it.
const traversal = { events: EVENTS, serializeState, filterEvents: (s: Snapshot) => s.status !== 'done' };

const leafStates = getStateNodes(guideMachine.root)
  .filter((n) => n.type === 'atomic' || n.type === 'final')
  .map((n) => n.key)
  .filter((key) => !['welcome', 'route'].includes(key)); // transient: always pass straight through

const adjacency = new Map(Object.entries(getAdjacencyMap(guideMachine, traversal)));
const reachable = [...adjacency.values()].map((entry) => entry.state);

const saysOf = (actions: ReadonlyArray<{ type: string; params?: unknown }>) =>
  actions.filter((a) => a.type === 'say').map((a) => a.params as SayParams);

describe('guide machine', () => {
  it('reaches every state', () => {
    const reached = new Set(getShortestPaths(guideMachine, traversal).map((p) => String(p.state.value)));
    expect([...reached].sort()).toEqual([...leafStates].sort());
  });

  it('can reach an answer with services from every reachable state (no dead ends)', () => {
    // Walk the adjacency map backwards from every answer state.
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
    const deadEnds = [...adjacency]
      .filter(([key, entry]) => entry.state.status !== 'done' && !canAnswer.has(key))
      .map(([key]) => key);
    expect(deadEnds).toEqual([]);
  });

  it('never rests in a transient state', () => {
    expect(reachable.map((s) => s.value)).not.toContain('route');
    expect(reachable.map((s) => s.value)).not.toContain('welcome');
  });

  it('starts again from every state, forgetting everything', () => {
    for (const state of reachable.filter((s) => s.status !== 'done')) {
      const [next, actions] = transition(guideMachine, state, { type: 'RESTART' });
      expect(next.value).toBe('askAudience');
      expect(next.context).toEqual({ piiNoted: false });
      expect(saysOf(actions)[0]).toEqual({ key: 'restarted' });
    }
  });

  it('gives urgent help first from every state', () => {
    for (const state of reachable.filter((s) => s.status !== 'done')) {
      const [, actions] = transition(guideMachine, state, message({}, ['self-harm']));
      expect(saysOf(actions)[0]).toEqual({ key: 'urgent', kinds: ['self-harm'] });
    }
  });

  it('welcomes, then asks who is asking', () => {
    const [snapshot, actions] = initialTransition(guideMachine);
    expect(saysOf(actions)).toEqual([{ key: 'welcome' }, { key: 'ask', expects: 'audience' }]);
    expect(snapshot.value).toBe('askAudience');
  });
});

describe('slot filling', () => {
  const start = () => initialTransition(guideMachine)[0];

  it.each([
    ['a young person who says everything at once', { audience: 'young-person', ageBand: '13-17', situation: 'image-shared' }, 'answer'],
    ['a parent who says only the worry', { audience: 'parent', situation: 'talk-to-child' }, 'askAge'],
    ['a professional (no age needed)', { audience: 'professional', situation: 'school-response' }, 'answer'],
    ['an adult whose image was shared', { audience: 'adult', situation: 'image-shared' }, 'askImageAge'],
    ['a question about the law, no country said', { audience: 'adult', situation: 'law' }, 'askRegion'],
    ['a question about the law in Ireland', { audience: 'adult', situation: 'law', region: 'ie' }, 'answer']
  ] as const)('%s goes straight to %s', (_name, slots, expected) => {
    const [next] = transition(guideMachine, start(), message(slots));
    expect(next.value).toBe(expected);
  });

  it('never asks a question it already has the answer to', () => {
    let [s] = transition(guideMachine, start(), message({ ageBand: '13-17' }));
    [s] = transition(guideMachine, s, message({ audience: 'young-person' }));
    expect(s.value).toBe('askSituation');
  });

  it('forgets the age band when the audience changes', () => {
    let [s] = transition(guideMachine, start(), message({ audience: 'young-person', ageBand: '13-17' }));
    [s] = transition(guideMachine, s, message({ audience: 'adult' }));
    expect(s.context.ageBand).toBeUndefined();
  });

  it('takes the situation from the urgency when nothing else was said', () => {
    const [s] = transition(guideMachine, start(), message({}, ['sextortion']));
    expect(s.context.situation).toBe('sextortion');
  });

  it('notes identifying details once per conversation', () => {
    let [s, actions] = transition(guideMachine, start(), message({}, [], true));
    expect(saysOf(actions).map((a) => a.key)).toContain('piiNote');
    [s, actions] = transition(guideMachine, s, message({ audience: 'parent' }, [], true));
    expect(saysOf(actions).map((a) => a.key)).not.toContain('piiNote');
  });

  it('remembers who is asking and offers the likeliest worries when the worry was unclear', () => {
    const unclear: GuideEvent = { type: 'MESSAGE', slots: { audience: 'professional' }, urgent: [], pii: false, candidates: ['sent-image', 'image-shared'] };
    const [s, actions] = transition(guideMachine, start(), unclear);
    expect(s.context.audience).toBe('professional');
    expect(s.value).toBe('askSituation');
    expect(saysOf(actions)).toContainEqual({ key: 'notUnderstood', candidates: ['sent-image', 'image-shared'] });
  });

  it('ends, and says so, when asked to forget', () => {
    const [s, actions] = transition(guideMachine, start(), { type: 'FORGET' });
    expect(s.status).toBe('done');
    expect(saysOf(actions)).toEqual([{ key: 'forgotten' }]);
  });

  it("decides every turn exactly as xstate's own transition() would (the bot's cheaper, shared-scope step)", () => {
    const [first, firstActions] = initialTransition(guideMachine);
    const opened = begin();
    expect([opened.snapshot.value, opened.snapshot.context, opened.says]).toEqual([first.value, first.context, saysOf(firstActions)]);
    let compared = 0;
    for (const state of reachable.filter((s) => s.status !== 'done')) {
      for (const event of EVENTS) {
        const [next, actions] = transition(guideMachine, state, event);
        const decision = decide(state, event);
        expect([decision.snapshot.value, decision.snapshot.status, decision.snapshot.context, decision.says]).toEqual([
          next.value,
          next.status,
          next.context,
          saysOf(actions)
        ]);
        // What is stored is what xstate itself would persist.
        const persisted = guideMachine.getPersistedSnapshot(next) as unknown as { value: string; context: object };
        expect(JSON.stringify(toStored(decision.snapshot))).toBe(
          JSON.stringify({ machineVersion: GUIDE_MACHINE_VERSION, value: persisted.value, context: persisted.context })
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('remembers a bounded number of recent decisions, and a remembered decision is still the right one', () => {
    const states = reachable.filter((s) => s.status !== 'done');
    const unsure = SITUATIONS.flatMap((a) => SITUATIONS.map((b): GuideEvent => ({ type: 'MESSAGE', slots: {}, urgent: [], pii: false, candidates: [a, b] })));
    for (const state of states) for (const event of unsure) decide(state, event);
    expect(states.length * unsure.length).toBeGreaterThan(4096);
    expect(rememberedDecisions()).toBeLessThanOrEqual(4096);
    for (const state of states.slice(-5)) {
      for (const event of [...unsure.slice(-3), ...EVENTS]) {
        const [next, actions] = transition(guideMachine, state, event);
        for (let twice = 0; twice < 2; twice++) {
          const decision = decide(state, event);
          expect([decision.snapshot.value, decision.snapshot.context, decision.says]).toEqual([next.value, next.context, saysOf(actions)]);
        }
      }
    }
  });
});
