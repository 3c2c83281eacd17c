// The shape of everything in content/. A charity's content editor changes the YAML;
// this schema (run by `npm run content:check` and at start-up) stops a typo from
// reaching a frightened user.
import { z } from 'zod';
import { AUDIENCES, AGE_BANDS, REGIONS, SITUATIONS, URGENT_KINDS } from '../../dialogs/vocabulary.js';
import { LOCALISED_KEYS, LocalisedSchema, LocalisedWordSchema } from './localised.js';
import { WORD_KEYS, type WordKey } from './wordKeys.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
/** S<n>: the fact sheet's sources; A<n>: sources found when confirming the December 2026 content audit. */
const sourceId = z.string().regex(/^(S\d+(-[A-Za-z]+)?|A\d+)$/, 'a source id such as S12 or A3, from content/sources.yaml');
const unconfirmedId = z.string().regex(/^U\d+$/, 'an UNCONFIRMED register id such as U3');

/** Where a fact came from and when someone last checked it against that source. */
const provenance = {
  sources: z.array(sourceId).min(1),
  checked: isoDate,
  /**
   * Set when the fact is not settled: `U<n>`, the fact sheet's UNCONFIRMED register id, or
   * `unsourced` when no stored source says it. It is never shown as certain.
   */
  unconfirmed: z.union([unconfirmedId, z.literal('unsourced')]).optional()
};

/** A fact with its provenance: `{ value, sources, checked, unconfirmed? }`. */
export const fact = <T extends z.ZodTypeAny>(value: T) => z.object({ value, ...provenance }).strict();

export const SourceSchema = z
  .object({ url: z.string().url(), title: z.string().min(1), date: z.string().min(1) })
  .strict();

const region = z.enum(REGIONS);
export const SourcesSchema = z.record(sourceId, SourceSchema);

const day = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'use HH:MM, 24-hour');
export const HoursSchema = z.union([
  z.object({ always: z.literal(true) }).strict(),
  z
    .object({
      timeZone: z.string().min(1),
      weekly: z.array(z.object({ days: z.array(day).min(1), open: clock, close: clock }).strict()).min(1)
    })
    .strict(),
  /** Online-only services (forms, tools) that can be used at any time but are not staffed. */
  z.object({ anyTime: z.literal(true) }).strict()
]);

const phone = z
  .object({
    display: z.string().min(1),
    /** Digits and a leading + only: becomes a tel: link. */
    dial: z.string().regex(/^\+?\d{3,15}$/)
  })
  .strict();
const textLine = z.object({ number: z.string().regex(/^\d{3,10}$/), keyword: z.string().optional() }).strict();

/** A note on a service card; `regions` shows it only there (e.g. a US-only way to report). */
const note = z.object({ value: z.string().min(1), ...provenance, regions: z.array(region).min(1).optional() }).strict();

/** Where a service belongs: one country, or `global` for tools that work anywhere (Take It Down, StopNCII). */
export const SERVICE_HOMES = [...REGIONS, 'global'] as const;

export const ServiceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    region: z.enum(SERVICE_HOMES),
    /**
     * Other regions this service honestly serves, with its source (e.g. Stop It Now UK takes calls
     * from Ireland). There the card shows `phoneFromAbroad` when it has one.
     */
    alsoServes: z.array(region).default([]),
    name: z.string().min(1),
    /** Short names the answers use for it ("CEOP", "NSPCC"), so content:check knows whose name a text says. */
    aka: z.array(z.string().min(1)).default([]),
    /** What the service does, in plain words a 12-year-old can read. */
    does: fact(z.string().min(1)),
    /** Who it is for. */
    for: fact(z.string().min(1)),
    phone: fact(phone).optional(),
    phoneFromAbroad: fact(phone).optional(),
    text: fact(textLine).optional(),
    web: fact(z.string().url()).optional(),
    chat: fact(z.string().url()).optional(),
    email: fact(z.string().email()).optional(),
    hours: fact(HoursSchema),
    /** Left out only where no source says it (an emergency number), rather than a caveat in an emergency. */
    cost: fact(z.string().min(1)).optional(),
    /** Anything else a user should know (e.g. chat hours that differ from phone hours). */
    notes: z.array(note).default([]),
    /** Shown in urgent help. */
    urgent: z.boolean().default(false)
  })
  .strict()
  .refine((s) => s.phone || s.text || s.web || s.chat || s.email, 'a service needs at least one way to reach it')
  .refine((s) => s.region !== 'global' || s.alsoServes.length === 0, 'a global service already serves every region: drop alsoServes');
