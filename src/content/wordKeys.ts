// Every key of content/words.yaml, as a type. `fill(words, key)` takes only a WordKey, so the
// compiler finds a key the code asks for that is not listed here, and the schema
// (src/content/schema.ts) finds a key listed here that words.yaml lacks, or a words.yaml key
// no code can ask for. Keys built from the dialog's vocabulary are listed from that vocabulary.
import {
  AGE_BANDS,
  AUDIENCES,
  COMMAND_VALUES,
  EXPECTS,
  REGIONS,
  type AgeBand,
  type Audience,
  type Expects,
  type Region
} from '../../dialogs/vocabulary.js';

const FIXED_KEYS = [
  'welcome',
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
  'answer.lawHeading',
  'answer.talkHeading',
  'answer.sayHeading',
  'answer.moreHelp',
  'ask.age.parent',
  'notUnderstood.candidates',
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
type Asked = Exclude<Expects, 'free-text'>;

export type WordKey =
  | (typeof FIXED_KEYS)[number]
  | `ask.${Asked}`
  | `notUnderstood.${Expects}`
  | `audience.${Audience}`
  | `age.${AgeBand}`
  | `childAge.${AgeBand}`
  | `region.${Region}`
  | `button.${CommandValue}`;

const asked = EXPECTS.filter((e): e is Asked => e !== 'free-text');

/** Every key words.yaml must have, and may have. */
export const WORD_KEYS: readonly WordKey[] = [
  ...FIXED_KEYS,
  ...asked.map((e) => `ask.${e}` as const),
  ...EXPECTS.map((e) => `notUnderstood.${e}` as const),
  ...AUDIENCES.map((a) => `audience.${a}` as const),
  ...AGE_BANDS.flatMap((b) => [`age.${b}` as const, `childAge.${b}` as const]),
  ...REGIONS.map((r) => `region.${r}` as const),
  ...Object.values(COMMAND_VALUES).map((v) => `button.${v}` as const)
];

export type Words = Readonly<Record<WordKey, string>>;
