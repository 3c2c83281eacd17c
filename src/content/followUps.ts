// Follow-up questions (content/followups/*.yaml): what people ask once they have an answer
// ("will school find out?"), each with short, sourced answers, and the services offered with
// fixed replies (content/replies.yaml). A content editor changes the YAML; this schema and the
// cross-reference check keep a typo, an unknown service or an unsourced answer from reaching anyone.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AGE_BANDS, AUDIENCES, FOLLOW_UPS, REGIONS, SITUATIONS, type FollowUpId, type Region } from '../../dialogs/vocabulary.js';
import type { Slots } from '../../dialogs/events.js';
import { LocalisedSchema, inRegion, type Localised } from './localised.js';
import { fact } from './schema.js';

/** Where a fact came from and when it was checked: the same rules as every other fact in content/. */
const { sources, checked } = fact(z.string()).shape;

const pattern = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** Service ids per region, most important first; `other` serves a region not listed. */
const ServicesByRegion = z.partialRecord(z.enum(REGIONS), z.array(z.string().min(1)));

/** A text that differs by region must say what to tell every other region too (`other`). */
const RegionalText = LocalisedSchema.refine(
  (value) => typeof value === 'string' || (value.uk !== undefined && value.other !== undefined),
  'a text by region needs at least uk and other'
);

/**
 * One answer, for the people and worries it names (leave a field out to match anything). The
 * first rule that matches wins, so put narrow rules first. An age filter also matches when the
 * age was never asked (professionals, adults).
 */
export const FollowUpAnswerSchema = z
  .object({
    audience: z.array(z.enum(AUDIENCES)).optional(),
    ageBand: z.array(z.enum(AGE_BANDS)).optional(),
    situation: z.array(z.enum(SITUATIONS)).optional(),
    /**
     * true: only for the one who shared someone else's picture, or their parent; false: never for
     * them (words for the one harmed, "it is not your fault"). Left out: for both.
     */
    responsible: z.boolean().optional(),
    /** Short: one chat bubble on a phone. */
    text: RegionalText,
    services: ServicesByRegion.default({}),
    sources,
    checked
  })
  .strict();
export type FollowUpAnswer = z.infer<typeof FollowUpAnswerSchema>;

export const FollowUpSchema = z
  .object({
    id: z.enum(FOLLOW_UPS),
    /** The quick reply that asks it, per audience (none: recognised when typed, never suggested). */
    label: z.partialRecord(z.enum(AUDIENCES), z.string().min(1)).default({}),
    /** The worries it is a follow-up to: only after their answer is it recognised. */
    situations: z.array(z.enum(SITUATIONS)).min(1),
    /** After these answers it is offered as a quick reply (in the order of FOLLOW_UPS). */
    suggestAfter: z.array(z.enum(SITUATIONS)).default([]),
    /** Regular expressions over the normalised message (lower case, text-speak spelled out). */
    patterns: z.array(pattern).min(1),
    /** Ways people ask it, written by the team: each must be recognised (test/journeys/followUps.test.ts). */
    examples: z.array(z.string().min(1)).min(1),
    answers: z.array(FollowUpAnswerSchema).min(1)
  })
  .strict();
export type FollowUp = z.infer<typeof FollowUpSchema>;

/** Services offered with the guide's fixed replies ("I can't open pictures"), per region. */
export const RepliesSchema = z.object({ noPictures: ServicesByRegion }).strict();
export type Replies = z.infer<typeof RepliesSchema>;

export interface ConversationContent {
  followUps: ReadonlyMap<FollowUpId, FollowUp>;
  replies: Replies;
}

function validated<T extends z.ZodTypeAny>(schema: T, path: string, problems: string[]): z.infer<T> | undefined {
  const result = schema.safeParse(parse(readFileSync(path, 'utf8')));
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(`${path}: ${issue.path.join('.')}: ${issue.message}`);
  return undefined;
}

/** Reads content/followups/ and content/replies.yaml, adding what is wrong to `problems`. */
export function loadConversationContent(dir: string, problems: string[]): ConversationContent {
  const followUps = new Map<FollowUpId, FollowUp>();
  const folder = join(dir, 'followups');
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort()) {
    const followUp = validated(FollowUpSchema, join(folder, name), problems);
    if (!followUp) continue;
    if (followUps.has(followUp.id)) problems.push(`${folder}/${name}: follow-up "${followUp.id}" is defined twice`);
    followUps.set(followUp.id, followUp);
  }
  for (const id of FOLLOW_UPS) if (!followUps.has(id)) problems.push(`${folder}: no file for follow-up "${id}"`);
  const replies = validated(RepliesSchema, join(dir, 'replies.yaml'), problems) ?? { noPictures: {} };
  return { followUps, replies };
}

/** Every source and service the follow-ups name must exist. */
export function conversationReferenceProblems(
  conversation: ConversationContent,
  known: { sources: Record<string, unknown>; services: ReadonlyMap<string, unknown> }
): string[] {
  const problems: string[] = [];
  const needServices = (where: string, byRegion: Partial<Record<Region, string[]>>) => {
    for (const [region, ids] of Object.entries(byRegion)) {
      for (const id of ids ?? []) if (!known.services.has(id)) problems.push(`${where}.${region}: unknown service "${id}"`);
    }
  };
  for (const followUp of conversation.followUps.values()) {
    followUp.answers.forEach((answer, i) => {
      const where = `follow-up ${followUp.id} answer ${i + 1}`;
      for (const id of answer.sources) if (!(id in known.sources)) problems.push(`${where}: source ${id} is not in sources.yaml`);
      needServices(`${where} services`, answer.services);
    });
  }
  needServices('replies.yaml noPictures', conversation.replies.noPictures);
  return problems;
}

/** Who is asking, as far as a follow-up's rules care. */
export type FollowUpContext = Pick<Slots, 'audience' | 'ageBand' | 'situation' | 'region' | 'responsible'>;

/**
 * An answer written for one worry (`situation`) speaks to the one harmed ("you are not the one in
 * trouble"): someone who shared another person's picture gets the general answer instead.
 */
function matches(answer: FollowUpAnswer, c: FollowUpContext): boolean {
  return (
    (!answer.audience || (c.audience !== undefined && answer.audience.includes(c.audience))) &&
    (!answer.ageBand || c.ageBand === undefined || answer.ageBand.includes(c.ageBand)) &&
    (!answer.situation || (!c.responsible && c.situation !== undefined && answer.situation.includes(c.situation))) &&
    (answer.responsible === undefined || answer.responsible === (c.responsible === true))
  );
}

/** The answer a follow-up gives in this context, or undefined when it does not apply here. */
export function followUpAnswer(followUp: FollowUp, c: FollowUpContext): FollowUpAnswer | undefined {
  if (!c.situation || !followUp.situations.includes(c.situation)) return undefined;
  return followUp.answers.find((answer) => matches(answer, c));
}

/** A region's words: its own, else the words for everywhere else. UK until the person says otherwise. */
export function textIn(text: Localised, region: Region | undefined): string {
  const own = inRegion(text, region ?? 'uk');
  return (own ?? (typeof text === 'string' ? text : (text.other ?? text.uk ?? ''))).trim();
}

/** A region's services: its own list, else `other`'s. */
export function servicesIn(byRegion: Partial<Record<Region, string[]>>, region: Region | undefined): string[] {
  return [...(byRegion[region ?? 'uk'] ?? byRegion.other ?? [])];
}
