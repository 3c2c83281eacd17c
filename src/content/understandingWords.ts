// The words understanding uses (content/understanding/*.yaml): spellings and slang, where people
// live, who is asking, and what a message is about. Data, like the answers, so a content editor
// can add a slang word or a town without touching TypeScript; checked by a schema at start-up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ASIDES, DETAIL_VALUES, REGIONS, type DetailPart, type Region } from '../../dialogs/vocabulary.js';
import { DEFAULT_CONTENT_DIR } from './load.js';
import { expandTerms } from './terms.js';

/** A lower-case word or phrase; a trailing `*` matches any ending ("sext*"). */
const word = z
  .string()
  .min(1)
  .regex(/^[a-z0-9£$€' -]+\*?$/, 'lower-case letters, digits, spaces, hyphens or apostrophes, with an optional * at the end');
const words = z.array(word).min(1);

const SpellingsSchema = z
  .object({
    spellings: z.record(z.string().regex(/^[a-z0-9'$@]+$/, 'one lower-case typed word'), z.string().regex(/^[a-z0-9' ]+$/))
  })
  .strict();

const RegionWordsSchema = z
  .object({ countries: words, places: words.optional(), cues: words.optional() })
  .strict();
const PlacesSchema = z.object({ regions: z.record(z.enum(REGIONS), RegionWordsSchema) }).strict();

const PeopleSchema = z
  .object({ parents: words, children: words, ownChildren: words, childDescriptions: words, adultChildDescriptions: words, professionals: words, pupils: words })
  .strict();

const TopicsSchema = z.object({ onTopic: words, pictures: words, pictureOver: words, sharedOn: words, money: words, minors: words, vulnerable: words, adultSelf: words, foundAbuse: words, threats: words, ownThoughts: words, filler: words }).strict();

/** A regular expression over normalised text: lower case, and it must compile. */
const phrasePattern = z
  .string()
  .min(1)
  .refine((source) => !/[A-Z]/.test(source.replace(/\\./g, '')), 'patterns read lower-case text: write them in lower case')
  .refine((source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');
const tag = z.string().regex(/^[a-z]+$/, 'a tag is lower-case letters');

const ConceptsSchema = z
  .object({
    stopWords: words,
    /** tag -> the starts of the word stems that carry it */
    concepts: z.record(tag, words),
    /** tag -> regular expressions, any of which adds it */
    phrases: z.record(tag, z.array(phrasePattern).min(1))
  })
  .strict();

/** Requests refused, whoever asks (content/understanding/requests.yaml). */
const RequestsSchema = z.object({ refused: z.array(phrasePattern).min(1) }).strict();

/** Named pieces of patterns, used in them as {{name}} (src/content/terms.ts). */
const termsSchema = z.record(z.string().regex(/^[a-z][a-z0-9]*$/), z.string().min(1));

/**
 * The one who shared or made someone else's picture, or their parent (content/understanding/
 * responsible.yaml): patterns with {{terms}}, read here already expanded.
 */
const RESPONSIBLE_FILE = 'content/understanding/responsible.yaml';
const ResponsibleSchema = z
  .object({ terms: termsSchema, patterns: z.array(z.string().min(1)).min(1) })
  .strict()
  .transform(({ terms, patterns }) => patterns.map((p) => expandTerms(p, terms, RESPONSIBLE_FILE)))
  .pipe(z.array(phrasePattern));

/** Every string in a file's entries with its {{terms}} expanded; the shape is checked after. */
function expandEvery(value: unknown, terms: Readonly<Record<string, string>>, file: string): unknown {
  if (typeof value === 'string') return expandTerms(value, terms, file);
  if (Array.isArray(value)) return value.map((v) => expandEvery(v, terms, file));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, expandEvery(v, terms, file)]));
}

/**
 * The conversation around the worry (content/understanding/conversation.yaml): each group's
 * patterns, {{terms}} expanded. Details and asides keep the file's order, as the first that
 * matches wins; their keys are the dialog's own values.
 */
const CONVERSATION_FILE = 'content/understanding/conversation.yaml';
const patternList = z.array(phrasePattern).min(1);
const ConversationPhrasesSchema = z
  .object({
    deleteChat: patternList,
    yes: patternList,
    no: patternList,
    unsure: patternList,
    notMe: patternList,
    someoneNear: patternList,
    meetingSoon: patternList,
    outOfReach: patternList,
    otherIsAdult: z.object({ named: patternList, pronoun: patternList, pronounToCarers: patternList, correcting: patternList }).strict(),
    details: z.partialRecord(z.enum(Object.keys(DETAIL_VALUES) as [DetailPart, ...DetailPart[]]), patternList),
    aboutService: patternList,
    asides: z.partialRecord(z.enum(ASIDES), patternList)
  })
  .strict();
const ConversationSchema = z
  .looseObject({ terms: termsSchema })
  .transform(({ terms, ...phrases }) => expandEvery(phrases, terms, CONVERSATION_FILE))
  .pipe(ConversationPhrasesSchema);
export type ConversationWords = z.infer<typeof ConversationSchema>;

export interface RegionWords {
  countries: readonly string[];
  places: readonly string[];
  cues: readonly string[];
}

export interface UnderstandingWords {
  /** Typed word -> what the patterns read instead ("u" -> "you", "noods" -> "nudes"). */
  spellings: Readonly<Record<string, string>>;
  regions: Readonly<Record<Region, RegionWords>>;
  people: z.infer<typeof PeopleSchema>;
  topics: z.infer<typeof TopicsSchema>;
  /** What the classifier reads beside the words: stop words, concept tags and phrase tags. */
  concepts: z.infer<typeof ConceptsSchema>;
  requests: z.infer<typeof RequestsSchema>;
  /** Expanded patterns: the writer, or their child, shared or made someone else's picture. */
  responsible: readonly string[];
  /** Expanded patterns of the conversation around the worry: thanks, "delete this chat", "yeah"... */
  conversation: ConversationWords;
}

function read<T extends z.ZodTypeAny>(schema: T, dir: string, file: string): z.infer<T> {
  const path = join(dir, 'understanding', file);
  const result = schema.safeParse(parse(readFileSync(path, 'utf8')));
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`content/understanding/${file}: ${problems}`);
}

