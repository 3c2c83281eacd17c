// Hears one incoming message in the context of the conversation, and turns it into the one event
// the dialog receives. Around the core understanding (index.ts: safety, commands, slots, topic) it
// adds what needs the conversation's context or the guide's own buttons:
//   - a button arrives as its value typed, as its label typed ("I'm a young person"), or as a value
//     alone (messageBack or postBack with no text; the value a string or an object);
//   - after an answer: follow-up questions and parts of the answer asked for in words;
//   - yes, no and "rather not say" in other words, when a yes/no question was asked;
//   - "how do I delete this chat so my parents don't see it" is the delete action;
//   - thanks, goodbye, swearing and off-topic remarks, when nothing else was understood.
// The phrases for these are content (content/understanding/conversation.yaml, read by conversational.ts).
// Like the rest of understanding, it keeps no text: only meanings leave it.
import { MAX_ACTIVITY_TEXT } from '../activityGuard.js';
import type { GuideEvent } from '../../dialogs/events.js';
import {
  AGE_BANDS,
  AUDIENCES,
  COMMAND_VALUES,
  DETAIL_VALUES,
  REGIONS,
  SAFETY_ANSWERS,
  SITUATIONS,
  type DetailPart,
  type FollowUpId,
  type Region,
  type SituationId
} from '../../dialogs/vocabulary.js';
import type { Content } from '../content/load.js';
import { servesRegion } from '../content/routing.js';
import type { Service } from '../content/schema.js';
import { everyText } from '../content/localised.js';
import { buttonWordKey, type WordKey } from '../content/wordKeys.js';
import { BUTTON_VALUES, buttonMeaning } from './buttons.js';
import type { ConversationReader } from './conversational.js';
import { createFollowUpRecogniser, followUpApplies } from './followUps.js';
import { toEvent } from './toEvent.js';
import type { ConversationHint, Understanding, Understood } from './types.js';

/** What of an incoming activity the guide reads: its text, or a button's value sent without text. */
export interface Incoming {
  text?: unknown;
  value?: unknown;
}

export interface Listener {
  hear(incoming: Incoming, hint: ConversationHint): GuideEvent;
}

export interface ListenerOptions {
  /** The same normaliser the safety patterns use (lower case, text-speak spelled out). */
  normalise: (text: string) => string;
  /** The phrases of the conversation around the worry (createUnderstandingParts reads them once). */
  conversational: ConversationReader;
  /** Does the answer in this context have this part (some answers have no "What the law says")? */
  hasPart?: (part: DetailPart, hint: ConversationHint) => boolean;
  /** Longer messages are cut before understanding. */
  maxLength?: number;
}

/** Fields of an object value that name the button, in the order they are tried. */
const VALUE_FIELDS = ['value', 'text', 'action', 'choice', 'id', 'data'];
const KNOWN_VALUES = new Set(BUTTON_VALUES);

/** A button's value sent without text: a string, or an object that names one of our values. */
function valueOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const named = VALUE_FIELDS.map((k) => (Object.hasOwn(record, k) ? record[k] : undefined));
  const own = Object.values(record);
  return [...named, ...own].find((v): v is string => typeof v === 'string' && KNOWN_VALUES.has(v.trim().toLowerCase()));
}

/** Label text compared loosely: case, quotes, punctuation and spacing do not matter. */
const labelKey = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Every button's label, as typed, to its value. A label two buttons share ("No" answers both
 * safety questions) is left to the commands, which mean the question just asked.
 */