export type Service = z.infer<typeof ServiceSchema>;
export const ServicesFileSchema = z.object({ services: z.array(ServiceSchema).min(1) }).strict();

const audienceKey = z.enum(AUDIENCES);
const situationId = z.enum(SITUATIONS);

/**
 * Whose answer it is: each audience's own, and `about-an-adult` for a parent, carer or professional
 * asking about someone who is 18 or over, whose help is the adults' (not Report Remove or CEOP),
 * told to the one who asks.
 */
export const ANSWER_KEYS = [...AUDIENCES, 'about-an-adult'] as const;
export type AnswerKey = (typeof ANSWER_KEYS)[number];
const answerKey = z.enum(ANSWER_KEYS);

/**
 * One answer, for one audience, written for a phone. Every text may be a plain string (the same
 * in every region) or a map by region (src/content/localised.ts); a step given as a map shows
 * only in the regions it names.
 *
 *   text        the lead: what matters most, in a few short sentences
 *   steps       what to do now: at most 3 in each region (content:check)
 *   law         "What the law says", a tap away
 *   talk        "How to talk about it", a tap away
 *   sayToChild  parents: "What to say to your child", a tap away
 */
export const AnswerSchema = z
  .object({
    text: LocalisedSchema,
    steps: z.array(LocalisedSchema).default([]),
    law: LocalisedSchema.optional(),
    talk: LocalisedSchema.optional(),
    /** Words a parent or carer can say to their child. */
    sayToChild: z.array(LocalisedSchema).default([]),
    /** Source ids backing the advice in this answer. */
    sources: z.array(sourceId).min(1),
    checked: isoDate
  })
  .strict();
export type Answer = z.infer<typeof AnswerSchema>;

export const SituationSchema = z
  .object({
    id: situationId,
    /** Menu labels, per audience that can meet this situation. */
    labels: z.partialRecord(audienceKey, z.string().min(1)),
    answers: z.partialRecord(answerKey, AnswerSchema),
    /**
     * Instead of `answers` when the person asking, or their child, is the one who shared or made
     * someone else's picture: words written to the one harmed ("this is not your fault", "get it
     * taken down") would be wrong. Whose answer it is is chosen as for `answers`.
     */
    responsible: z.partialRecord(answerKey, AnswerSchema).optional()
  })
  .strict();
export type Situation = z.infer<typeof SituationSchema>;

/** Every answer a situation holds, each with where it is written ("parent", "responsible.parent"). */
export function answersIn(situation: Situation): { where: string; who: AnswerKey; answer: Answer }[] {
  const of = (prefix: string, answers: Situation['answers'] | undefined) =>
    Object.entries(answers ?? {}).flatMap(([who, answer]) => (answer ? [{ where: `${prefix}${who}`, who: who as AnswerKey, answer }] : []));
  return [...of('', situation.answers), ...of('responsible.', situation.responsible)];
}

/** Which services to offer, first matching rule wins (put specific rules first). */
export const RouteRuleSchema = z
  .object({
    /** One situation, several, or '*' for any. */
    situation: z.union([situationId, z.array(situationId).min(1), z.literal('*')]),
    audience: z.array(audienceKey).optional(),
    ageBand: z.array(z.enum(AGE_BANDS)).optional(),
    region: z.array(z.enum(REGIONS)).optional(),
    imageUnder18: z.boolean().optional(),
    /** Only when the person asking, or their child, shared or made someone else's picture. */
    responsible: z.literal(true).optional(),
    /** Empty only where we honestly know no service (somewhere we do not cover): the answer says so. */
    services: z.array(z.string().min(1))
  })
  .strict();
export type RouteRule = z.infer<typeof RouteRuleSchema>;
export const RoutesFileSchema = z.object({ routes: z.array(RouteRuleSchema).min(1) }).strict();

