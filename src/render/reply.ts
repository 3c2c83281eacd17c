// Turns what the machine said in one turn into Bot Framework activities, each carrying
// `channelData.guide` (the contract in the README, "What every reply carries"). Words come from content/; which
// quick replies to offer was decided by the dialog (dialogs/offers.ts).
import { AttachmentLayoutTypes, type Activity } from 'botbuilder';
import type { GuideContext, SayParams } from '../../dialogs/guideMachine.js';
import type { Outcome } from '../../dialogs/step.js';
import type { Expects } from '../../dialogs/vocabulary.js';
import type { Content } from '../content/load.js';
import type { WordKey } from '../content/wordKeys.js';
import { messageFor, type Message } from './messages.js';
import { quickReplies } from './quickReplies.js';
import { serviceCards } from './services.js';
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

function guideData(outcome: Outcome, message: Message): GuideChannelData {
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

function toActivity(message: Message, outcome: Outcome, content: Content, now: Date): Partial<Activity> {
  return {
    type: 'message',
    text: message.text,
    textFormat: 'markdown',
    ...(message.services.length > 0 && {
      attachments: serviceCards(message.services, content, now),
      attachmentLayout: AttachmentLayoutTypes.Carousel
    }),
    channelData: { guide: guideData(outcome, message) }
  };
}

/** One activity per `say`, service cards attached to the message that offers them, quick replies on the last. */
export function renderTurn(says: readonly SayParams[], outcome: Outcome, content: Content, now: Date): Partial<Activity>[] {
  const activities = says
    .map((say) => messageFor(say, outcome, content))
    .filter((m) => m.text.length > 0)
    .map((m) => toActivity(m, outcome, content, now));
  const last = activities[activities.length - 1];
  const actions = quickReplies(outcome, content);
  if (last && actions.length > 0) last.suggestedActions = { actions, to: [] };
  return activities;
}

/** A notice from the runtime rather than the dialog, e.g. storage is down: words plus services. */
export function renderNotice(key: WordKey, services: string[], outcome: Outcome, content: Content, now: Date): Partial<Activity> {
  return toActivity({ text: fill(content.words, key, {}, outcome.context.region), urgent: false, services }, outcome, content, now);
}
