// Quick-reply values (the contract in ../shared/design.md) and the few fixed commands
// that work at any point: exact, so a button press is never misread.
import type { Slots } from '../../dialogs/events.js';
import { AGE_BANDS, AUDIENCES, COMMAND_VALUES, REGIONS, SITUATIONS } from '../../dialogs/vocabulary.js';
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
  [/^(n|no|nope|nah)[.!]*$/, 'no']
];

/** Every value a quick reply sends: this guide's own words, never a person's. */
export const BUTTON_VALUES: readonly string[] = [...AUDIENCES, ...AGE_BANDS, ...REGIONS, ...SITUATIONS, ...Object.values(COMMAND_VALUES)];

export function buttonSlots(value: string): Slots | undefined {
  const v = value.trim().toLowerCase();
  if ((AUDIENCES as readonly string[]).includes(v)) return { audience: v as Slots['audience'] };
  if ((AGE_BANDS as readonly string[]).includes(v)) return { ageBand: v as Slots['ageBand'] };
  if ((REGIONS as readonly string[]).includes(v)) return { region: v as Slots['region'] };
  if ((SITUATIONS as readonly string[]).includes(v)) return { situation: v as Slots['situation'] };
  return undefined;
}

export function commandOf(text: string): Command | undefined {
  const t = text.trim().toLowerCase();
  // Object.hasOwn: typed text such as "__proto__" must never reach Object.prototype.
  return (Object.hasOwn(COMMANDS, t) ? COMMANDS[t] : undefined) ?? COMMAND_PHRASES.find(([pattern]) => pattern.test(t))?.[1];
}
