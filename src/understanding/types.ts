// What understanding returns for one message: meanings only. The text itself goes no
// further than the understanding call: it is never stored, logged or sent anywhere.
import type { Slots } from '../../dialogs/events.js';
import type { Audience, Expects, SituationId, UrgentKind } from '../../dialogs/vocabulary.js';

export type Command = 'restart' | 'help' | 'menu' | 'forget' | 'yes' | 'no' | 'greeting' | 'region';

/** Kinds of identifying detail that are recognised (and then dropped). */
export type PiiKind = 'name' | 'phone' | 'email' | 'address' | 'postcode' | 'school' | 'handle';

export interface Understood {
  slots: Slots;
  /** From the safety layer (always wins) plus anything the classifier adds. */
  urgent: UrgentKind[];
  /** Kinds of risk the message suggests without showing them clearly: the guide asks gently. */
  possible: UrgentKind[];
  command?: Command;
  pii: PiiKind[];
  /** Likeliest situations when the classifier is unsure: offered back as a clarifying question. */
  candidates: SituationId[];
}

export interface UnderstandingHint {
  /** What the bot asked for last: "yes" means something only after a yes/no question. */
  expects?: Expects;
  /** Who the conversation already knows is asking: a parent's "she's 12" is their child's age. */
  audience?: Audience;
}

export interface Understanding {
  understand(text: string, hint: UnderstandingHint): Understood;
}
