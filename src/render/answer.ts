// The answer to a situation, resolved for the person's context (who is asking, country):
// the one place that picks an answer's words from content/situations/.
import type { Content } from '../content/load.js';
import type { GuideContext } from '../../dialogs/guideMachine.js';

/** An answer as the person will see it: every word already chosen for their context. */
export interface ResolvedAnswer {
  /** The lead: what matters most, in a few short sentences (markdown). */
  text: string;
  /** What to do now. */
  steps: string[];
  /** Parents: words to say to their child. */
  sayToChild: string[];
  /** A note about the person's country that comes before the answer (outside the UK). */
  regionNote?: string;
}

/** The answer for the person's situation, or undefined when content has none. */
export function resolveAnswer(context: GuideContext, content: Content): ResolvedAnswer | undefined {
  const { situation: id, audience, region } = context;
  const situation = id ? content.situations.get(id) : undefined;
  if (!situation) return undefined;
  const answer = (audience && situation.answers[audience]) ?? situation.answers.parent ?? situation.answers['young-person'];
  if (!answer) return undefined;
  const note = region && region !== 'uk' ? situation.regionNotes[region]?.trim() : undefined;
  return {
    text: answer.text.trim(),
    steps: [...answer.steps],
    sayToChild: [...answer.sayToChild],
    ...(note && { regionNote: note })
  };
}
