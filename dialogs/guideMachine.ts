// The guide's whole conversation as an XState v5 machine: pure, no I/O, no user text.
//
// It is a slot-filling dialog. Every message may fill several slots at once (who is asking, an
// age band, a region, the worry); the transient `route` state then goes to the first question
// still open, or to the answer. So a first message that says enough gets its answer at once,
// nothing is asked twice, and an answer already given is never repeated unasked.
//
// The conversation's policy lives here and nowhere else:
// - urgent help first, from any state, before the welcome and before any question;
// - after a self-harm disclosure, "Are you safe right now?" before anything else is asked;
// - possible but unclear risk gets one gentle question ("Is someone threatening you...?");
// - the welcome (or, when a stored chat was lost, a kind restart note) comes once;
// - after an answer, follow-up questions get short replies of their own, and the rest of the
//   answer ("What the law says", "More places to get help") is a tap away;
// - which quick replies each state offers: dialogs/offers.ts.
//
// The machine never speaks: its `say` actions name content keys, which the bot renders from
// content/ (src/render/). One turn is one xstate `transition()` (dialogs/step.ts).
import { and, assign, enqueueActions, not, setup } from 'xstate';
import {
  FORGET_TOPIC,
  answerKey,
  changes,
  remember,
  situationOfUrgency,
  startedAgain,
  type GuideContext,
  type GuideInput
} from './context.js';
import type { GuideEvent } from './events.js';
import type { AsideKind, DetailPart, Expects, FollowUpId, SafetyReply, SituationId, UrgentKind } from './vocabulary.js';

export type { GuideContext } from './context.js';

/** Bump when a change would misread snapshots saved by the previous version (src/bot/dialogState.ts). */
export const GUIDE_MACHINE_VERSION = 2;

/** The questions the guide asks. `safe` and `risk` are the safety questions. */
export type Question = 'audience' | 'age' | 'situation' | 'imageAge' | 'region' | 'safe' | 'risk';

/** What the machine asks the bot to say. `key` names content; the renderer finds the words. */
export type SayParams =
  | { key: 'welcome' | 'restarted' | 'help' | 'greeting' | 'noPictures' | 'piiNote' | 'forgotten' | 'answer' }
  /** A question about the worry was asked before its answer: it will be answered straight after. */
  | { key: 'held' }
  | { key: 'ask'; question: Question }
  | { key: 'urgent'; kinds: UrgentKind[] }
  | { key: 'notUnderstood'; candidates: SituationId[]; variant: number }
  | { key: 'aside'; kind: AsideKind; variant: number }
  | { key: 'followUp'; id: FollowUpId }
  | { key: 'service'; id: string }
  | { key: 'detail'; part: DetailPart }
  /** The reply to "Are you safe right now?" (or "I'm safe now" later). */
  | { key: 'safety'; answer: SafetyReply }
  /** Something other than an answer while "Are you safe right now?" waits. */
  | { key: 'safetyFirst' }
  /** "No" to "Is someone threatening you, or asking to meet you?". */
  | { key: 'riskNo' };

export interface GuideStateMeta {
  expects: Expects;
}

const say = (params: SayParams) => ({ type: 'say' as const, params });
const ask = (question: Question) => say({ key: 'ask', question });
const isMessage = (e: GuideEvent): e is Extract<GuideEvent, { type: 'MESSAGE' }> => e.type === 'MESSAGE';
/** Worries about the person's own picture, whose removal services differ at 18. */
const OWN_PICTURE: readonly SituationId[] = ['sent-image', 'image-shared'];

/**
 * A question about the worry typed while the guide asks who, how old or where ("can it be taken off
 * snapchat?" at "Where do you live?") is kept and answered with the answer, never met with "Sorry,
 * I didn't get that"; the guide says so unless the message also answered its question. Urgent help
 * still comes first (the machine's own MESSAGE handler).
 */
const holdQuestion = (slot?: 'audience' | 'ageBand' | 'region') =>
  [
    { guard: and(['asksAhead', { type: 'answers', params: { slot } }]), target: 'route', actions: ['notePiiOnce', 'rememberCorrections', 'holdQuestion'] },
    { guard: 'asksAhead', target: 'route', actions: ['notePiiOnce', 'rememberCorrections', 'holdQuestion', say({ key: 'held' })] }
  ] as const;

