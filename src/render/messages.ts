// What each `say` of the dialog becomes: the words (from content/) and the services it offers.
// An answer fits a phone: its lead, at most three steps and at most three service cards; the
// rest ("What the law says", "More places to get help") is a tap away. After a self-harm
// disclosure, every later answer carries the crisis services first.
import type { SayParams } from '../../dialogs/guideMachine.js';
import { THREAT_OR_MEETING } from '../../dialogs/context.js';
import type { Outcome } from '../../dialogs/step.js';
import { asksAboutAChild, type AsideKind, type DetailPart, type SituationId, type UrgentKind } from '../../dialogs/vocabulary.js';
import { variantKey, type WordKey } from '../content/wordKeys.js';
import { followUpAnswer, servicesIn, textIn } from '../content/followUps.js';
import type { Content } from '../content/load.js';
import { resolveAnswer, type ResolvedAnswer } from './answer.js';
import { bullets } from './markdown.js';
import { servicesFor } from './services.js';
import { servesRegion } from '../content/routing.js';
import { isAboutAnAdult, urgentHelp, urgentServices } from './urgent.js';
import { fill } from './words.js';

export interface Message {
  text: string;
  urgent: boolean;
  services: string[];
}

/** A first answer on a phone: what to do now, no more. */
export const MAX_STEPS = 3;
export const MAX_CARDS = 3;
/** A follow-up reply is shorter still. */
const MAX_FOLLOW_UP_CARDS = 2;

/** An answer's parts. `law` and `talk` are a tap away where content has them. */
export type AnswerParts = ResolvedAnswer;

/** A lead paragraph shorter than this ("Here's the honest answer.") is joined by the next. */
const SHORTEST_LEAD = 100;
/** A lead this short is shown whole: content keeps leads to a few sentences (content:check). */
const WHOLE_LEAD = 460;

/**
 * An answer's lead. A short one is shown whole; a long one gives its first paragraph, what
 * matters most, and the rest is a tap away ("Tell me more"), so that on a phone the first step
 * and the first service card are on screen. A paragraph that introduces a list (ends with ":")
 * keeps its list.
 */
export function splitLead(text: string): { lead: string; rest: string } {
  if (text.length <= WHOLE_LEAD) return { lead: text.trim(), rest: '' };
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  let taken = 0;
  let lead = '';
  while (taken < paragraphs.length && (taken === 0 || lead.length < SHORTEST_LEAD || lead.endsWith(':'))) {
    lead = lead ? `${lead}\n\n${paragraphs[taken]}` : (paragraphs[taken] ?? '');
    taken++;
  }
  return { lead, rest: paragraphs.slice(taken).join('\n\n') };
}

export function answerParts(outcome: Pick<Outcome, 'context'>, content: Content): AnswerParts | undefined {
  return resolveAnswer(outcome.context, content);
}

/** Does the answer here have this part, so that a button for it can be offered? */
export function hasPart(part: DetailPart, outcome: Pick<Outcome, 'context'>, content: Content): boolean {
  const answer = answerParts(outcome, content);
  if (!answer) return false;
  switch (part) {
    case 'steps':
      return answer.steps.length > 0;
    case 'services':
      return servicesFor(outcome.context, content).length > MAX_CARDS;
    case 'sayToChild':
      return answer.sayToChild.length > 0;
    case 'more':
      return splitLead(answer.text).rest.length > 0;
    default:
      return Boolean(answer[part]?.trim());
  }
}

const plain = (text: string, services: string[] = []): Message => ({ text, urgent: false, services });
/** A word in the person's country's words, where they differ (content/words.yaml). */
const word = (words: Content['words'], key: WordKey, outcome: Outcome) => fill(words, key, {}, outcome.context.region);
const heading = (words: Content['words'], key: WordKey, body: string, outcome: Outcome) => `**${word(words, key, outcome)}**\n\n${body}`;

/**
 * The version of a question or reminder for who asks: a parent, carer or professional is asked about
 * "the child" too, or about "them" once they have said the person is 18 or over; someone who told of
 * a friend's risk (`kind`) about "either of you", in those same words.
 */
type AskedOfCarers = 'crisis.reminder' | 'ask.safe' | 'ask.risk' | 'ask.risk.self-harm' | 'ask.risk.danger';
function forAsker(key: AskedOfCarers, context: Outcome['context'], kind: UrgentKind): WordKey {
  if (isAboutAnAdult(context)) return `${key}.carer-of-adult`;
  if (asksAboutAChild(context.audience)) return `${key}.carer`;
  return context.othersRisk?.includes(kind) ? `${key}.carer-of-adult` : key;
}