function labelsOf(content: Content): Map<string, string> {
  const labels = new Map<string, string>();
  const add = (label: string | undefined, value: string) => {
    const key = label ? labelKey(label) : '';
    if (key && !labels.has(key)) labels.set(key, value);
  };
  // A button's label in every country's words, should one differ.
  const addWord = (key: WordKey, value: string) => everyText(content.words[key]).forEach((label) => add(label, value));
  for (const value of Object.values(COMMAND_VALUES)) addWord(`button.${value}`, value);
  for (const value of Object.values(DETAIL_VALUES)) addWord(`button.${value}`, value);
  for (const value of AUDIENCES) addWord(`audience.${value}`, value);
  for (const value of AGE_BANDS) for (const prefix of ['age', 'childAge'] as const) addWord(`${prefix}.${value}`, value);
  for (const value of REGIONS) addWord(`region.${value}`, value);
  // Each safety answer's labels, for every reader ("Yes, I'm safe", "Yes, we're safe"); a label two
  // answers share ("No") is neither's when typed.
  const safety = SAFETY_ANSWERS.flatMap((value) =>
    AUDIENCES.flatMap((audience) => everyText(content.words[buttonWordKey(value, audience)!]).map((label) => [label, value] as const))
  );
  for (const [label, value] of safety) if (safety.every(([other, v]) => other !== label || v === value)) add(label, value);
  for (const id of SITUATIONS) for (const label of Object.values(content.situations.get(id)?.labels ?? {})) add(label, id);
  for (const followUp of content.conversation.followUps.values()) for (const label of Object.values(followUp.label)) add(label, followUp.id);
  return labels;
}

const NOTHING: Understood = { slots: {}, urgent: [], pii: [], candidates: [] };

/** The guide's questions during which a question about the worry is kept for its answer (dialogs/guideMachine.ts). */
const HOLDING_STATES: readonly string[] = ['askAudience', 'askAge', 'askImageAge', 'askRegion', 'safetyCheck', 'riskCheck'];

/**
 * Is a question about the worry heard now? After its answer; or while one of the guide's questions is
 * open (HOLDING_STATES), and the dialog keeps it for the answer.
 */
const hearsFollowUps = (hint: ConversationHint) => hint.situation !== undefined && (hint.state === 'answer' || HOLDING_STATES.includes(hint.state ?? ''));
/** The person as the hint knows them; before "Who is asking?" is answered, each kind of person in turn. */
const askers = (hint: ConversationHint): ConversationHint[] => (hint.audience !== undefined ? [hint] : AUDIENCES.map((audience) => ({ ...hint, audience })));

/** "He's downstairs" answers the safety questions: not safe; yes, someone is threatening. */
const NEAR_MEANS: Record<string, 'yes' | 'no'> = { safetyCheck: 'no', riskCheck: 'yes' };
/** Worries in which "he's outside" is danger now: someone grooming or blackmailing them is near. */
const NEAR_IS_DANGER: readonly (SituationId | undefined)[] = ['grooming', 'sextortion'];
/**
 * A meeting soon ("he's picking her up tonight") in a conversation about a child: grooming, where
 * someone has already asked for, sent or used pictures; where the one met may be a boyfriend of the
 * same age (a picture sent or shared, a question about it), possible, and the gentle question is asked.
 */
const MEETING_IS_GROOMING: readonly (SituationId | undefined)[] = ['grooming', 'sextortion', 'received-image', 'pressured'];
const MEETING_MAY_BE_GROOMING: readonly (SituationId | undefined)[] = ['sent-image', 'image-shared', 'talk-to-child', 'school-response', 'law'];
/** Worries in which the person (or their child) is the victim of someone else's crime. */
const CRIME_AGAINST_THEM: readonly (SituationId | undefined)[] = ['grooming', 'sextortion'];
/**
 * Grooming that only the conversation shows, as the safety patterns read one message: in a worry
 * about a child's picture, nobody having said they are 18 or over, the other person's adult age ("the
 * guy i sent them to is 25": urgent once the child is known to be under 18) or a meeting soon ("he's
 * picking her up tonight"). Unsure, the gentle question. A message that reads as the child's own age
 * is a correction, not the other person's. The worry stays the one being talked about ("also he'll
 * wait outside my school" is not about the school).
 */
function groomingFromConversation(heard: Understood, normalised: string, hint: ConversationHint, conversational: ConversationReader): void {
  const aChildsPicture = MEETING_IS_GROOMING.includes(hint.situation) || MEETING_MAY_BE_GROOMING.includes(hint.situation);
  if (!aChildsPicture || hint.audience === 'adult' || hint.ageBand === '18-plus') return;
  const adult = heard.slots.ageBand === undefined && conversational.saysOtherIsAdult(normalised, hint.audience !== 'young-person');
  if (!adult && !conversational.saysMeetingSoon(normalised)) return;
  const sure = adult ? hint.ageBand === 'under-13' || hint.ageBand === '13-17' : MEETING_IS_GROOMING.includes(hint.situation);
  const { situation: _told, ...slots } = heard.slots;
  heard.slots = slots;
  if (sure) heard.urgent = ['grooming'];
  else heard.possible = [...new Set([...(heard.possible ?? []), 'grooming' as const])];
}


