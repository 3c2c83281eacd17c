// What the guide remembers about one conversation, and how a message changes it. Pure data:
// slot values and flags from the fixed vocabulary, never anything the person typed.
import type { GuideEvent, Slots } from './events.js';
import { RESPONSIBLE_SITUATIONS, type FollowUpId, type SituationId, type UrgentKind } from './vocabulary.js';

export interface GuideContext extends Slots {
  /** The gentle "I don't need your name" note is given once per conversation. */
  piiNoted: boolean;
  /** The welcome (or, after a lost snapshot, the "let's start again" note) has been given. */
  welcomed: boolean;
  /** The stored conversation could not be read: it opens with a kind restart note, not the welcome. */
  lost?: true;
  /** Self-harm or suicide was disclosed: crisis services stay on every later answer. */
  crisis?: true;
  /**
   * The worry being talked about was disclosed as urgent (blackmail, grooming): a part of it told
   * later ("she sent him one last week") stays with it, rather than swapping its help for a calmer one.
   */
  urgentWorry?: true;
  /** "Are you safe right now?" waits for its answer: nothing else is asked until it has one. */
  safetyOpen?: true;
  /**
   * A message that did not answer the open safety question ("Are you safe right now?", or "Is someone
   * threatening you...?") was met by asking again: the next such is taken as "rather not say".
   */
  safetyPressed?: true;
  /** Possible but unclear risk, waiting for "Is someone threatening you, or asking to meet you?". */
  riskOpen?: UrgentKind[];
  /**
   * Kinds of risk the last disclosure told as someone else's, a friend's: their urgent help, the
   * safety questions and the crisis reminder speak to both of them.
   */
  othersRisk?: UrgentKind[];
  /** Urgent help given before the country was known: given again in their country's words once it is. */
  urgentUnplaced?: UrgentKind[];
  /**
   * The likeliest worries when the worry was unclear: offered when the worry is asked. Beside a
   * worry that was likely but not sure: the runner-up, offered with its first answer.
   */
  maybe?: SituationId[];
  /** Which answer was last given in full (see answerKey), so it is never repeated unasked. */
  shown?: string;
  /** "Were you under 18 in the picture?" was answered "not sure": the answer covers both, and it is not asked again. */
  imageAgeUnsure?: true;
  /**
   * Questions about the worry ("will school find out?") asked while a question of the guide's was
   * open (who is asking, the age, the country, a safety question): answered straight after the answer.
   */
  heldQuestions?: FollowUpId[];
  /** Kind asides given so far (thanks, off-topic, not understood): their words vary with it. */
  asides: number;
}

export interface GuideInput {
  /** The stored conversation could not be read (another machine version, or damaged). */
  lost?: boolean;
  /** Start as if already welcomed (the conversation is under way but its memory is unreachable). */
  welcomed?: boolean;
}

/** Urgent kinds that tell us the situation when the person has not said it otherwise. */
const SITUATION_OF_URGENCY: Partial<Record<UrgentKind, SituationId>> = {
  sextortion: 'sextortion',
  grooming: 'grooming',
  'self-harm': 'feeling-low'
};

/**
 * Calmer worries that, told after an urgent one was disclosed, are part of it: a child groomed who
 * sent or was sent a picture, or was pressured; someone blackmailed who sent the picture or is pressed
 * for more. A picture now posted ("he's put it online") is a new worry: its answer takes it down.
 */
const PART_OF_URGENT_WORRY: Partial<Record<SituationId, readonly SituationId[]>> = {
  grooming: ['sent-image', 'received-image', 'pressured'],
  sextortion: ['sent-image', 'pressured']
};

/** The slots that choose an answer: the same key means the same answer. */
export function answerKey(c: GuideContext): string {
  return [c.situation, c.audience, c.ageBand, c.region ?? 'uk', c.imageUnder18, c.responsible].map((v) => String(v ?? '')).join('|');
}

/**
 * The worries to offer: a new worry brings its runner-up (if it was not sure); the worry being
 * talked about keeps its own; while the worry is unclear, the latest likeliest ones.
 */
function maybeAfter(base: GuideContext, newSituation: SituationId | undefined, candidates: readonly SituationId[]): SituationId[] | undefined {
  const offered = candidates.length > 0 ? [...candidates] : undefined;
  if (newSituation !== undefined) return offered;
  return base.situation !== undefined ? base.maybe : (offered ?? base.maybe);
}

function definedSlots(slots: Slots): Slots {
  return Object.fromEntries(Object.entries(slots).filter(([, v]) => v !== undefined)) as Slots;
}

/** The situation an urgent disclosure names ("he'll post it unless I pay": sextortion). */
export function situationOfUrgency(event: GuideEvent): SituationId | undefined {
  if (event.type !== 'MESSAGE') return undefined;
  return event.slots.situation ?? event.urgent.map((k) => SITUATION_OF_URGENCY[k]).find((s) => s !== undefined);
}

/** The kinds the gentle risk question asks about: "Is someone threatening you, or asking to meet you?" */
export const THREAT_OR_MEETING: readonly UrgentKind[] = ['sextortion', 'grooming'];

/**
 * The context after a message. New slots win at once (corrections: "no, I'm an adult"); a change
 * of who is asking clears the answers that belonged to the old one. With `keepSituation` (a
 * follow-up question), the worry stays the one being talked about.
 */