/** The crisis services stay first on every answer once self-harm was disclosed; the answer's own follow. */
function withCrisis(message: Message, outcome: Outcome, content: Content): Message {
  if (!outcome.context.crisis) return message;
  const crisis = urgentServices('self-harm', outcome.context, content);
  const services = [...crisis, ...message.services.filter((id) => !crisis.includes(id))];
  const reminder = word(content.words, forAsker('crisis.reminder', outcome.context, 'self-harm'), outcome);
  return { ...message, text: `${reminder}\n\n${message.text}`, services };
}

function answerMessage(outcome: Outcome, content: Content): Message {
  const answer = answerParts(outcome, content);
  const services = servicesFor(outcome.context, content).slice(0, MAX_CARDS);
  if (!answer) return plain(word(content.words, 'answer.missing', outcome), services);
  const steps = answer.steps.slice(0, MAX_STEPS);
  const { lead } = splitLead(answer.text);
  const parts = [lead];
  if (steps.length > 0) parts.push(heading(content.words, 'answer.stepsHeading', bullets(steps), outcome));
  return plain(parts.join('\n\n'), services);
}

function detailMessage(part: DetailPart, outcome: Outcome, content: Content): Message {
  const answer = answerParts(outcome, content);
  const all = servicesFor(outcome.context, content);
  const words = content.words;
  const missing = plain(word(words, 'detail.missing', outcome), all.slice(0, MAX_CARDS));
  if (!answer || !hasPart(part, outcome, content)) return missing;
  switch (part) {
    case 'more':
      return plain(splitLead(answer.text).rest);
    case 'steps':
      return plain(heading(words, 'detail.steps', bullets(answer.steps), outcome), all.slice(0, MAX_CARDS));
    case 'services':
      return plain(word(words, 'detail.services', outcome), all.slice(MAX_CARDS));
    case 'sayToChild':
      return plain(heading(words, 'answer.sayHeading', bullets(answer.sayToChild.map((s) => `"${s}"`)), outcome));
    case 'law':
      return plain(heading(words, 'detail.law', answer.law?.trim() ?? '', outcome));
    case 'talk':
      return plain(heading(words, 'detail.talk', answer.talk?.trim() ?? '', outcome));
  }
}

function followUpMessage(id: Extract<SayParams, { key: 'followUp' }>['id'], outcome: Outcome, content: Content): Message {
  const followUp = content.conversation.followUps.get(id);
  const answer = followUp && followUpAnswer(followUp, outcome.context);
  if (!answer) return plain(word(content.words, 'detail.missing', outcome), servicesFor(outcome.context, content).slice(0, MAX_CARDS));
  const region = outcome.context.region;
  return plain(textIn(answer.text, region), servicesIn(answer.services, region).slice(0, MAX_FOLLOW_UP_CARDS));
}

/**
 * The gentle question fits the risk it is about, worded so that "yes" means help is needed: a threat
 * or a meeting, thoughts of self-harm, or danger. A parent, carer or professional is asked about the
 * child too, not only about themself.
 */
function riskQuestion(context: Outcome['context']): WordKey {
  const open = context.riskOpen ?? [];
  const threat = open.find((k) => THREAT_OR_MEETING.includes(k));
  if (threat) return forAsker('ask.risk', context, threat);
  return open.includes('self-harm') ? forAsker('ask.risk.self-harm', context, 'self-harm') : forAsker('ask.risk.danger', context, 'danger');
}

function askText(question: Extract<SayParams, { key: 'ask' }>['question'], outcome: Outcome, words: Content['words']): string {
  const { context } = outcome;
  switch (question) {
    case 'audience':
      // Once a worry is known (they may have just said it), the question says it was heard.
      if (context.situation && context.situation !== 'feeling-low') return word(words, 'ask.audience.heard', outcome);
      return word(words, context.crisis ? 'ask.audience.crisis' : 'ask.audience', outcome);
    case 'age':
      return word(words, context.audience === 'parent' ? 'ask.age.parent' : 'ask.age', outcome);
    case 'situation':
      return word(words, context.maybe?.length ? 'notUnderstood.candidates' : 'ask.situation', outcome);
    case 'imageAge':
      return word(words, 'ask.imageAge', outcome);
    case 'region':
      return word(words, 'ask.region', outcome);
    case 'safe':
      return word(words, forAsker('ask.safe', context, 'self-harm'), outcome);
    case 'risk':
      return word(words, riskQuestion(context), outcome);
  }
}

