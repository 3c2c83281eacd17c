// The events the guide machine understands. The bot turns each incoming activity into
// exactly one of these; they carry meanings (slots), never the user's words.
import type {
  AgeBand,
  AsideKind,
  Audience,
  DetailPart,
  FollowUpId,
  Region,
  SafetyQuestion,
  SafetyReply,
  SituationId,
  UrgentKind
} from './vocabulary.js';

/** What the user told us that the dialog can use. Every field is optional. */
export interface Slots {
  audience?: Audience;
  ageBand?: AgeBand;
  region?: Region;
  situation?: SituationId;
  /** For an adult whose own image was shared: were they under 18 in the image? */
  imageUnder18?: boolean;
  /**
   * The person asking, or their child, is the one who shared, posted or made someone else's
   * picture: they are answered as the one responsible, never as the one harmed.
   */
  responsible?: true;
}

export type GuideEvent =
  /** A message: button press or free text, as understood. Empty slots + no urgency = not understood. */
  | {
      type: 'MESSAGE';
      slots: Slots;
      urgent: UrgentKind[];
      /** The message held identifying details (a name, number, school...), which were not kept. */
      pii: boolean;
      /**
       * When unsure: the likeliest situations, offered back as a clarifying question. Beside a
       * situation that was likely but not sure: the runner-up, offered after the answer.
       */
      candidates: SituationId[];
      /**
       * Risk that is possible but unclear (say, a young person and "he wants to meet" without an
       * age): the dialog asks one gentle safety question, and gives urgent help on "yes".
       */
      possible?: UrgentKind[];
      /** Kinds of risk told as someone else's ("my best friend says she'll kill herself"): help speaks to both of them. */
      others?: UrgentKind[];
      /**
       * A question about the worry ("will school find out?"), recognised in its context: after the
       * answer it is answered at once; before it, kept and answered with it.
       */
      followUp?: FollowUpId;
      /** Before the answer: a question the answer itself will answer ("can it be deleted?"). */
      asked?: true;
    }
  /** The website opened the conversation (a member joined). */
  | { type: 'OPEN' }
  | { type: 'GREETING' }
  | { type: 'YES' }
  | { type: 'NO' }
  /** "I'd rather not say", "not sure": an answer to a yes/no question too. */
  | { type: 'UNSURE' }
  /** A safety question's own quick reply ("safe-no"), wherever it is pressed. */
  | { type: 'SAFETY'; question: SafetyQuestion; answer: SafetyReply }
  /** "What the law says", "Show the steps again": a part of the answer that is a tap away. */
  | { type: 'DETAIL'; part: DetailPart }
  /** Thanks, goodbye, swearing, an off-topic question, "are you a bot?". */
  | { type: 'ASIDE'; kind: AsideKind }
  | { type: 'RESTART' }
  | { type: 'HELP' }
  /** "Something else": back to the topic menu, keeping who is asking. */
  | { type: 'MENU' }
  /** "What is CEOP?", "is Childline free?": a question about one service (its content id). */
  | { type: 'SERVICE'; id: string }
  /** "I'm not in the UK": choose a country or region. */
  | { type: 'ASK_REGION' }
  /** "Delete this chat" / "forget me": the conversation ends and is deleted. */
  | { type: 'FORGET' }
  /** The user sent a file or picture. It was not opened. */
  | { type: 'ATTACHMENT' };

export type GuideEventType = GuideEvent['type'];
