// The words.yaml keys the dialog's replies use, in one table, so `npm run content:check` can
// check that every one exists (src/content/quality.ts, "words") and the renderer never builds a
// key by hand. Keys with variants ("aside.thanks.1", ".2", ...) vary with each use.
import { AGE_BANDS, ASIDES, AUDIENCES, COMMAND_VALUES, DETAIL_VALUES, EXPECTS, REGIONS, SAFETY_ANSWERS } from '../../dialogs/vocabulary.js';

/** How many variants each varied reply has in words.yaml. */
export const VARIANTS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(ASIDES.map((kind) => [`aside.${kind}`, 2])),
  'aside.thanks': 3,
  'notUnderstood.free-text': 3
};

/** The key of variant `n` (any whole number) of a varied reply. */
export function variantKey(base: string, n: number): string {
  const count = VARIANTS[base] ?? 1;
  return `${base}.${(Math.abs(Math.trunc(n)) % count) + 1}`;
}

/** The label of a quick reply with this value, for the person asking (a parent picks their child's age). */
export function buttonWordKey(value: string, parent: boolean): string {
  if ((AUDIENCES as readonly string[]).includes(value)) return `audience.${value}`;
  if ((AGE_BANDS as readonly string[]).includes(value)) return `${parent ? 'childAge' : 'age'}.${value}`;
  if ((REGIONS as readonly string[]).includes(value)) return `region.${value}`;
  return `button.${value}`;
}

const FIXED = [
  'welcome', 'restarted', 'help', 'greeting', 'noPictures', 'piiNote', 'forgotten', 'storageDown',
  'answer.missing', 'answer.stepsHeading', 'answer.sayHeading',
  'detail.steps', 'detail.law', 'detail.talk', 'detail.services', 'detail.missing',
  'ask.audience', 'ask.audience.crisis', 'ask.audience.heard', 'ask.age', 'ask.age.parent', 'ask.situation', 'ask.imageAge', 'ask.region', 'ask.safe', 'ask.risk',
  'notUnderstood.candidates', 'safety.yes', 'safety.no', 'safety.unsure', 'safetyFirst', 'riskNo', 'crisis.reminder'
];

/** Every words.yaml key a reply of the dialog may use. */
export function dialogWordKeys(): string[] {
  const buttons = [...AUDIENCES, ...AGE_BANDS, ...REGIONS, ...Object.values(COMMAND_VALUES), ...Object.values(DETAIL_VALUES), ...SAFETY_ANSWERS];
  const varied = Object.entries(VARIANTS).flatMap(([base, count]) => Array.from({ length: count }, (_, i) => `${base}.${i + 1}`));
  return [
    ...FIXED,
    ...EXPECTS.filter((e) => e !== 'free-text').map((e) => `notUnderstood.${e}`),
    ...varied,
    ...buttons.flatMap((v) => [buttonWordKey(v, false), buttonWordKey(v, true)])
  ].filter((key, i, all) => all.indexOf(key) === i);
}