/**
 * Each service's name, without what is in brackets ("Take It Down (NCMEC)": "take it down"), and its
 * short names ("CEOP"), normalised as messages are, longest first; a service of the person's own
 * country before another's of the same name ("Childline" in Ireland is Childline ISPCC).
 */
function namesOfServices(content: Content, normalise: (text: string) => string): (region: Region | undefined) => (readonly [string, string])[] {
  const all = [...content.services.values()].flatMap((s) =>
    [s.name, s.name.replace(/\s*\(.*\)\s*/g, ' '), ...s.aka].map((name) => ({ name: normalise(name).trim(), service: s }))
  );
  const named = all.filter((n) => n.name.length > 1);
  const cache = new Map<Region | undefined, (readonly [string, string])[]>();
  return (region) => {
    const known = cache.get(region);
    if (known) return known;
    // Before the country is known, the UK's, as everywhere else in the guide ("what is childline").
    const own = (s: Service) => (servesRegion(s, region ?? 'uk') ? 0 : 1);
    const names = [...named].sort((a, b) => b.name.length - a.name.length || own(a.service) - own(b.service)).map((n) => [n.name, n.service.id] as const);
    cache.set(region, names);
    return names;
  };
}

/** Nothing about the worry, and nothing the conversation did not know ("my mum is coming" from a young person). */
const saysNothing = (u: Understood, hint: ConversationHint) =>
  Object.entries(u.slots).every(([slot, value]) => hint[slot as keyof ConversationHint] === value) &&
  u.urgent.length === 0 &&
  !u.command &&
  u.candidates.length === 0 &&
  !u.possible?.length;

