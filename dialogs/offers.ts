// Which quick replies the guide offers at the end of a turn: part of the dialog's policy, so it
// lives beside the machine. A question always comes with the buttons that answer it; an answer
// comes with the rest of itself a tap away, a few follow-up questions, and the ways out.
// The renderer turns each offer into buttons, dropping what content cannot back (an answer
// with no "What the law says" part gets no such button).
import type { GuideContext } from './context.js';
import type { SayParams } from './guideMachine.js';
import {
  AGE_BANDS,
  AUDIENCES,
  COMMAND_VALUES,
  DETAIL_VALUES,
  REGIONS,
  SAFETY_ANSWERS,
  type DetailPart,
  type FollowUpId,
  type SituationId
} from './vocabulary.js';

export type Offer =
  /** Fixed quick-reply values (audience, age, region, yes/no, safety answers, commands, details). */
  | { kind: 'values'; values: readonly string[] }
  /** Worries: the menu for who is asking, or just these likeliest ones. */
  | { kind: 'situations'; ids?: readonly SituationId[] }
  /** The follow-up questions content offers after this answer, except one just answered. */
  | { kind: 'followUps'; except?: FollowUpId };

const values = (list: readonly string[]): Offer => ({ kind: 'values', values: list });
const SAFE = SAFETY_ANSWERS.filter((v) => v.startsWith('safe-'));
const RISK = SAFETY_ANSWERS.filter((v) => v.startsWith('risk-'));
/** The parts of an answer offered after it, in this order; the steps only once they are out of sight. */
const ANSWER_PARTS: readonly DetailPart[] = ['law', 'talk', 'sayToChild', 'services'];

function waysOut(context: GuideContext): Offer {
  const notUk = context.region === undefined || context.region === 'uk' ? [COMMAND_VALUES.region] : [];
  return values([COMMAND_VALUES.menu, ...notUk, COMMAND_VALUES.forget]);
}

function afterAnswer(context: GuideContext, last: SayParams | undefined): Offer[] {
  if (last?.key === 'notUnderstood' && last.candidates.length > 0) {
    return [{ kind: 'situations', ids: last.candidates }, values([COMMAND_VALUES.menu])];
  }
  if (last?.key === 'followUp') {
    return [{ kind: 'followUps', except: last.id }, values([DETAIL_VALUES.steps]), waysOut(context)];
  }
  const shownPart = last?.key === 'detail' ? last.part : undefined;
  const parts = shownPart ? [...ANSWER_PARTS.filter((p) => p !== shownPart), ...(shownPart === 'steps' ? [] : (['steps'] as const))] : ANSWER_PARTS;
  return [values(parts.map((p) => DETAIL_VALUES[p])), { kind: 'followUps' }, waysOut(context)];
}

/** The quick replies for where the dialog rests (`state`), given what was said this turn. */
export function offersFor(state: string, context: GuideContext, says: readonly SayParams[]): Offer[] {
  switch (state) {
    case 'askAudience':
      return [values(AUDIENCES)];
    case 'askAge':
      return [values(AGE_BANDS)];
    case 'askSituation':
      return context.maybe?.length
        ? [{ kind: 'situations', ids: context.maybe }, values([COMMAND_VALUES.menu])]
        : [{ kind: 'situations' }, values([COMMAND_VALUES.restart])];
    case 'askImageAge':
      return [values([COMMAND_VALUES.yes, COMMAND_VALUES.no])];
    case 'askRegion':
      return [values(REGIONS)];
    case 'safetyCheck':
      return [values(SAFE)];
    case 'riskCheck':
      return [values(RISK)];
    case 'notSafe':
      return [values(['safe-yes', COMMAND_VALUES.menu, COMMAND_VALUES.forget])];
    case 'answer':
      return afterAnswer(context, says[says.length - 1]);
    default:
      return [];
  }
}
