// The fixed vocabulary shared by the dialog, the content and the website contract
// (the README, "What every reply carries"). Values here are part of the public contract: never rename one.

export const AUDIENCES = ['parent', 'young-person', 'professional', 'adult'] as const;
export type Audience = (typeof AUDIENCES)[number];
/** A parent, carer or professional asks about a child, not about themself. */
export const asksAboutAChild = (who: Audience | undefined): boolean => who === 'parent' || who === 'professional';

export const AGE_BANDS = ['under-13', '13-17', '18-plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const REGIONS = ['uk', 'ie', 'us', 'au', 'ca', 'other'] as const;
export type Region = (typeof REGIONS)[number];

/** What the person is worried about. Each has an answer per audience in content/situations/. */
export const SITUATIONS = [
  'sent-image', // I (or my child) sent a nude: what happens now?
  'image-shared', // a nude was shared without consent, or is online
  'received-image', // an unwanted sexual image, cyberflashing, AirDrop
  'pressured', // being pressured to send one
  'sextortion', // threats, or demands for money or more images
  'grooming', // an adult contacting, grooming or trying to meet a child
  'law', // will I / my child be in trouble with the police?
  'talk-to-child', // parents: how to talk to my child
  'school-response', // how schools respond
  'own-thoughts', // worried about my own sexual thoughts about children
  'found-csam', // came across sexual images of children
  'feeling-low' // low, panicking, thinking of self-harm
] as const;
export type SituationId = (typeof SITUATIONS)[number];

/**
 * Worries told by the one who shared someone else's picture, or by their parent ("my son sent
 * round a girl's nudes, will he get a record?"): all answered with the `responsible` answers of
 * content/situations/image-shared.yaml (the act, the law, the school, what to say), never with
 * the words for the one harmed.
 */
export const RESPONSIBLE_SITUATIONS: readonly SituationId[] = ['image-shared', 'law', 'school-response', 'talk-to-child'];
export const RESPONSIBLE_ANSWERS_IN: SituationId = 'image-shared';

/**
 * Kinds of urgent help the safety layer can raise from any point of the conversation, in the order
 * their help is shown when several are raised. Abuse comes before grooming: a child hurt at home
 * ("my stepdad takes pictures of me at night") needs "you deserve to be safe, tell someone today"
 * before grooming's "don't meet them", which is about someone met online.
 */
export const URGENT_KINDS = ['danger', 'self-harm', 'sextortion', 'abuse', 'grooming'] as const;
export type UrgentKind = (typeof URGENT_KINDS)[number];

/** What the bot expects next (channelData.guide.expects). */
export const EXPECTS = ['audience', 'age', 'region', 'situation', 'yes-no', 'free-text'] as const;
export type Expects = (typeof EXPECTS)[number];

/**
 * Quick-reply values of the gentle safety questions (expects 'yes-no'):
 * "Are you safe right now?" and "Is someone threatening you, or asking to meet you?".
 */
export const SAFETY_ANSWERS = ['safe-yes', 'safe-no', 'safe-unsure', 'risk-yes', 'risk-no', 'risk-unsure'] as const;
export type SafetyAnswer = (typeof SAFETY_ANSWERS)[number];

export type SafetyQuestion = 'safe' | 'risk';
export type SafetyReply = 'yes' | 'no' | 'unsure';

/** The question and answer a safety quick-reply value stands for ("safe-no": not safe right now). */
export function safetyAnswerOf(value: SafetyAnswer): { question: SafetyQuestion; answer: SafetyReply } {
  const [question, answer] = value.split('-') as [SafetyQuestion, SafetyReply];
  return { question, answer };
}

/**
 * The questions people ask next, once they have an answer ("will school find out?"). Each has a
 * short answer for the situations it fits in content/followups/. Each id is also the value of the
 * quick reply that asks it, so none may equal another quick-reply value.
 */
export const FOLLOW_UPS = [
  'already-paid',
  'posted-before',
  'view-image',
  'delete-messages',
  'take-phone',
  'private-apps',
  'reported-for-asking',
  'how-to-tell',
  'parents-told',
  'give-name',
  'who-sees',
  'school-find-out',
  'police-record',
  'fake-image',
  'someone-to-talk-to'
] as const;
export type FollowUpId = (typeof FOLLOW_UPS)[number];

/** The parts of an answer that are a tap away, and the values of their quick replies. */
export const DETAIL_VALUES = {
  more: 'tell-me-more',
  steps: 'show-steps',
  law: 'what-the-law-says',
  talk: 'how-to-talk',
  sayToChild: 'what-to-say',
  services: 'more-help'
} as const;
export type DetailPart = keyof typeof DETAIL_VALUES;

/** What people say that is not about their worry: each gets a kind reply and a way back. */
export const ASIDES = ['thanks', 'ok', 'bye', 'swearing', 'offTopic', 'bot', 'language', 'refuse', 'blame', 'callNow', 'whyAsk', 'unanswered', 'forFriend', 'noted'] as const;
export type AsideKind = (typeof ASIDES)[number];

/** Values of the quick replies that are commands rather than slot answers. */
export const COMMAND_VALUES = {
  restart: 'start-again',
  menu: 'something-else',
  help: 'help',
  region: 'not-uk',
  forget: 'delete-chat',
  yes: 'yes',
  no: 'no'
} as const;
