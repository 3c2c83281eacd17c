// The dialog's offers (dialogs/offers.ts) as quick-reply buttons, with their words from content/.
// A button whose content is missing here (no "What the law says" for this answer, no fourth
// service for "More places to get help") is left out rather than shown to fail.
import type { CardAction } from 'botbuilder';
import type { Outcome } from '../../dialogs/step.js';
import { DETAIL_VALUES, FOLLOW_UPS, SITUATIONS, type DetailPart, type SituationId } from '../../dialogs/vocabulary.js';
import { buttonWordKey } from '../content/wordKeys.js';
import type { Content } from '../content/load.js';
import { followUpApplies } from '../understanding/followUps.js';
import { hasPart } from './messages.js';
import { fill } from './words.js';


const PARTS = Object.fromEntries(Object.entries(DETAIL_VALUES).map(([part, value]) => [value, part])) as Record<string, DetailPart>;

/**
 * A worry is offered only to those it has words for: a young person is never shown "How do I talk to
 * my child?", nor a parent "I'm worried about my own sexual thoughts", however likely it was.
 */
function situationButtons(ids: readonly SituationId[] | undefined, outcome: Outcome, content: Content): CardAction[] {
  const audience = outcome.context.audience;
  const offered = (ids ?? SITUATIONS).filter((id) => !audience || content.situations.get(id)?.labels[audience]);
  return offered.flatMap((id) => {
    const labels = content.situations.get(id)?.labels;
    const title = (audience && labels?.[audience]) ?? labels?.['young-person'] ?? labels?.parent;
    return title ? [{ type: 'imBack', title, value: id }] : [];
  });
}

function followUpButtons(except: string | undefined, max: number, outcome: Outcome, content: Content): CardAction[] {
  const { situation, audience, responsible } = outcome.context;
  // The questions offered after a worry are those of the one harmed ("Will school find out?").
  if (!situation || !audience || responsible) return [];
  return FOLLOW_UPS.flatMap((id) => {
    const followUp = content.conversation.followUps.get(id);
    const title = followUp?.label[audience];
    const offered = followUp?.suggestAfter.includes(situation) && id !== except && followUpApplies(content, id, outcome.context);
    return title && offered ? [{ type: 'imBack', title, value: id }] : [];
  }).slice(0, max);
}

function valueButtons(values: readonly string[], max: number | undefined, outcome: Outcome, content: Content): CardAction[] {
  return values
    .filter((value) => !(value in PARTS) || hasPart(PARTS[value] as DetailPart, outcome, content))
    .slice(0, max)
    .map((value) => {
      const key = buttonWordKey(value, outcome.context.audience);
      return { type: 'imBack', title: key ? fill(content.words, key, {}, outcome.context.region) : value, value };
    });
}

/** The quick replies for the end of a turn. */
export function quickReplies(outcome: Outcome, content: Content): CardAction[] {
  return outcome.offers.flatMap((offer) => {
    switch (offer.kind) {
      case 'values':
        return valueButtons(offer.values, offer.max, outcome, content);
      case 'situations':
        return situationButtons(offer.ids, outcome, content);
      case 'followUps':
        return followUpButtons(offer.except, offer.max, outcome, content);
    }
  });
}
