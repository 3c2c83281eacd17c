// The guide's conversation as an XState v5 machine: pure, no I/O, no user text.
//
// It is a slot-filling dialog. Every message may fill several slots at once (who is
// asking, an age band, a region, the situation); the transient `route` state then goes
// to the first question still open, or to the answer. So a first message that says
// enough gets its answer at once, and no question is asked twice.
//
// The machine never speaks: its `say` actions name content keys, which the bot renders
// from content/. Urgent help is a `say` raised from any state, before anything else.
import { assign, enqueueActions, setup } from 'xstate';
import type { GuideEvent, Slots } from './events.js';
import type { Expects, SituationId, UrgentKind } from './vocabulary.js';

/** Bump when a change would misread snapshots saved by the previous version (see src/dialogState.ts). */
export const GUIDE_MACHINE_VERSION = 1;

export interface GuideContext extends Slots {
  /** The gentle "I don't need your name" note is given once per conversation. */
  piiNoted: boolean;
}

/** What the machine asks the bot to say. `key` names an entry in content/. */
export type SayParams =
  | { key: 'welcome' | 'restarted' | 'help' | 'greeting' | 'noPictures' | 'piiNote' | 'forgotten' | 'answer' }
  | { key: 'ask'; expects: Exclude<Expects, 'free-text'> }
  | { key: 'urgent'; kinds: UrgentKind[] }
  | { key: 'notUnderstood'; candidates: SituationId[] };

export interface GuideStateMeta {
  expects: Expects;
}

/** Situations whose answer depends on the country's law, so the region is asked if unknown. */
export const REGION_SENSITIVE: readonly SituationId[] = ['law'];

/** Urgent kinds that tell us the situation when the person has not said it otherwise. */
const SITUATION_OF_URGENCY: Partial<Record<UrgentKind, SituationId>> = {
  sextortion: 'sextortion',
  grooming: 'grooming',
  'self-harm': 'feeling-low'
};

const EMPTY_CONTEXT: GuideContext = { piiNoted: false };

/** assign() merges, so forgetting must name every slot. */
const FORGOTTEN: Required<Slots> | GuideContext = {
  audience: undefined,
  ageBand: undefined,
  region: undefined,
  situation: undefined,
  imageUnder18: undefined,
  piiNoted: false
};

function slotsOf(event: GuideEvent): Slots {
  return event.type === 'MESSAGE' ? event.slots : {};
}

function hasAnySlot(slots: Slots): boolean {
  return Object.values(slots).some((v) => v !== undefined);
}

/** New slots win; a change of audience clears the answers that belonged to the old one. */
function mergeSlots(context: GuideContext, event: GuideEvent): GuideContext {
  if (event.type !== 'MESSAGE') return context;
  const said = Object.fromEntries(Object.entries(event.slots).filter(([, v]) => v !== undefined)) as Slots;
  const audienceChanged = said.audience !== undefined && context.audience !== undefined && said.audience !== context.audience;
  const base: GuideContext = audienceChanged ? { ...context, ageBand: undefined, imageUnder18: undefined } : context;
  const fromUrgency = event.urgent.map((k) => SITUATION_OF_URGENCY[k]).find((s) => s !== undefined);
  return { ...base, ...said, situation: said.situation ?? fromUrgency ?? base.situation };
}

const ask = (expects: Exclude<Expects, 'free-text'>) => ({ type: 'say' as const, params: { key: 'ask' as const, expects } });