export function createListener(understanding: Understanding, content: Content, options: ListenerOptions): Listener {
  const labels = labelsOf(content);
  const recogniseFollowUp = createFollowUpRecogniser(content);
  const hasPart = options.hasPart ?? ((part: DetailPart) => part === 'steps' || part === 'services');
  const maxLength = options.maxLength ?? MAX_ACTIVITY_TEXT;
  const serviceNames = namesOfServices(content, options.normalise);
  const conversational = options.conversational;

  /** Our own button values mean exactly one thing, and carry no risk: no need to read them further. */
  function pressed(value: string, hint: ConversationHint): Understood | undefined {
    const meaning = buttonMeaning(value);
    if (!meaning) return undefined;
    if ('followUp' in meaning && !(hearsFollowUps(hint) && askers(hint).some((h) => followUpApplies(content, meaning.followUp, h)))) return NOTHING;
    return { ...NOTHING, ...meaning };
  }

  /** A question about the worry in the hint's context, or, before "Who is asking?" is answered, in anyone's. */
  function followUpIn(normalised: string, hint: ConversationHint): FollowUpId | undefined {
    return hearsFollowUps(hint) ? askers(hint).map((h) => recogniseFollowUp(normalised, h)).find((id) => id !== undefined) : undefined;
  }

  function inContext(understood: Understood, normalised: string, hint: ConversationHint): Understood {
    // A refused request is answered as that, whatever was asked before it.
    if (understood.refused) return { ...understood, aside: 'refuse' };
    // A question about the answer that names a service ("is ceop going to tell my parents") is that question.
    const followUp = followUpIn(normalised, hint);
    if (understood.urgent.length === 0 && !understood.command && !followUp) {
      const service = conversational.serviceAskedAbout(normalised, serviceNames(hint.region));
      if (service) return { ...NOTHING, pii: understood.pii, service };
    }
    const heard: Understood = { ...understood };
    // "he's outside", said in a conversation about someone grooming or blackmailing them, is danger now.
    const near = conversational.saysSomeoneIsNear(normalised);
    if (near && heard.urgent.length === 0 && hint.expects !== 'yes-no' && NEAR_IS_DANGER.includes(hint.situation)) heard.urgent = ['danger'];
    // "he's not answering", "she's gone out and won't pick up", after self-harm was told, or while a
    // child is groomed or blackmailed: someone at risk is out of reach now, and the emergency number is the help.
    // The one out of reach is someone else ("he", "my son"), and the worry stays the one being talked about.
    // Read only where it can mean something, not on every message.
    const outOfReach = hint.selfHarm ? 'self-harm' : NEAR_IS_DANGER.includes(hint.situation) ? 'danger' : undefined;
    if (outOfReach && heard.urgent.length === 0 && conversational.saysOutOfReach(normalised)) {
      Object.assign(heard, { urgent: [outOfReach], others: [outOfReach], slots: { ...heard.slots, ...(hint.situation && { situation: hint.situation }) } });
    }
    if (heard.urgent.length === 0) groomingFromConversation(heard, normalised, hint, conversational);
    const calm = heard.urgent.length === 0;
    if (calm && !heard.command && hint.expects === 'yes-no' && Object.keys(heard.slots).length === 0) {
      const notMe = hint.state === 'riskCheck' && conversational.saysNotMe(normalised) ? 'no' : undefined;
      const answer = (near ? NEAR_MEANS[hint.state ?? ''] : undefined) ?? notMe ?? conversational.yesNoOf(normalised);
      if (answer) heard.command = answer;
    }
    if (calm && heard.slots.situation === undefined && conversational.asksToDeleteChat(normalised)) heard.command = 'forget';
    if (calm && !heard.command && hint.state !== 'answer') {
      heard.followUp = followUp;
      // "can it be deleted?" before the answer: the answer's steps will say.
      if (!followUp && hearsFollowUps(hint) && conversational.detailAskedFor(normalised) === 'steps') heard.asked = true;
    }
    if (hint.state === 'answer' && hint.situation) {
      const detail = calm && !heard.command ? conversational.detailAskedFor(normalised) : undefined;
      if (detail && hasPart(detail, hint)) heard.detail = detail;
      else heard.followUp = followUp;
      // "is this illegal", asked about grooming or blackmail, is about the other person's crime: the
      // police answer written for them ("you are not the one in trouble"), not the law on sharing pictures.
      const againstThem = calm && !heard.detail && !heard.followUp && heard.slots.situation === 'law' && CRIME_AGAINST_THEM.includes(hint.situation);
      if (againstThem && followUpApplies(content, 'police-record', hint)) heard.followUp = 'police-record';
      // Someone who shared another's picture asking about the law ("will i go to prison") is shown
      // what the law says for them, not their answer's opening again.
      if (calm && hint.responsible && !heard.detail && !heard.followUp && heard.slots.situation === 'law' && hasPart('law', hint)) heard.detail = 'law';
    }
    if (saysNothing(heard, hint) && !heard.followUp && !heard.detail) {
      const aside = heard.foreign ? 'language' : conversational.asideOf(normalised);
      // A question naming the worry already being answered ("what will the school do about it?")
      // asks for its answer again: the steps, not "I don't have a set answer".
      heard.aside = aside === 'unanswered' && heard.slots.situation !== undefined ? undefined : aside;
      // "sorry, she's 16 not 13" (the same age band), "yes we're in the uk": heard, and nothing changes.
      if (!heard.aside && (['audience', 'ageBand', 'region'] as const).some((slot) => heard.slots[slot] !== undefined)) heard.aside = 'noted';
    }
    return heard;
  }

  return {
    hear(incoming, hint) {
      const typed = typeof incoming.text === 'string' ? incoming.text.slice(0, maxLength) : '';
      const raw = typed.trim() ? typed : (valueOf(incoming.value) ?? '');
      const text = labels.get(labelKey(raw)) ?? raw;
      const button = pressed(text, hint);
      if (button) return toEvent(button, hint);
      const understood = understanding.understand(text, hint);
      return toEvent(inContext(understood, options.normalise(text), hint), hint);
    }
  };
}
