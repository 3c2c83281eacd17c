// Follow-up questions, recognised in the context of the worry just answered: "will I get in
// trouble at school?" after the sextortion answer is a question about that answer, not a new
// worry. The phrasings live in content/followups/*.yaml (patterns over the normalised text), so a
// content editor can add one; a follow-up counts only where it has an answer for this person.
import { FOLLOW_UPS, type FollowUpId } from '../../dialogs/vocabulary.js';
import type { Content } from '../content/load.js';
import { followUpAnswer, type FollowUpContext } from '../content/followUps.js';

export type FollowUpRecogniser = (normalised: string, context: FollowUpContext) => FollowUpId | undefined;

export function createFollowUpRecogniser(content: Pick<Content, 'conversation'>): FollowUpRecogniser {
  const compiled = FOLLOW_UPS.flatMap((id) => {
    const followUp = content.conversation.followUps.get(id);
    return followUp ? [{ followUp, patterns: followUp.patterns.map((p) => new RegExp(p)) }] : [];
  });
  // The first in FOLLOW_UPS order wins: the narrower questions ("what if I already paid") come first.
  return (normalised, context) =>
    compiled.find(({ followUp, patterns }) => patterns.some((re) => re.test(normalised)) && followUpAnswer(followUp, context) !== undefined)
      ?.followUp.id;
}

/** Does this follow-up have an answer here (for a quick reply pressed, or one to offer)? */
export function followUpApplies(content: Pick<Content, 'conversation'>, id: FollowUpId, context: FollowUpContext): boolean {
  const followUp = content.conversation.followUps.get(id);
  return followUp !== undefined && followUpAnswer(followUp, context) !== undefined;
}