export const guideMachine = setup({
  types: {
    context: {} as GuideContext,
    events: {} as GuideEvent,
    meta: {} as GuideStateMeta
  },
  actions: {
    /** Executed by the bot's renderer, never here: the machine only names what to say. */
    say: (_: unknown, _params: SayParams) => {},
    rememberSlots: assign(({ context, event }) => mergeSlots(context, event)),
    rememberImageAge: assign(({ event }) => ({ imageUnder18: event.type === 'YES' })),
    forgetTopic: assign({ situation: undefined, imageUnder18: undefined }),
    forgetRegion: assign({ region: undefined }),
    forgetEverything: assign(() => FORGOTTEN),
    /** Identifying details are never kept; the user is told once that the guide does not need them. */
    notePiiOnce: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'MESSAGE' || !event.pii || context.piiNoted) return;
      enqueue({ type: 'say', params: { key: 'piiNote' } });
      enqueue.assign({ piiNoted: true });
    })
  },
  guards: {
    isUrgent: ({ event }) => event.type === 'MESSAGE' && event.urgent.length > 0,
    saysSomething: ({ event }) => hasAnySlot(slotsOf(event)),
    unsureOfTopic: ({ context, event }) =>
      event.type === 'MESSAGE' &&
      event.candidates.length > 0 &&
      hasAnySlot(event.slots) &&
      event.slots.situation === undefined &&
      context.situation === undefined,
    needsAudience: ({ context }) => context.audience === undefined,
    needsAge: ({ context }) =>
      context.ageBand === undefined && (context.audience === 'young-person' || context.audience === 'parent'),
    needsSituation: ({ context }) => context.situation === undefined,
    needsImageAge: ({ context }) =>
      context.audience === 'adult' && context.situation === 'image-shared' && context.imageUnder18 === undefined,
    needsRegion: ({ context }) =>
      context.region === undefined && context.situation !== undefined && REGION_SENSITIVE.includes(context.situation)
  }
}).createMachine({
  id: 'guide',
  context: EMPTY_CONTEXT,
  initial: 'welcome',
  // Handled the same way from every state, so no state can trap a frightened user.
  on: {
    MESSAGE: [
      {
        guard: 'isUrgent',
        target: '.route',
        actions: [
          { type: 'say', params: ({ event }) => ({ key: 'urgent', kinds: event.type === 'MESSAGE' ? event.urgent : [] }) },
          'notePiiOnce',
          'rememberSlots'
        ]
      },
      {
        // Said who they are but the worry was unclear: remember what was said, and offer the likeliest worries.
        guard: 'unsureOfTopic',
        target: '.route',
        actions: [
          'notePiiOnce',
          'rememberSlots',
          {
            type: 'say',
            params: ({ event }) => ({ key: 'notUnderstood', candidates: event.type === 'MESSAGE' ? event.candidates : [] })
          }
        ]
      },
      { guard: 'saysSomething', target: '.route', actions: ['notePiiOnce', 'rememberSlots'] },
      {
        actions: [
          'notePiiOnce',
          {
            type: 'say',
            params: ({ event }) => ({ key: 'notUnderstood', candidates: event.type === 'MESSAGE' ? event.candidates : [] })
          }
        ]
      }
    ],
    RESTART: { target: '.route', actions: ['forgetEverything', { type: 'say', params: { key: 'restarted' } }] },
    HELP: { actions: { type: 'say', params: { key: 'help' } } },
    GREETING: { actions: { type: 'say', params: { key: 'greeting' } } },
    ATTACHMENT: { actions: { type: 'say', params: { key: 'noPictures' } } },
    MENU: { target: '.route', actions: 'forgetTopic' },
    ASK_REGION: { target: '.askRegion', actions: 'forgetRegion' },
    YES: { actions: { type: 'say', params: { key: 'notUnderstood', candidates: [] } } },
    NO: { actions: { type: 'say', params: { key: 'notUnderstood', candidates: [] } } },
    FORGET: { target: '.forgotten', actions: ['forgetEverything', { type: 'say', params: { key: 'forgotten' } }] }
  },
  states: {
    welcome: {
      entry: { type: 'say', params: { key: 'welcome' } },
      always: 'route'
    },
    route: {
      always: [
        { guard: 'needsAudience', target: 'askAudience' },
        { guard: 'needsAge', target: 'askAge' },
        { guard: 'needsSituation', target: 'askSituation' },
        { guard: 'needsImageAge', target: 'askImageAge' },
        { guard: 'needsRegion', target: 'askRegion' },
        { target: 'answer' }
      ]
    },
    askAudience: { meta: { expects: 'audience' }, entry: ask('audience') },
    askAge: { meta: { expects: 'age' }, entry: ask('age') },
    askSituation: { meta: { expects: 'situation' }, entry: ask('situation') },
    askImageAge: {
      meta: { expects: 'yes-no' },
      entry: ask('yes-no'),
      on: {
        YES: { target: 'route', actions: 'rememberImageAge' },
        NO: { target: 'route', actions: 'rememberImageAge' }
      }
    },
    askRegion: { meta: { expects: 'region' }, entry: ask('region') },
    answer: {
      meta: { expects: 'free-text' },
      entry: { type: 'say', params: { key: 'answer' } }
    },
    forgotten: { type: 'final' }
  }
});

export type GuideMachine = typeof guideMachine;