function notUnderstoodText(candidates: readonly SituationId[], variant: number, outcome: Outcome, words: Content['words']): string {
  if (candidates.length > 0 && outcome.state === 'answer') return word(words, 'notUnderstood.candidates', outcome);
  const expects = outcome.expects ?? 'free-text';
  return word(words, expects === 'free-text' ? variantKey('notUnderstood.free-text', variant) : `notUnderstood.${expects}`, outcome);
}

/** The crisis services, for "no, I'm not safe" and "I'd rather not say". */
function safetyMessage(answer: 'yes' | 'no' | 'unsure', outcome: Outcome, content: Content): Message {
  const crisis = urgentServices('self-harm', outcome.context, content);
  if (answer === 'no') {
    // What to do now names the person's own emergency number; the line about the services below is the same almost everywhere.
    const text = `${word(content.words, 'safety.no', outcome).trimEnd()}\n\n${word(content.words, 'safety.no.services', outcome)}`;
    return { text, urgent: true, services: crisis };
  }
  const both = asksAboutAChild(outcome.context.audience) || outcome.context.othersRisk?.includes('self-harm');
  if (answer === 'yes') return plain(word(content.words, both ? 'safety.yes.carer' : 'safety.yes', outcome));
  return plain(word(content.words, 'safety.unsure', outcome), crisis);
}

/**
 * "What is CEOP?": what the service does and who it is for, with its card (numbers, hours). A
 * service of another country than the person's is not described as theirs.
 */
function serviceMessage(id: string, outcome: Outcome, content: Content): Message {
  const service = content.services.get(id);
  const region = outcome.context.region;
  if (!service || (region !== undefined && !servesRegion(service, region))) return plain(word(content.words, 'service.elsewhere', outcome));
  // A fact no source settles is left to the card, which shows it with its caveat.
  const does = service.does.unconfirmed ? [] : [service.does.value];
  const forWhom = service.for.unconfirmed ? [] : [`It's for ${service.for.value.charAt(0).toLowerCase()}${service.for.value.slice(1)}`];
  return plain([`**${service.name}**:`, ...does, ...forWhom].join(' '), [id]);
}

/**
 * Thanks, goodbye, "are you a bot?"... A question with no set answer here, asked once the answer is
 * shown, comes with the answer's first services, who can answer it; before that, the question open
 * is asked again and its answer will bring them.
 */
function asideMessage(kind: AsideKind, variant: number, outcome: Outcome, content: Content): Message {
  const text = word(content.words, variantKey(`aside.${kind}`, variant), outcome);
  if (kind !== 'unanswered' || outcome.state !== 'answer') return plain(text);
  return withCrisis(plain(text, servicesFor(outcome.context, content).slice(0, MAX_FOLLOW_UP_CARDS)), outcome, content);
}

export function messageFor(say: SayParams, outcome: Outcome, content: Content): Message {
  const words = content.words;
  switch (say.key) {
    case 'urgent':
      return { ...urgentHelp(say.kinds, outcome.context, content), urgent: true };
    case 'ask':
      return plain(askText(say.question, outcome, words));
    case 'notUnderstood':
      return plain(notUnderstoodText(say.candidates, say.variant, outcome, words));
    case 'aside':
      return asideMessage(say.kind, say.variant, outcome, content);
    case 'answer':
      return withCrisis(answerMessage(outcome, content), outcome, content);
    case 'detail':
      return withCrisis(detailMessage(say.part, outcome, content), outcome, content);
    case 'followUp':
      return withCrisis(followUpMessage(say.id, outcome, content), outcome, content);
    case 'safety':
      return safetyMessage(say.answer, outcome, content);
    case 'welcome':
      // The danger line names the person's own emergency number once they have said where they live.
      return plain(`${word(words, 'welcome', outcome).trimEnd()}\n\n${word(words, 'welcome.danger', outcome)}`);
    case 'service':
      return serviceMessage(say.id, outcome, content);
    case 'noPictures':
      return plain(word(words, 'noPictures', outcome), servicesIn(content.conversation.replies.noPictures, outcome.context.region));
    default:
      return plain(word(words, say.key, outcome));
  }
}