/** Reads and checks content/understanding/. Throws, naming the file and the entry, on any problem. */
export function loadUnderstandingWords(dir: string = DEFAULT_CONTENT_DIR): UnderstandingWords {
  const places = read(PlacesSchema, dir, 'places.yaml').regions;
  const regionWords = (r: Region): RegionWords => ({
    countries: places[r]?.countries ?? [],
    places: places[r]?.places ?? [],
    cues: places[r]?.cues ?? []
  });
  const regions = { uk: regionWords('uk'), ie: regionWords('ie'), us: regionWords('us'), au: regionWords('au'), ca: regionWords('ca'), other: regionWords('other') };
  return {
    spellings: read(SpellingsSchema, dir, 'spellings.yaml').spellings,
    regions,
    people: read(PeopleSchema, dir, 'people.yaml'),
    topics: read(TopicsSchema, dir, 'topics.yaml'),
    concepts: read(ConceptsSchema, dir, 'concepts.yaml'),
    requests: read(RequestsSchema, dir, 'requests.yaml'),
    responsible: read(ResponsibleSchema, dir, 'responsible.yaml'),
    conversation: read(ConversationSchema, dir, 'conversation.yaml')
  };
}

/**
 * A regular-expression alternation (no group, no flags) for a list of words: each is matched
 * literally, a trailing `*` as any word ending. Longer entries first, so "new south wales" wins
 * over "wales" at the same place.
 */
export function alternation(list: readonly string[]): string {
  return [...list]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/\*$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + (w.endsWith('*') ? '\\w*' : ''))
    .join('|');
}
