// Every follow-up answer a person can reach after one worry, in one country: what its text says there
// and which services it offers. The tests that guard who reads what (adults, parents of adults) share it.
import { followUpAnswer, servicesIn, textIn, type FollowUpContext } from '../../src/content/followUps.js';
import type { Region } from '../../dialogs/vocabulary.js';
import { content } from './botHarness.js';

export interface ReachedFollowUp {
  id: string;
  text: string;
  services: string[];
}

export function followUpsReached(context: FollowUpContext & { region: Region }): ReachedFollowUp[] {
  return [...content().conversation.followUps.values()].flatMap((followUp) => {
    const answer = followUpAnswer(followUp, context);
    return answer ? [{ id: followUp.id, text: textIn(answer.text, context.region), services: servicesIn(answer.services, context.region) }] : [];
  });
}
