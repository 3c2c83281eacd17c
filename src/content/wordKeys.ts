// Every key of content/words.yaml, as a type. `fill(words, key)` takes only a WordKey, so the
// compiler finds a key the code asks for that is not listed here, and the schema
// (src/content/schema.ts) finds a key listed here that words.yaml lacks, or a words.yaml key
// no code can ask for. Keys built from the dialog's vocabulary are listed from that vocabulary.
import {
  AGE_BANDS,
  AUDIENCES,
  COMMAND_VALUES,
  DETAIL_VALUES,
  REGIONS,
  SAFETY_ANSWERS,
  asksAboutAChild,
  type AgeBand,
  type AsideKind,
  type Audience,
  type Region,
  type SafetyAnswer
} from '../../dialogs/vocabulary.js';
import type { LocalisedWord } from './localised.js';

const FIXED_KEYS = [
  'welcome',
  'welcome.danger',
  'restarted',
  'help',
  'greeting',
  'noPictures',
  'piiNote',
  'forgotten',
  'storageDown',
  'turnError',
  'rateLimited',
  'answer.missing',
  'answer.stepsHeading',
  'answer.sayHeading',
  'detail.steps',
  'detail.law',
  'detail.talk',
  'detail.services',
  'detail.missing',
  'service.elsewhere',
  'crisis.reminder',
  'crisis.reminder.carer',
  'crisis.reminder.carer-of-adult',
  'ask.audience',
  'ask.audience.crisis',
  'ask.audience.heard',
  'ask.age',
  'ask.age.parent',
  'ask.situation',
  'ask.imageAge',
  'ask.safe',
  'ask.safe.carer',
  'ask.safe.carer-of-adult',
  'ask.risk',
  'ask.risk.carer',
  'ask.risk.carer-of-adult',
  'ask.risk.self-harm',
  'ask.risk.self-harm.carer',
  'ask.risk.self-harm.carer-of-adult',
  'ask.risk.danger',
  'ask.risk.danger.carer',
  'ask.risk.danger.carer-of-adult',
  'ask.region',
  'notUnderstood.audience',
  'notUnderstood.age',
  'notUnderstood.situation',
  'notUnderstood.yes-no',
  'notUnderstood.region',
  'notUnderstood.candidates',
  'safety.yes',
  'safety.yes.carer',
  'button.safe-yes.carer',
  'safety.no',
  'safety.no.services',
  'safety.unsure',
  'safetyFirst',
  'held',
  'riskNo',
  'card.for',
  'card.phone',
  'card.text',
  'card.textKeyword',
  'card.email',
  'card.cost',
  'card.always',
  'card.anyTime',
  'card.openNow',
  'card.closedNow',
  'card.hoursUnconfirmed',
  'card.hoursUnknown',
  'card.unconfirmed',
  'card.callButton',
  'card.textButton',
  'card.chatButton',
  'card.webButton',
  'site.name',
  'site.title',
  'site.lead',
  'site.privacyLine',
  'site.privacyLink',
  'site.exit',
  'site.exitNote',
  'site.exitTip',
  'site.skipExit',
  'site.noScript',
  'site.noScriptDanger',
  'site.privacyTitle',
  'site.privacyHeading',
  'site.privacyBack',
  'site.privacyClosing',
  'site.privacyPage'
] as const;

type CommandValue = (typeof COMMAND_VALUES)[keyof typeof COMMAND_VALUES];
type DetailValue = (typeof DETAIL_VALUES)[keyof typeof DETAIL_VALUES];
type ButtonValue = CommandValue | DetailValue | SafetyAnswer;

/**
 * Replies that vary with each use ("aside.thanks.1", ".2", ...), and how many variants each has:
 * a person who says thanks twice is not answered with the same words twice.
 */
const VARIANTS = { 'aside.thanks': 3, 'aside.ok': 2, 'aside.bye': 2, 'aside.swearing': 2, 'aside.offTopic': 2, 'aside.bot': 2, 'aside.language': 1, 'aside.refuse': 1, 'aside.blame': 1, 'aside.callNow': 1, 'aside.whyAsk': 1, 'aside.unanswered': 2, 'aside.forFriend': 1, 'aside.noted': 1, 'notUnderstood.free-text': 3 } as const satisfies Record<
  `aside.${AsideKind}` | 'notUnderstood.free-text',
  number
>;
type Varied = keyof typeof VARIANTS;
type VariantKey = `${Varied}.${1 | 2 | 3}`;

export type WordKey =
  | (typeof FIXED_KEYS)[number]
  | VariantKey
  | `audience.${Audience}`
  | `age.${AgeBand}`
  | `childAge.${AgeBand}`
  | `region.${Region}`
  | `button.${ButtonValue}`;

const buttonValues: readonly ButtonValue[] = [...Object.values(COMMAND_VALUES), ...Object.values(DETAIL_VALUES), ...SAFETY_ANSWERS];

/** Every key words.yaml must have, and may have. */
export const WORD_KEYS: readonly WordKey[] = [
  ...FIXED_KEYS,
  ...(Object.entries(VARIANTS) as [Varied, number][]).flatMap(([base, count]) =>
    Array.from({ length: count }, (_, i) => `${base}.${(i + 1) as 1 | 2 | 3}` as const)
  ),
  ...AUDIENCES.map((a) => `audience.${a}` as const),
  ...AGE_BANDS.flatMap((b) => [`age.${b}` as const, `childAge.${b}` as const]),
  ...REGIONS.map((r) => `region.${r}` as const),
  ...buttonValues.map((v) => `button.${v}` as const)
];

/** The key of variant `n` (any whole number) of a varied reply. */
export function variantKey(base: Varied, n: number): WordKey {
  return `${base}.${((Math.abs(Math.trunc(n)) % VARIANTS[base]) + 1) as 1 | 2 | 3}`;
}

/**
 * The label of a quick reply with this value, for the person asking: a parent picks their child's
 * age, and a parent, carer or professional answers "are you and the child safe?" for both.
 */
export function buttonWordKey(value: string, audience?: Audience): WordKey | undefined {
  if ((AUDIENCES as readonly string[]).includes(value)) return `audience.${value as Audience}`;
  if ((AGE_BANDS as readonly string[]).includes(value)) return `${audience === 'parent' ? 'childAge' : 'age'}.${value as AgeBand}`;
  if ((REGIONS as readonly string[]).includes(value)) return `region.${value as Region}`;
  if (value === 'safe-yes' && asksAboutAChild(audience)) return 'button.safe-yes.carer';
  if ((buttonValues as readonly string[]).includes(value)) return `button.${value as ButtonValue}`;
  return undefined;
}

export type Words = Readonly<Record<WordKey, LocalisedWord>>;
