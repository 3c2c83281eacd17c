// The answer to a situation, resolved for the person's context (who is asking, their age band,
// their country): the one place that picks an answer's words from content/situations/.
import type { Content } from '../content/load.js';
import { inRegion, linesIn } from '../content/localised.js';
import type { Answer, Situation } from '../content/schema.js';
import type { GuideContext } from '../../dialogs/guideMachine.js';
import { RESPONSIBLE_ANSWERS_IN, RESPONSIBLE_SITUATIONS } from '../../dialogs/vocabulary.js';
import { isAboutAnAdult, isAdultForThemself } from './urgent.js';

/**
 * An answer as the person will see it: every word already chosen for their region (the UK's
 * until they say otherwise). The first reply is `text` and `steps`; the rest is a tap away.
 */
export interface ResolvedAnswer {
  /** The lead: what matters most, in a few short sentences (markdown). */
  text: string;
  /** What to do now: at most three. */
  steps: string[];
  /** "What the law says". */
  law?: string;
  /** "How to talk about it". */
  talk?: string;
  /** Parents: "What to say to your child". */
  sayToChild: string[];
}

/**
 * Whose answer this person reads: a young person who is 18 or over reads the adults' answer, and a
 * parent or professional asking about someone 18 or over the answer about an adult, where the
 * situation has one (own-thoughts and found-csam give a parent the adults' answer already).
 */
function answerFor(context: GuideContext, answers: Situation['answers']): Answer | undefined {
  const grownUp = isAdultForThemself(context) ? answers.adult : isAboutAnAdult(context) ? answers['about-an-adult'] : undefined;
  const own = context.audience ? answers[context.audience] : undefined;
  return grownUp ?? own ?? answers.parent ?? answers['young-person'];
}

/** Someone who shared another person's picture (or whose child did) reads the answer for that, where there is one. */
function answerOf(context: GuideContext, situation: Situation, content: Content): Answer | undefined {
  const forThem = context.responsible && RESPONSIBLE_SITUATIONS.includes(situation.id) ? content.situations.get(RESPONSIBLE_ANSWERS_IN)?.responsible : undefined;
  return (forThem && answerFor(context, forThem)) ?? answerFor(context, situation.answers);
}

/** The answer for the person's situation, or undefined when content has none. */
export function resolveAnswer(context: GuideContext, content: Content): ResolvedAnswer | undefined {
  const situation = context.situation ? content.situations.get(context.situation) : undefined;
  const answer = situation && answerOf(context, situation, content);
  if (!answer) return undefined;
  const region = context.region;
  const section = (value: Answer['law']) => (value === undefined ? undefined : inRegion(value, region)?.trim());
  const law = section(answer.law);
  const talk = section(answer.talk);
  return {
    text: inRegion(answer.text, region)?.trim() ?? '',
    steps: linesIn(answer.steps, region),
    ...(law && { law }),
    ...(talk && { talk }),
    // "What to say to your child" is a parent's: a professional reading the answer about an adult
    // is not offered a mother's or father's words.
    sayToChild: context.audience === 'parent' ? linesIn(answer.sayToChild, region) : []
  };
}
