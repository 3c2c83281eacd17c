// Turns what the machine said in one turn into Bot Framework activities, each carrying
// `channelData.guide` (the contract in ../shared/design.md). Words come from content/.
import { AttachmentLayoutTypes, type Activity, type CardAction } from 'botbuilder';
import type { Content } from '../content/load.js';
import type { WordKey } from '../content/wordKeys.js';
import type { GuideContext, SayParams } from '../../dialogs/guideMachine.js';
import { AGE_BANDS, AUDIENCES, COMMAND_VALUES, REGIONS, SITUATIONS, type Expects, type SituationId } from '../../dialogs/vocabulary.js';
import { resolveAnswer } from './answer.js';
import { bullets } from './markdown.js';
import { serviceCards, servicesFor } from './services.js';
import { urgentHelp } from './urgent.js';
import { fill } from './words.js';

export interface GuideChannelData {
  version: 1;
  state: string;
  audience?: GuideContext['audience'];
  ageBand?: GuideContext['ageBand'];
  region?: GuideContext['region'];
  situation?: string;
  urgent: boolean;
  services: string[];
  expects?: Expects;
}

/** Where the dialog ended this turn: enough to render and to fill the guide contract. */
export interface TurnOutcome {
  state: string;
  context: GuideContext;
  expects?: Expects;
}

interface Message {
  text: string;
  urgent: boolean;
  services: string[];
}

type Words = Content['words'];

/** The first reply to a worry: the lead and what to do now. The law, talking and words to say are a tap away. */
function answerText(outcome: TurnOutcome, content: Content): string {
  const answer = resolveAnswer(outcome.context, content);
  if (!answer) return fill(content.words, 'answer.missing');
  const parts = [answer.text];
  if (answer.steps.length > 0) parts.push(`**${fill(content.words, 'answer.stepsHeading')}**\n\n${bullets(answer.steps)}`);
  return parts.join('\n\n');
}

function askText(expects: Exclude<Expects, 'free-text'>, context: GuideContext, words: Words): string {
  if (expects === 'age' && context.audience === 'parent') return fill(words, 'ask.age.parent');
  return fill(words, `ask.${expects}`);
}

function notUnderstoodText(candidates: readonly SituationId[], outcome: TurnOutcome, words: Words): string {
  if (candidates.length > 0) return fill(words, 'notUnderstood.candidates');
  return fill(words, `notUnderstood.${outcome.expects ?? 'free-text'}`);
}

function messageFor(say: SayParams, outcome: TurnOutcome, content: Content): Message {
  const plain = (text: string, services: string[] = []): Message => ({ text, urgent: false, services });
  switch (say.key) {
    case 'urgent':
      return { ...urgentHelp(say.kinds, outcome.context, content), urgent: true };
    case 'ask':
      return plain(askText(say.expects, outcome.context, content.words));
    case 'notUnderstood':
      return plain(notUnderstoodText(say.candidates, outcome, content.words));
    case 'answer':
      return plain(answerText(outcome, content), servicesFor(outcome.context, content));
    case 'noPictures':
      // The removal services for where they live (the UK's until they say otherwise).
      return plain(fill(content.words, 'noPictures'), servicesFor({ ...outcome.context, situation: 'image-shared' }, content).slice(0, 1));
    default:
      return plain(fill(content.words, say.key));
  }
}

function labelled<V extends string>(values: readonly V[], key: (value: V) => WordKey, words: Words): CardAction[] {
  return values.map((value) => ({ type: 'imBack', title: fill(words, key(value)), value }));
}

function situationChoices(ids: readonly SituationId[], context: GuideContext, content: Content): CardAction[] {
  return ids.flatMap((id) => {
    const labels = content.situations.get(id)?.labels;
    const title = (context.audience && labels?.[context.audience]) ?? labels?.['young-person'] ?? labels?.parent;
    return title ? [{ type: 'imBack', title, value: id }] : [];
  });
}