/**
 * Service ids per region, most important first. `unknown`: before the person has said where they
 * live (the UK's, when not given). An empty list says honestly that we know none there.
 */
const servicesByRegion = z.partialRecord(z.enum(LOCALISED_KEYS), z.array(z.string().min(1)));

/**
 * Who reads urgent help: the person it is about (a young person who said they are under 18 has
 * their own steps where content writes them), an adult about themself, a carer about a child, a
 * carer about someone 18 or over, someone worried about their own thoughts about a child (a
 * young person among them has their own), or a young person worried about a friend.
 */
export type UrgentReader = 'child' | 'young' | 'adult' | 'carer' | 'carer-of-adult' | 'own-thoughts' | 'own-thoughts-young' | 'friend';
export const URGENT_READERS: readonly UrgentReader[] = ['child', 'young', 'adult', 'carer', 'carer-of-adult', 'own-thoughts', 'own-thoughts-young', 'friend'];

/** Urgent help, per kind of danger: what to do now, then the services (per region). */
export const UrgentSchema = z
  .object({
    kind: z.enum(URGENT_KINDS),
    /** May be a map by region; `unknown` is what someone reads before they have said where they live. */
    text: LocalisedSchema,
    steps: z.array(LocalisedSchema).default([]),
    services: servicesByRegion,
    /** Instead of `services` when an adult is asking about themself (children's services would be wrong). */
    adultServices: servicesByRegion.default({}),
    /** Instead of `steps` when an adult is asking about themself (no children's services named). */
    adultSteps: z.array(LocalisedSchema).optional(),
    /**
     * Instead of `steps` and `services` for a young person who has said they are under 18: no "18 or
     * over? Call the police on 101" for a 15-year-old.
     */
    youngSteps: z.array(LocalisedSchema).optional(),
    youngServices: servicesByRegion.default({}),
    /** Instead of `steps` when a parent, carer or professional is asking about a child (steps written to them, not to the child). */
    carerSteps: z.array(LocalisedSchema).optional(),
    /** Instead of `text` for a parent, carer or professional, where `text` speaks to the person at risk. */
    carerText: LocalisedSchema.optional(),
    /**
     * Instead of the carer's words and `services` for a parent, carer or professional asking about
     * someone who is 18 or over: the adults' services, told to the one who asks. Every kind needs
     * the steps and services (content:check); without `aboutAdultText` the carer's text is shown.
     */
    aboutAdultText: LocalisedSchema.optional(),
    aboutAdultSteps: z.array(LocalisedSchema).optional(),
    aboutAdultServices: servicesByRegion.default({}),
    /**
     * Instead of `text`, `steps` and `services` for someone worried about their own sexual thoughts
     * about a child (the own-thoughts worry): words written to a victim ("not your fault") would be
     * wrong, and what keeps a child safe comes first.
     */
    ownThoughtsText: LocalisedSchema.optional(),
    ownThoughtsSteps: z.array(LocalisedSchema).optional(),
    ownThoughtsServices: servicesByRegion.default({}),
    /** Instead of `ownThoughtsSteps` and `ownThoughtsServices` for a young person with those thoughts (their own helplines first). */
    ownThoughtsYoungSteps: z.array(LocalisedSchema).optional(),
    ownThoughtsYoungServices: servicesByRegion.default({}),
    /**
     * Instead of `steps` for a young person telling of someone else's risk (a friend's, a sister's:
     * content/safety.yaml `another`): where both of them can talk. The text is `aboutAdultText`,
     * which speaks to "either of you", so it is right even if the writer is at risk too.
     */
    friendSteps: z.array(LocalisedSchema).optional(),
    /**
     * Another kind whose help, raised beside this one, says all these readers need: this kind's text
     * and steps are left out, its services kept. (Grooming beside abuse: "Don't meet them" does not
     * fit someone the child lives with, or has met already.)
     */
    coveredBy: z
      .object({ kind: z.enum(URGENT_KINDS), readers: z.array(z.enum(URGENT_READERS as [UrgentReader, ...UrgentReader[]])).min(1) })
      .strict()
      .optional(),
    sources: z.array(sourceId).min(1),
    checked: isoDate
  })
  .strict();