export const guideMachine = setup({
  types: {
    context: {} as GuideContext,
    events: {} as GuideEvent,
    input: {} as GuideInput,
    meta: {} as GuideStateMeta
  },
  actions: {
    /** Executed by the bot's renderer, never here: the machine only names what to say. */
    say: (_: unknown, _params: SayParams) => {},
    /** The welcome once per conversation; a conversation whose stored state was lost is told so instead. */
    welcomeOnce: enqueueActions(({ context, enqueue }) => {
      if (context.welcomed) return;
      enqueue(say({ key: context.lost ? 'restarted' : 'welcome' }));
      enqueue.assign({ welcomed: true, lost: undefined });
    }),
    /** Identifying details are never kept; the user is told once that the guide does not need them. */
    notePiiOnce: enqueueActions(({ context, event, enqueue }) => {
      if (!isMessage(event) || !event.pii || context.piiNoted) return;
      enqueue(say({ key: 'piiNote' }));
      enqueue.assign({ piiNoted: true });
    }),
    sayUrgent: enqueueActions(({ event, enqueue }) => {
      if (isMessage(event)) enqueue(say({ key: 'urgent', kinds: event.urgent }));
    }),
    /**
     * Urgent help given before the country was known (in the UK's words, "or your local emergency
     * number"), now in their own country's (rendered with the new context). The UK's needs no repeat.
     */
    sayUrgentForCountry: enqueueActions(({ context, event, enqueue }) => {
      const region = isMessage(event) ? event.slots.region : undefined;
      if (region === undefined || region === 'uk' || context.region !== undefined || !context.urgentUnplaced?.length) return;
      const again = context.urgentUnplaced.filter((k) => !(isMessage(event) && event.urgent.includes(k)));
      if (again.length > 0) enqueue(say({ key: 'urgent', kinds: again }));
    }),
    sayRiskHelp: enqueueActions(({ context, enqueue }) => {
      if (context.riskOpen?.length) enqueue(say({ key: 'urgent', kinds: context.riskOpen }));
    }),
    sayNotUnderstood: enqueueActions(({ context, event, enqueue }) => {
      enqueue(say({ key: 'notUnderstood', candidates: isMessage(event) ? event.candidates : [], variant: context.asides }));
      enqueue.assign({ asides: context.asides + 1 });
    }),
    sayAside: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ASIDE') return;
      enqueue(say({ key: 'aside', kind: event.kind, variant: context.asides }));
      enqueue.assign({ asides: context.asides + 1 });
    }),
    sayFollowUp: enqueueActions(({ event, enqueue }) => {
      if (isMessage(event) && event.followUp) enqueue(say({ key: 'followUp', id: event.followUp }));
    }),
    /** A question asked while one of the guide's was open is kept (each once), to be answered after the answer. */
    holdQuestion: enqueueActions(({ context, event, enqueue }) => {
      const asked = isMessage(event) ? event.followUp : undefined;
      if (asked && !context.heldQuestions?.includes(asked)) enqueue.assign({ heldQuestions: [...(context.heldQuestions ?? []), asked] });
    }),
    /** With the answer: the questions held for it, in the order asked. */
    sayHeldQuestions: enqueueActions(({ context, enqueue }) => {
      for (const id of context.heldQuestions ?? []) enqueue(say({ key: 'followUp', id }));
      enqueue.assign({ heldQuestions: undefined });
    }),
    sayService: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'SERVICE') enqueue(say({ key: 'service', id: event.id }));
    }),
    sayDetail: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'DETAIL') enqueue(say({ key: 'detail', part: event.part }));
    }),
    saySafety: enqueueActions(({ event, enqueue }) => {
      const answer: SafetyReply = event.type === 'SAFETY' ? event.answer : event.type === 'NO' ? 'no' : event.type === 'UNSURE' ? 'unsure' : 'yes';
      enqueue(say({ key: 'safety', answer }));
    }),
    /** The full answer, once for what is known; asked again only by "Show the steps again". */
    showAnswer: enqueueActions(({ context, enqueue }) => {
      enqueue(say({ key: 'answer' }));
      enqueue.assign({ shown: answerKey(context) });
    }),
    rememberSlots: assign(({ context, event }) => remember(context, event)),
    rememberCorrections: assign(({ context, event }) => remember(context, event, true)),
    /** A question about the worry ("will school find out?") keeps the worry; anything else may name a new one. */
    rememberAsked: assign(({ context, event }) => remember(context, event, isMessage(event) && event.followUp !== undefined)),
    rememberImageAge: assign(({ event }) => ({ imageUnder18: event.type === 'YES' })),
    unsureOfImageAge: assign({ imageAgeUnsure: true as const }),
    closeSafety: assign({ safetyOpen: undefined, safetyPressed: undefined }),
    pressForSafety: assign({ safetyPressed: true as const }),
    markCrisis: assign({ crisis: true as const }),
    closeRisk: assign({ riskOpen: undefined, safetyPressed: undefined }),
    forgetTopic: assign(FORGET_TOPIC),
    forgetRegion: assign({ region: undefined, shown: undefined }),
    startAgain: assign(({ context }) => startedAgain(context)),
    forgetEverything: assign(() => ({ ...startedAgain({ piiNoted: false, welcomed: true, asides: 0 }), welcomed: false }))
  },
  guards: {
    welcomed: ({ context }) => context.welcomed,
    isUrgent: ({ event }) => isMessage(event) && event.urgent.length > 0,
    raisesSafetyCheck: ({ event }) => isMessage(event) && event.urgent.includes('self-harm'),
    changesSomething: ({ context, event }) => changes(context, event),
    /**
     * A worry whose answer was last given in full, named again ("will school find out?" read as the
     * school's response, after that answer) with nothing that changes the answer or opens a question:
     * its steps are shown again. Else the answer, never repeated unasked, would be met with silence.
     */
    restatesWorry: ({ context, event }) => {
      if (!isMessage(event) || event.urgent.length > 0 || event.slots.situation === undefined) return false;
      const next = remember(context, event);
      return answerKey(next) === context.shown && (next.riskOpen?.length ?? 0) === (context.riskOpen?.length ?? 0);
    },
    /** A follow-up question about the worry being talked about (urgency naming another worry moves there). */
    asksFollowUp: ({ context, event }) => {
      if (!isMessage(event) || !event.followUp) return false;
      const named = event.urgent.length > 0 ? situationOfUrgency(event) : undefined;
      return named === undefined || named === context.situation;
    },
    /** A question about the worry while one of the guide's questions is open ("will school find out?" when the country is asked). */
    asksAhead: ({ event }) => isMessage(event) && (event.followUp !== undefined || event.asked === true) && event.urgent.length === 0,
    /** The message answers the question open ("we're in the UK, will school find out?" when the country is asked). */
    answers: ({ event }, { slot }: { slot?: 'audience' | 'ageBand' | 'region' }) => isMessage(event) && slot !== undefined && event.slots[slot] !== undefined,
    saysNotSafe: ({ event }) => event.type === 'SAFETY' && event.question === 'safe' && event.answer === 'no',
    answersSafety: ({ event }) => event.type === 'SAFETY' && event.question === 'safe',
    answersRiskYes: ({ event }) => event.type === 'SAFETY' && event.question === 'risk' && event.answer !== 'no',
    answersRiskNo: ({ event }) => event.type === 'SAFETY' && event.question === 'risk' && event.answer === 'no',
    safetyOpen: ({ context }) => context.safetyOpen === true,
    pressedForSafety: ({ context }) => context.safetyPressed === true,
    riskOpen: ({ context }) => (context.riskOpen?.length ?? 0) > 0,
    needsAudience: ({ context }) => context.audience === undefined,
    // A parent is asked their child's age (an 18-year-old "child" needs adults' help). A young
    // person is asked theirs only when their own picture is the worry: the services that take it
    // down differ at 18 (Report Remove for under-18s; StopNCII and the Revenge Porn Helpline for
    // adults), and "young person" can mean 19 as well as 14. Elsewhere their help is children's.
    // Someone worried about their own thoughts about a child is never asked "How old is your child?":
    // the child is rarely theirs, and the help is the same whatever its age.
    needsAge: ({ context }) =>
      context.ageBand === undefined &&
      ((context.audience === 'parent' && context.situation !== 'own-thoughts') ||
        (context.audience === 'young-person' && context.situation !== undefined && OWN_PICTURE.includes(context.situation))),
    needsSituation: ({ context }) => context.situation === undefined,
    // Not of someone who shared another person's picture: the picture is not of them.
    needsImageAge: ({ context }) =>
      context.audience === 'adult' &&
      context.situation === 'image-shared' &&
      context.imageUnder18 === undefined &&
      !context.imageAgeUnsure &&
      !context.responsible,
    // Every answer names a country's services and law, so the country is asked before it.
    needsRegion: ({ context }) => context.region === undefined && context.situation !== undefined,
    answerShown: ({ context }) => context.shown === answerKey(context)
  }
}).createMachine({
  id: 'guide',
  context: ({ input }) => ({ piiNoted: false, welcomed: input?.welcomed ?? false, asides: 0, ...(input?.lost && { lost: true as const }) }),
  initial: 'start',
  // Handled the same way from every state, so no state can trap a frightened user. Everything
  // goes back through `route`, which asks the open question again or stays with the answer.
  on: {
    OPEN: { guard: not('welcomed'), target: '.route', actions: 'welcomeOnce' },
    MESSAGE: [
      { guard: 'isUrgent', target: '.route', actions: ['sayUrgent', 'welcomeOnce', 'notePiiOnce', 'rememberSlots'] },
      { guard: 'restatesWorry', target: '.route', actions: ['notePiiOnce', 'rememberSlots', say({ key: 'detail', part: 'steps' })] },
      { guard: 'changesSomething', target: '.route', actions: ['welcomeOnce', 'notePiiOnce', 'sayUrgentForCountry', 'rememberSlots'] },
      // A first message nothing could be made of answered no question: the welcome and the first
      // question follow, with no "Sorry, I didn't get that".
      { guard: not('welcomed'), target: '.route', actions: ['welcomeOnce', 'notePiiOnce'] },
      { target: '.route', actions: ['welcomeOnce', 'notePiiOnce', 'sayNotUnderstood'] }
    ],
    GREETING: [
      { guard: not('welcomed'), target: '.route', actions: 'welcomeOnce' },
      { target: '.route', actions: say({ key: 'greeting' }) }
    ],
    HELP: { target: '.route', actions: ['welcomeOnce', say({ key: 'help' })] },
    ATTACHMENT: { target: '.route', actions: ['welcomeOnce', say({ key: 'noPictures' })] },
    ASIDE: { target: '.route', actions: ['welcomeOnce', 'sayAside'] },
    // A question about a service is answered wherever it is asked; the question open stays open.
    SERVICE: { target: '.route', actions: ['welcomeOnce', 'sayService'] },
    RESTART: { target: '.route', actions: ['startAgain', say({ key: 'restarted' })] },
    MENU: { target: '.route', actions: ['welcomeOnce', 'forgetTopic'] },
    ASK_REGION: [
      { guard: 'safetyOpen', target: '.route', actions: 'welcomeOnce' },
      { target: '.askRegion', actions: ['welcomeOnce', 'forgetRegion'] }
    ],
    YES: { target: '.route', actions: ['welcomeOnce', 'sayNotUnderstood'] },
    NO: { target: '.route', actions: ['welcomeOnce', 'sayNotUnderstood'] },
    UNSURE: { target: '.route', actions: ['welcomeOnce', 'sayNotUnderstood'] },
    SAFETY: [
      // "No, I'm not safe" is heard wherever its button is pressed.
      { guard: 'saysNotSafe', target: '.notSafe', actions: ['welcomeOnce', 'closeSafety', 'markCrisis', 'saySafety'] },
      { guard: 'answersSafety', target: '.route', actions: ['welcomeOnce', 'closeSafety', 'saySafety'] },
      { target: '.route', actions: ['welcomeOnce', 'sayNotUnderstood'] }
    ],
    DETAIL: { target: '.route', actions: ['welcomeOnce', 'sayNotUnderstood'] },
    FORGET: { target: '.forgotten', actions: ['forgetEverything', say({ key: 'forgotten' })] }
  },
  states: {
    /** Before the first event: nothing has been said yet. */
    start: {},
    route: {
      always: [
        { guard: 'safetyOpen', target: 'safetyCheck' },
        { guard: 'riskOpen', target: 'riskCheck' },
        { guard: 'needsAudience', target: 'askAudience' },
        { guard: 'needsAge', target: 'askAge' },
        { guard: 'needsSituation', target: 'askSituation' },
        { guard: 'needsImageAge', target: 'askImageAge' },
        { guard: 'needsRegion', target: 'askRegion' },
        { guard: 'answerShown', target: 'answer' },
        { target: 'answer', actions: 'showAnswer' }
      ]
    },
    askAudience: { meta: { expects: 'audience' }, entry: ask('audience'), on: { MESSAGE: holdQuestion('audience') } },
    askAge: { meta: { expects: 'age' }, entry: ask('age'), on: { MESSAGE: holdQuestion('ageBand') } },
    askSituation: { meta: { expects: 'situation' }, entry: ask('situation') },
    askImageAge: {
      meta: { expects: 'yes-no' },
      entry: ask('imageAge'),
      on: {
        YES: { target: 'route', actions: 'rememberImageAge' },
        NO: { target: 'route', actions: 'rememberImageAge' },
        // "I don't know" (an old picture): the answer names the help for both, rather than asking again.
        UNSURE: { target: 'route', actions: 'unsureOfImageAge' },
        MESSAGE: holdQuestion()
      }
    },
    askRegion: { meta: { expects: 'region' }, entry: ask('region'), on: { MESSAGE: holdQuestion('region') } },
    /** "Are you safe right now?": asked after a self-harm disclosure, and nothing else until it is answered. */
    safetyCheck: {
      meta: { expects: 'yes-no' },
      entry: ask('safe'),
      on: {
        YES: { target: 'route', actions: ['closeSafety', 'saySafety'] },
        UNSURE: { target: 'route', actions: ['closeSafety', 'saySafety'] },
        NO: { target: 'notSafe', actions: ['closeSafety', 'saySafety'] },
        MESSAGE: [
          // Asked once more; a second message that does not answer it ("he's with me now, what do I
          // do first") is taken as "rather not say": the crisis services, and the conversation goes on.
          // Nobody is held at a question they cannot or will not answer.
          {
            guard: and([not('isUrgent'), 'pressedForSafety']),
            target: 'route',
            actions: ['notePiiOnce', 'rememberAsked', 'holdQuestion', 'closeSafety', say({ key: 'safety', answer: 'unsure' })]
          },
          { guard: not('isUrgent'), target: 'route', actions: ['notePiiOnce', 'rememberAsked', 'holdQuestion', 'pressForSafety', say({ key: 'safetyFirst' })] }
        ]
      }
    },
    /** They said they are not safe: crisis help was given; no question follows until they write again. */
    notSafe: {
      meta: { expects: 'free-text' },
      on: { YES: { target: 'route', actions: 'saySafety' } }
    },
    /** "Is someone threatening you, or asking to meet you?": "yes" or "rather not say" gives urgent help. */
    riskCheck: {
      meta: { expects: 'yes-no' },
      entry: ask('risk'),
      on: {
        YES: { target: 'route', actions: ['sayRiskHelp', 'closeRisk'] },
        UNSURE: { target: 'route', actions: ['sayRiskHelp', 'closeRisk'] },
        NO: { target: 'route', actions: ['closeRisk', say({ key: 'riskNo' })] },
        SAFETY: [
          { guard: 'answersRiskYes', target: 'route', actions: ['sayRiskHelp', 'closeRisk'] },
          { guard: 'answersRiskNo', target: 'route', actions: ['closeRisk', say({ key: 'riskNo' })] }
        ],
        MESSAGE: [
          // Moving on without answering is allowed: the question is gentle, never a gate.
          {
            guard: and([not('isUrgent'), not('asksAhead'), 'changesSomething', not('restatesWorry')]),
            target: 'route',
            actions: ['closeRisk', 'notePiiOnce', 'rememberSlots']
          },
          // Asked once more, like "Are you safe right now?": a question about the worry ("what can the
          // guards do?") is kept for the answer, and help for a threat nobody named is not given
          // unasked. A second message that does not answer it is not a "no" either: like "rather not
          // say", it gets the help, never "please tap yes or no" while someone may be at risk.
          {
            guard: and([not('isUrgent'), 'pressedForSafety']),
            target: 'route',
            actions: ['notePiiOnce', 'rememberCorrections', 'holdQuestion', 'sayRiskHelp', 'closeRisk']
          },
          { guard: not('isUrgent'), target: 'route', actions: ['notePiiOnce', 'rememberCorrections', 'holdQuestion', 'pressForSafety', say({ key: 'safetyFirst' })] }
        ]
      }
    },
    answer: {
      meta: { expects: 'free-text' },
      entry: 'sayHeldQuestions',
      on: {
        MESSAGE: [
          // A question about this worry gets its own short reply; corrections still count at once.
          {
            guard: and(['isUrgent', not('raisesSafetyCheck'), 'asksFollowUp']),
            target: 'route',
            actions: ['sayUrgent', 'notePiiOnce', 'rememberCorrections', 'sayFollowUp']
          },
          { guard: and([not('isUrgent'), 'asksFollowUp']), target: 'route', actions: ['notePiiOnce', 'rememberCorrections', 'sayFollowUp'] }
        ],
        DETAIL: { actions: 'sayDetail' }
      }
    },
    forgotten: { type: 'final' }
  }
});

export type GuideMachine = typeof guideMachine;
