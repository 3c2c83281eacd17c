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
  /**
   * Fixed quick-reply values (audience, age, region, yes/no, safety answers, commands, parts of the
   * answer), in order; with `max`, only that many of those content can back.
   */
  | { kind: 'values'; values: readonly string[]; max?: number }
  /** Worries: the menu for who is asking, or just these likeliest ones. */
  | { kind: 'situations'; ids?: readonly SituationId[] }
  /** The follow-up questions content offers after this answer, except one just answered. */
  | { kind: 'followUps'; except?: FollowUpId; max: number };

const values = (list: readonly string[], max?: number): Offer => ({ kind: 'values', values: list, ...(max !== undefined && { max }) });
const SAFE = SAFETY_ANSWERS.filter((v) => v.startsWith('safe-'));
const RISK = SAFETY_ANSWERS.filter((v) => v.startsWith('risk-'));
/** The parts of an answer offered after it, most useful first; the steps again once out of sight. */
const ANSWER_PARTS: readonly DetailPart[] = ['more', 'sayToChild', 'law', 'talk', 'services'];

/**
 * After an answer, few buttons: on a phone they stack one per row under the answer, and each row
 * takes room from its first step and first service card. So a first answer gets three: a part of
 * it, a follow-up question, and "I'm not in the UK" while the country is unknown (every word must
 * be their country's; else "Something else"). Later replies get four, with "Something else".
 * "Delete this chat" is always there by typing it, and as "Exit this page" on the website.
 */
function afterAnswer(context: GuideContext, last: SayParams | undefined): Offer[] {
  if (last?.key === 'notUnderstood' && last.candidates.length > 0) {
    return [{ kind: 'situations', ids: last.candidates }, values([COMMAND_VALUES.menu])];
  }
  const countryUnsaid = context.region === undefined || context.region === 'uk';
  const ways = values([COMMAND_VALUES.menu, ...(countryUnsaid ? [COMMAND_VALUES.region] : [])]);
  if (last?.key === 'followUp') {
    return [{ kind: 'followUps', except: last.id, max: 1 }, values([DETAIL_VALUES.steps]), ways];
  }
  const shownPart = last?.key === 'detail' ? last.part : undefined;
  const parts = [...ANSWER_PARTS.filter((p) => p !== shownPart), ...(shownPart ? (['steps'] as const) : [])].filter((p) => p !== shownPart);
  if (last?.key === 'answer') {
    const third = countryUnsaid ? COMMAND_VALUES.region : COMMAND_VALUES.menu;
    // A worry the message may have been about instead comes first, in place of a follow-up question:
    // if the answer missed, the right one is a tap away.
    const instead = context.maybe?.filter((id) => id !== context.situation).slice(0, 1) ?? [];
    const part = values(parts.map((p) => DETAIL_VALUES[p]), 1);
    const first: Offer[] = instead.length > 0 ? [{ kind: 'situations', ids: instead }, part] : [part, { kind: 'followUps', max: 1 }];
    return [...first, values([third])];
  }
  return [values(parts.map((p) => DETAIL_VALUES[p]), countryUnsaid ? 1 : 2), { kind: 'followUps', max: 1 }, ways];
}

/** The quick replies for where the dialog rests (`state`), given what was said this turn. */
export function offersFor(state: string, context: GuideContext, says: readonly SayParams[]): Offer[] {
  // Urgent help given before the country is known names the UK's numbers: one tap brings the
  // person's own country's help at once, whatever is asked next.
  const notUk = context.region === undefined && says.some((s) => s.key === 'urgent') ? [values([COMMAND_VALUES.region])] : [];
  switch (state) {
    case 'askAudience':
      return [values(AUDIENCES), ...notUk];
    case 'askAge':
      return [values(AGE_BANDS), ...notUk];
    case 'askSituation':
      return context.maybe?.length
        ? [{ kind: 'situations', ids: context.maybe }, values([COMMAND_VALUES.menu]), ...notUk]
        : [{ kind: 'situations' }, values([COMMAND_VALUES.restart]), ...notUk];
    case 'askImageAge':
      return [values([COMMAND_VALUES.yes, COMMAND_VALUES.no])];
    case 'askRegion':
      return [values(REGIONS)];
    case 'safetyCheck':
      return [values(SAFE)];
    case 'riskCheck':
      return [values(RISK)];
    case 'notSafe':
      // The crisis help names the UK's numbers until the country is known: theirs is one tap away.
      return [values(['safe-yes', ...(context.region === undefined ? [COMMAND_VALUES.region] : []), COMMAND_VALUES.menu, COMMAND_VALUES.forget])];
    case 'answer':
      return afterAnswer(context, says[says.length - 1]);
    default:
      return [];
  }
}
