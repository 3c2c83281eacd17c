// The shape of everything in content/. A charity's content editor changes the YAML;
// this schema (run by `npm run content:check` and at start-up) stops a typo from
// reaching a frightened user.
import { z } from 'zod';
import { AUDIENCES, AGE_BANDS, REGIONS, SITUATIONS, URGENT_KINDS } from '../../dialogs/vocabulary.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const sourceId = z.string().regex(/^S\d+(-[A-Za-z]+)?$/, 'a source id such as S12, from content/sources.yaml');
const unconfirmedId = z.string().regex(/^U\d+$/, 'an UNCONFIRMED register id such as U3');

/** Where a fact came from and when someone last checked it against that source. */
const provenance = {
  sources: z.array(sourceId).min(1),
  checked: isoDate,
  /** Set when the fact sheet marks the fact UNCONFIRMED: it is never shown as certain. */
  unconfirmed: unconfirmedId.optional()
};

/** A fact with its provenance: `{ value, sources, checked, unconfirmed? }`. */
export const fact = <T extends z.ZodTypeAny>(value: T) => z.object({ value, ...provenance }).strict();

export const SourceSchema = z
  .object({ url: z.string().url(), title: z.string().min(1), date: z.string().min(1) })
  .strict();
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

export const ServiceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    region: z.enum(REGIONS),
    name: z.string().min(1),
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
    cost: fact(z.string().min(1)),
    /** Anything else a user should know (e.g. chat hours that differ from phone hours). */
    notes: z.array(fact(z.string().min(1))).default([]),
    /** Shown in urgent help. */
    urgent: z.boolean().default(false)
  })
  .strict()
  .refine((s) => s.phone || s.text || s.web || s.chat || s.email, 'a service needs at least one way to reach it');
export type Service = z.infer<typeof ServiceSchema>;
export const ServicesFileSchema = z.object({ services: z.array(ServiceSchema).min(1) }).strict();

const audienceKey = z.enum(AUDIENCES);
const situationId = z.enum(SITUATIONS);

/** One answer, for one audience. Paragraphs stay short: each becomes part of one chat bubble. */
export const AnswerSchema = z
  .object({
    text: z.string().min(1),
    steps: z.array(z.string().min(1)).default([]),
    /** Words a parent or carer can say to their child. */
    sayToChild: z.array(z.string().min(1)).default([]),
    /** Source ids backing the advice in this answer. */
    sources: z.array(sourceId).min(1),
    checked: isoDate
  })
  .strict();

export const SituationSchema = z
  .object({
    id: situationId,
    /** Menu labels, per audience that can meet this situation. */
    labels: z.partialRecord(audienceKey, z.string().min(1)),
    answers: z.partialRecord(audienceKey, AnswerSchema),
    /** Notes replacing UK-specific parts of the answer outside the UK. */
    regionNotes: z.partialRecord(z.enum(REGIONS), z.string().min(1)).default({})
  })
  .strict();
export type Situation = z.infer<typeof SituationSchema>;

/** Which services to offer, first matching rule wins (put specific rules first). */
export const RouteRuleSchema = z
  .object({
    situation: z.union([situationId, z.literal('*')]),
    audience: z.array(audienceKey).optional(),
    ageBand: z.array(z.enum(AGE_BANDS)).optional(),
    region: z.array(z.enum(REGIONS)).optional(),
    imageUnder18: z.boolean().optional(),
    services: z.array(z.string().min(1)).min(1)
  })
  .strict();
export type RouteRule = z.infer<typeof RouteRuleSchema>;
export const RoutesFileSchema = z.object({ routes: z.array(RouteRuleSchema).min(1) }).strict();

/** Urgent help, per kind of danger: what to do now, then the services (per region). */
export const UrgentSchema = z
  .object({
    kind: z.enum(URGENT_KINDS),
    text: z.string().min(1),
    steps: z.array(z.string().min(1)).default([]),
    services: z.partialRecord(z.enum(REGIONS), z.array(z.string().min(1)).min(1)),
    /** Instead of `services` when an adult is asking about themself (children's services would be wrong). */
    adultServices: z.partialRecord(z.enum(REGIONS), z.array(z.string().min(1)).min(1)).default({}),
    sources: z.array(sourceId).min(1),
    checked: isoDate
  })
  .strict();
export const UrgentFileSchema = z.object({ urgent: z.array(UrgentSchema).min(1) }).strict();

/** Every other word the bot says, keyed; `{placeholders}` are filled at render time. */
export const WordsSchema = z.record(z.string(), z.string().min(1));

export { AUDIENCES, AGE_BANDS, REGIONS, SITUATIONS, URGENT_KINDS };
