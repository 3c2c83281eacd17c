// Quick-reply values (the contract in the README, "What every reply carries") and the few fixed commands
// that work at any point: exact, so a button press is never misread.
import type { Slots } from '../../dialogs/events.js';
import {
  AGE_BANDS,
  AUDIENCES,
  COMMAND_VALUES,
  DETAIL_VALUES,
  FOLLOW_UPS,
  REGIONS,
  SAFETY_ANSWERS,
  SITUATIONS,
  type DetailPart,
  type FollowUpId,
  type SafetyAnswer
} from '../../dialogs/vocabulary.js';
import type { Command } from './types.js';

const COMMANDS: Record<string, Command> = Object.fromEntries(
  (Object.entries(COMMAND_VALUES) as [Command, string][]).map(([command, value]) => [value, command])
);

/** Fixed phrases that mean a command wherever they are typed (matched against the lower-cased text: no i flag). */
const COMMAND_PHRASES: [RegExp, Command][] = [
  [/^(start (again|over)|restart|reset|begin again)[.!]*$/, 'restart'],
  [/^(help|what can you do\??|how does this work\??)[.!]*$/, 'help'],
  [/^(delete (this|my|the) chat|forget me|forget (this|everything)|delete everything)[.!]*$/, 'forget'],
  [/^(something else|other|menu|main menu)[.!]*$/, 'menu'],
  [/^(hi|hello|hey|hiya|good (morning|afternoon|evening))[.! ]*$/, 'greeting'],
  [/^(y|yes|yeah|yep|yh|ye)[.!]*$/, 'yes'],
  [/^(n|no|nope|nah)[.!]*$/, 'no'],
  [/^(i'?d rather not say|rather not say|i'?d prefer not to say|prefer not to say|not sure|i'?m not sure|unsure|dunno|i don'?t know|idk|maybe)[.!]*$/, 'unsure']
];

const DETAILS = Object.fromEntries(Object.entries(DETAIL_VALUES).map(([part, value]) => [value, part])) as Record<string, DetailPart>;

/** Every value a quick reply sends: this guide's own words, never a person's. */
export const BUTTON_VALUES: readonly string[] = [
  ...AUDIENCES,
  ...AGE_BANDS,
  ...REGIONS,
  ...SITUATIONS,
  ...Object.values(COMMAND_VALUES),
  ...SAFETY_ANSWERS,
  ...FOLLOW_UPS,
  ...Object.values(DETAIL_VALUES)
];

export function buttonSlots(value: string): Slots | undefined {
  const v = value.trim().toLowerCase();
  if ((AUDIENCES as readonly string[]).includes(v)) return { audience: v as Slots['audience'] };
  if ((AGE_BANDS as readonly string[]).includes(v)) return { ageBand: v as Slots['ageBand'] };
  if ((REGIONS as readonly string[]).includes(v)) return { region: v as Slots['region'] };
  if ((SITUATIONS as readonly string[]).includes(v)) return { situation: v as Slots['situation'] };
  return undefined;
}

/** What a quick reply that is neither a slot nor a command means: a safety answer, a follow-up, a part of the answer. */
export type ButtonMeaning = { safety: SafetyAnswer } | { followUp: FollowUpId } | { detail: DetailPart };

export function buttonMeaning(value: string): ButtonMeaning | undefined {
  const v = value.trim().toLowerCase();
  if ((SAFETY_ANSWERS as readonly string[]).includes(v)) return { safety: v as SafetyAnswer };
  if ((FOLLOW_UPS as readonly string[]).includes(v)) return { followUp: v as FollowUpId };
  return Object.hasOwn(DETAILS, v) ? { detail: DETAILS[v] as DetailPart } : undefined;
}

export function commandOf(text: string): Command | undefined {
  const t = text.trim().toLowerCase();
  // Object.hasOwn: typed text such as "__proto__" must never reach Object.prototype.
  return (Object.hasOwn(COMMANDS, t) ? COMMANDS[t] : undefined) ?? COMMAND_PHRASES.find(([pattern]) => pattern.test(t))?.[1];
}