function command(key: keyof typeof COMMAND_VALUES, words: Words): CardAction {
  return { type: 'imBack', title: fill(words, `button.${COMMAND_VALUES[key]}`), value: COMMAND_VALUES[key] };
}

/** The quick replies that answer what the bot expects next. */
export function quickReplies(outcome: TurnOutcome, says: readonly SayParams[], content: Content): CardAction[] {
  const words = content.words;
  const unsure = says.find((s) => s.key === 'notUnderstood' && s.candidates.length > 0);
  const last = says[says.length - 1];
  // The likeliest worries, while the next question is still the worry (or nothing else was asked).
  if (unsure?.key === 'notUnderstood' && (unsure === last || outcome.expects === 'situation')) {
    return [...situationChoices(unsure.candidates, outcome.context, content), command('menu', words)];
  }
  switch (outcome.expects) {
    case 'audience':
      return labelled(AUDIENCES, (v) => `audience.${v}`, words);
    case 'age':
      return labelled(AGE_BANDS, (v) => (outcome.context.audience === 'parent' ? `childAge.${v}` : `age.${v}`), words);
    case 'region':
      return labelled(REGIONS, (v) => `region.${v}`, words);
    case 'yes-no':
      return [command('yes', words), command('no', words)];
    case 'situation': {
      const audience = outcome.context.audience;
      const offered = SITUATIONS.filter((id) => !audience || content.situations.get(id)?.labels[audience]);
      return [...situationChoices(offered, outcome.context, content), command('restart', words)];
    }
    case 'free-text': {
      const region = outcome.context.region;
      const notUk = region === undefined || region === 'uk' ? [command('region', words)] : [];
      return [command('menu', words), ...notUk, command('restart', words), command('forget', words)];
    }
    default:
      return [];
  }
}

function guideData(outcome: TurnOutcome, message: Message): GuideChannelData {
  const { audience, ageBand, region, situation } = outcome.context;
  return {
    version: 1,
    state: outcome.state,
    ...(audience && { audience }),
    ...(ageBand && { ageBand }),
    ...(region && { region }),
    ...(situation && { situation }),
    urgent: message.urgent,
    services: message.services,
    ...(outcome.expects && { expects: outcome.expects })
  };
}

/** When the likeliest worries were just offered, asking "what's worrying you?" again is noise. */
function withoutRepeatedQuestion(says: readonly SayParams[], outcome: TurnOutcome): readonly SayParams[] {
  const offered = says.some((s) => s.key === 'notUnderstood' && s.candidates.length > 0);
  if (!offered || outcome.expects !== 'situation') return says;
  return says.filter((s) => !(s.key === 'ask' && s.expects === 'situation'));
}

function toActivity(message: Message, outcome: TurnOutcome, content: Content, now: Date): Partial<Activity> {
  return {
    type: 'message',
    text: message.text,
    textFormat: 'markdown',
    ...(message.services.length > 0 && {
      attachments: serviceCards(message.services, content, now, outcome.context.region),
      attachmentLayout: AttachmentLayoutTypes.Carousel
    }),
    channelData: { guide: guideData(outcome, message) }
  };
}

/** One activity per `say`, service cards attached to the message that offers them, quick replies on the last. */
export function renderTurn(says: readonly SayParams[], outcome: TurnOutcome, content: Content, now: Date): Partial<Activity>[] {
  const activities = withoutRepeatedQuestion(says, outcome)
    .map((say) => messageFor(say, outcome, content))
    .filter((m) => m.text.length > 0)
    .map((m) => toActivity(m, outcome, content, now));
  const last = activities[activities.length - 1];
  const actions = quickReplies(outcome, says, content);
  if (last && actions.length > 0) last.suggestedActions = { actions, to: [] };
  return activities;
}

/** A notice from the runtime rather than the dialog, e.g. storage is down: words plus services. */
export function renderNotice(key: WordKey, services: string[], outcome: TurnOutcome, content: Content, now: Date): Partial<Activity> {
  return toActivity({ text: fill(content.words, key), urgent: false, services }, outcome, content, now);
}