export type UrgentHelpContent = z.infer<typeof UrgentSchema>;

/** The text and steps a reader of this urgent help sees (their own where content has them). */
export function urgentWording(help: UrgentHelpContent, reader: UrgentReader): { text: UrgentHelpContent['text']; steps: UrgentHelpContent['steps'] } {
  if (reader === 'adult') return { text: help.text, steps: help.adultSteps ?? help.steps };
  if (reader === 'young') return { text: help.text, steps: help.youngSteps ?? help.steps };
  if (reader === 'carer') return { text: help.carerText ?? help.text, steps: help.carerSteps ?? help.steps };
  if (reader === 'carer-of-adult') return { text: help.aboutAdultText ?? help.carerText ?? help.text, steps: help.aboutAdultSteps ?? help.carerSteps ?? help.steps };
  if (reader === 'own-thoughts') return { text: help.ownThoughtsText ?? help.text, steps: help.ownThoughtsSteps ?? help.steps };
  if (reader === 'own-thoughts-young') return { text: help.ownThoughtsText ?? help.text, steps: help.ownThoughtsYoungSteps ?? help.ownThoughtsSteps ?? help.steps };
  if (reader === 'friend' && help.friendSteps) return { text: help.aboutAdultText ?? help.text, steps: help.friendSteps };
  return { text: help.text, steps: help.steps };
}

/** Every per-region list of urgent services, by the field that holds it (each reader's own, and the default). */
export const URGENT_SERVICE_FIELDS = ['services', 'youngServices', 'adultServices', 'aboutAdultServices', 'ownThoughtsServices', 'ownThoughtsYoungServices'] as const;

/** Where a reader's urgent services are looked for, in order: their own list where content has one, then the next. */
export function urgentServiceFields(reader: UrgentReader): readonly (typeof URGENT_SERVICE_FIELDS)[number][] {
  if (reader === 'adult') return ['adultServices', 'services'];
  if (reader === 'young') return ['youngServices', 'services'];
  if (reader === 'carer-of-adult') return ['aboutAdultServices', 'services'];
  if (reader === 'own-thoughts') return ['ownThoughtsServices', 'services'];
  if (reader === 'own-thoughts-young') return ['ownThoughtsYoungServices', 'ownThoughtsServices', 'services'];
  return ['services'];
}
export const UrgentFileSchema = z.object({ urgent: z.array(UrgentSchema).min(1) }).strict();

/**
 * Each country's own emergency numbers, crisis services and law words (content/regions.yaml).
 * content:check refuses a text for one country that names another's; service names and numbers
 * come from the service cards themselves.
 */
export const RegionInfoSchema = z
  .object({
    /** How the guide names the place in a sentence: "the UK", "Ireland". */
    name: z.string().min(1),
    /** The numbers to call in an emergency there. */
    emergency: z.array(z.string().regex(/^\d{3}$/)),
    /** The emergency services card shown in urgent help there. */
    emergencyService: z.string().min(1).optional(),
    /** Services that are a crisis line there; urgent help for self-harm offers at least one. */
    crisisServices: z.array(z.string().min(1)).default([]),
    /** Words of that country's law and police that mean nothing elsewhere ("Outcome 21", "Gardaí"). */
    terms: z.array(z.string().min(1)).default([]),
    sources: z.array(sourceId).min(1),
    checked: isoDate
  })
  .strict();
export type RegionInfo = z.infer<typeof RegionInfoSchema>;
export const RegionsFileSchema = z.object({ regions: z.record(region, RegionInfoSchema) }).strict();

/**
 * Every other word the bot says, keyed; `{placeholders}` are filled at render time. The keys are
 * exactly those of src/content/wordKeys.ts: a missing key, or one no code can ask for, fails.
 */
export const WordsSchema = z
  .object(Object.fromEntries(WORD_KEYS.map((key) => [key, LocalisedWordSchema])) as Record<WordKey, typeof LocalisedWordSchema>)
  .strict();

export { AUDIENCES, AGE_BANDS, REGIONS, SITUATIONS, URGENT_KINDS };