export function remember(context: GuideContext, event: GuideEvent, keepSituation = false): GuideContext {
  if (event.type !== 'MESSAGE') return context;
  const said = definedSlots(event.slots);
  if (keepSituation) delete said.situation;
  const audienceChanged = said.audience !== undefined && context.audience !== undefined && said.audience !== context.audience;
  const base: GuideContext = audienceChanged ? { ...context, ageBand: undefined, imageUnder18: undefined, imageAgeUnsure: undefined } : context;
  const fromUrgency = keepSituation ? undefined : event.urgent.map((k) => SITUATION_OF_URGENCY[k]).find((s) => s !== undefined);
  const partOfUrgent =
    base.urgentWorry === true && fromUrgency === undefined && said.situation !== undefined && (PART_OF_URGENT_WORRY[base.situation!]?.includes(said.situation) ?? false);
  if (partOfUrgent) delete said.situation;
  const situation = said.situation ?? fromUrgency ?? base.situation;
  const urgentWorry = event.urgent.some((k) => SITUATION_OF_URGENCY[k] === situation) || (situation === base.situation && base.urgentWorry);
  // Having shared someone else's picture stays with the questions about it ("what if it's already
  // everywhere?" reads as the act again); another worry named ("he's threatening me now") is the person's own.
  const named = said.situation !== undefined || fromUrgency !== undefined;
  const responsible = named && !RESPONSIBLE_SITUATIONS.includes(situation!) ? undefined : (said.responsible ?? base.responsible);
  const selfHarm = event.urgent.includes('self-harm');
  // A possible risk is asked about once it is new: not when the worry already being talked about
  // (before this message) is that risk (blackmail, grooming), nor self-harm once the crisis services are
  // with the conversation, nor a threat or a meeting when this very message disclosed one (the question
  // asks just that). A message whose topic reads as grooming still gets the question: the topic says
  // what it is about, not whether someone is threatening or meeting them now.
  const disclosedThreatOrMeeting = event.urgent.some((k) => THREAT_OR_MEETING.includes(k));
  const known = (k: UrgentKind) =>
    SITUATION_OF_URGENCY[k] === base.situation || (k === 'self-harm' && base.crisis === true) || (disclosedThreatOrMeeting && THREAT_OR_MEETING.includes(k));
  // A question already open stays open until answered or told: asked despite the worry's topic, it is
  // not closed by the topic either.
  const stillOpen = (base.riskOpen ?? []).filter((k) => !event.urgent.includes(k) && !(disclosedThreatOrMeeting && THREAT_OR_MEETING.includes(k)));
  const risk = [...new Set([...stillOpen, ...(event.possible ?? []).filter((k) => !event.urgent.includes(k) && !known(k))])];
  const maybe = maybeAfter(base, said.situation ?? fromUrgency, event.candidates);
  const region = said.region ?? base.region;
  const unplaced = region === undefined ? [...new Set([...(base.urgentUnplaced ?? []), ...event.urgent])] : [];
  // Each disclosure says afresh whose risk it is ("...and I feel the same" makes it the writer's too).
  const disclosed = event.urgent.length > 0 || (event.possible?.length ?? 0) > 0;
  const othersRisk = disclosed ? event.others : base.othersRisk;
  return {
    ...base,
    ...said,
    situation,
    responsible,
    // A question held for one worry is not answered for another.
    heldQuestions: situation === base.situation ? base.heldQuestions : undefined,
    maybe,
    riskOpen: risk.length > 0 ? risk : undefined,
    urgentUnplaced: unplaced.length > 0 ? unplaced : undefined,
    othersRisk: othersRisk?.length ? othersRisk : undefined,
    crisis: selfHarm || base.crisis ? true : undefined,
    urgentWorry: urgentWorry ? true : undefined,
    safetyOpen: selfHarm || base.safetyOpen ? true : undefined
  };
}

const COMPARED: readonly (keyof GuideContext)[] = ['audience', 'ageBand', 'region', 'situation', 'imageUnder18', 'responsible', 'maybe', 'riskOpen', 'safetyOpen'];

/** Would this message change what the guide knows? If not, it was not understood. */
export function changes(context: GuideContext, event: GuideEvent): boolean {
  const next = remember(context, event);
  return COMPARED.some((key) => JSON.stringify(next[key]) !== JSON.stringify(context[key]));
}

/** assign() merges, so forgetting must name every field it clears (undefined values are not stored). */
export const FORGET_TOPIC = {
  situation: undefined,
  imageUnder18: undefined,
  imageAgeUnsure: undefined,
  responsible: undefined,
  maybe: undefined,
  shown: undefined,
  heldQuestions: undefined,
  urgentWorry: undefined
} as const;

/**
 * Starting again forgets everything the person said, but not that they disclosed self-harm:
 * the crisis services, and an unanswered "Are you safe right now?", stay with the conversation.
 */
export function startedAgain(context: GuideContext): GuideContext {
  return {
    audience: undefined,
    ageBand: undefined,
    region: undefined,
    ...FORGET_TOPIC,
    riskOpen: undefined,
    lost: undefined,
    piiNoted: false,
    welcomed: true,
    asides: context.asides,
    crisis: context.crisis,
    othersRisk: context.othersRisk,
    safetyOpen: context.safetyOpen
  };
}
