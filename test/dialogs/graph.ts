// The guide machine's state graph, explored with xstate's graph utilities over every move a
// person can make: every button, and the shapes free text takes once understood. Shared by the
// machine tests and the tests that render each state.
import { getAdjacencyMap } from 'xstate/graph';
import { answerKey } from '../../dialogs/context.js';
import type { GuideEvent, Slots } from '../../dialogs/events.js';
import { guideMachine } from '../../dialogs/guideMachine.js';
import type { Snapshot } from '../../dialogs/step.js';
import { AGE_BANDS, AUDIENCES, DETAIL_VALUES, SITUATIONS, type DetailPart, type UrgentKind } from '../../dialogs/vocabulary.js';

export const message = (slots: Slots, urgent: UrgentKind[] = [], extra: Partial<Extract<GuideEvent, { type: 'MESSAGE' }>> = {}): GuideEvent => ({
  type: 'MESSAGE',
  slots,
  urgent,
  pii: false,
  candidates: [],
  ...extra
});

/** A person's possible moves: every button, plus free-text shapes (urgent, identifying, unclear, a follow-up...). */
export const EVENTS: GuideEvent[] = [
  ...AUDIENCES.map((audience) => message({ audience })),
  ...AGE_BANDS.map((ageBand) => message({ ageBand })),
  ...SITUATIONS.map((situation) => message({ situation })),
  message({ region: 'ie' }),
  message({}, ['sextortion']),
  message({}, ['danger']),
  message({}, ['self-harm']),
  message({}, [], { pii: true }),
  message({}),
  message({}, [], { candidates: ['sent-image', 'image-shared'] }),
  message({ situation: 'sent-image' }, [], { candidates: ['pressured'] }),
  message({ situation: 'image-shared', responsible: true }),
  message({}, [], { possible: ['grooming'] }),
  message({}, [], { followUp: 'school-find-out' }),
  message({}, [], { asked: true }),
  { type: 'OPEN' },
  { type: 'YES' },
  { type: 'NO' },
  { type: 'UNSURE' },
  { type: 'SAFETY', question: 'safe', answer: 'yes' },
  { type: 'SAFETY', question: 'safe', answer: 'no' },
  { type: 'SAFETY', question: 'safe', answer: 'unsure' },
  { type: 'SAFETY', question: 'risk', answer: 'yes' },
  { type: 'SAFETY', question: 'risk', answer: 'no' },
  ...(Object.keys(DETAIL_VALUES) as DetailPart[]).map((part): GuideEvent => ({ type: 'DETAIL', part })),
  { type: 'ASIDE', kind: 'thanks' },
  { type: 'RESTART' },
  { type: 'HELP' },
  { type: 'GREETING' },
  { type: 'MENU' },
  { type: 'ASK_REGION' },
  { type: 'SERVICE', id: 'childline' },
  { type: 'ATTACHMENT' },
  { type: 'FORGET' }
];

/**
 * What the machine decides depends only on these features of the context, so states that share
 * them are one node of the graph. Left out: what only changes words (the asides counter, whether
 * the "no names needed" note or a self-harm disclosure came before).
 */
export const serializeState = ({ value, status, context: c }: Snapshot) =>
  JSON.stringify([
    value,
    status,
    c.audience ?? null,
    c.ageBand !== undefined,
    c.region !== undefined,
    c.situation === 'law' || c.situation === 'image-shared' ? c.situation : c.situation !== undefined,
    c.imageUnder18 !== undefined || c.imageAgeUnsure === true,
    c.responsible === true,
    c.welcomed,
    c.safetyOpen === true,
    (c.riskOpen?.length ?? 0) > 0,
    (c.maybe?.length ?? 0) > 0,
    (c.heldQuestions?.length ?? 0) > 0,
    c.shown === answerKey(c)
  ]);

// A finished conversation is deleted by the bot, so nothing is ever sent to it.
export const traversal = { events: EVENTS, serializeState, filterEvents: (s: Snapshot) => s.status !== 'done' };

export const adjacency = new Map(Object.entries(getAdjacencyMap(guideMachine, traversal)));
/** Every state a conversation can rest in, once per graph node. */
export const reachable: Snapshot[] = [...adjacency.values()].map((entry) => entry.state);
export const live = reachable.filter((s) => s.status !== 'done');
