// What understanding returns for one message: meanings only. The text itself goes no
// further than the understanding call: it is never stored, logged or sent anywhere.
import type { Slots } from '../../dialogs/events.js';
import type {
  AgeBand,
  AsideKind,
  Audience,
  DetailPart,
  Expects,
  FollowUpId,
  Region,
  SafetyAnswer,
  SituationId,
  UrgentKind
} from '../../dialogs/vocabulary.js';

export type Command = 'restart' | 'help' | 'menu' | 'forget' | 'yes' | 'no' | 'unsure' | 'greeting' | 'region';

/** Kinds of identifying detail that are recognised (and then dropped). */
export type PiiKind = 'name' | 'phone' | 'email' | 'address' | 'postcode' | 'school' | 'handle';

export interface Understood {
  slots: Slots;
  /** From the safety layer (always wins) plus anything the classifier adds. */
  urgent: UrgentKind[];
  /** Risk that is possible but unclear: asked about gently, never assumed. */
  possible?: UrgentKind[];
  /** Mostly in a language the guide cannot read: it says it reads only English. */
  foreign?: true;
  /** A question about one service ("what is CEOP?"): its content id. */
  service?: string;
  /** A request the guide refuses (someone else's nudes, a threat, pictures of children): it says so. */
  refused?: true;
  /** Kinds of risk the message tells as someone else's, a friend's: urgent help speaks to both of them. */
  others?: UrgentKind[];
  command?: Command;
  pii: PiiKind[];
  /**
   * Likeliest situations when the classifier is unsure: offered back as a clarifying question.
   * Beside a situation it was not sure of: the runner-up, offered as a button after the answer.
   */
  candidates: SituationId[];
  /** A follow-up question about the worry: after its answer, or while the guide asks something before it. */
  followUp?: FollowUpId;
  /** In the context of an answer: a part of it asked for ("show the steps again"). */
  detail?: DetailPart;
  /** Before the answer: a question the answer itself answers ("can it be deleted?"). */
  asked?: true;
  /** Thanks, goodbye, swearing, off-topic: nothing about the worry. */
  aside?: AsideKind;
  /** A safety question's quick reply ("safe-no"). */
  safety?: SafetyAnswer;
}

export interface UnderstandingHint {
  /** What the bot asked for last: "yes" means something only after a yes/no question. */
  expects?: Expects;
  /** Who the conversation already knows is asking: a parent's "she's 12" is their child's age. */
  audience?: Audience;
  /** The country the conversation already knows: words that only suggest another never replace it. */
  region?: Region;
}

/** Where the conversation is, for understanding a message in its context. Slot values only. */
export interface ConversationHint extends UnderstandingHint {
  state?: string;
  situation?: SituationId;
  ageBand?: AgeBand;
  region?: Region;
  /** The person, or their child, shared someone else's picture: follow-ups answer them as that. */
  responsible?: true;
  /** Self-harm was told or is being asked about: someone out of reach now is an emergency. */
  selfHarm?: true;
}

export interface Understanding {
  understand(text: string, hint: UnderstandingHint): Understood;
}
