// Where the writer lives, from what they say: a country's name anywhere ("we're British"), or a
// town, county or state they say they live in ("we're in Cork"), never someone else's place ("the
// scammer is in Nigeria"); failing those, words only one country uses ("8th grade", "the Gardai",
// "GCSEs"), while the conversation does not know the country yet. The names are content
// (content/understanding/places.yaml).
import { REGIONS, type Expects, type Region } from '../../dialogs/vocabulary.js';
import { alternation, type UnderstandingWords } from '../content/understandingWords.js';
import { createPrefilter } from './regexPrefilter.js';

export type RegionPatterns = ReturnType<typeof regionPatterns>;

/** A pattern of names, and the country it names. */
type Named = [RegExp, Region];

/**
 * Country names and places (content/understanding/places.yaml), as global patterns made once:
 * building these long sources per message costs more than running them. Places first, so that
 * "northern ireland" and "new south wales" win over "ireland" and "wales". Most messages name no
 * place at all, yet each of these alternations of hundreds of names is tried at every position: a
 * literal prefilter (regexPrefilter.ts) over their non-global twins finds in one pass which can match.
 */
export function regionPatterns(words: UnderstandingWords): { places: Named[]; countries: Named[]; cues: Named[]; gate: RegionGate } {
  const pattern = (list: readonly string[]) => new RegExp(`\\b(?:${alternation(list)})\\b`, 'g');
  const having = (list: 'places' | 'cues') => REGIONS.filter((r) => words.regions[r][list].length > 0);
  const places = having('places').map((r): Named => [pattern(words.regions[r].places), r]);
  const countries = REGIONS.map((r): Named => [pattern(words.regions[r].countries), r]);
  const cues = having('cues').map((r): Named => [pattern(words.regions[r].cues), r]);
  return { places, countries, cues, gate: regionGate([...places, ...countries, ...cues].map(([re]) => re)) };
}

/** For one text, a test of whether a global pattern can match in it at all. */
type RegionGate = (text: string) => (re: RegExp) => boolean;

function regionGate(patterns: readonly RegExp[]): RegionGate {
  // The prefilter takes no global RegExps (their test() moves lastIndex): it tests twins without the flag.
  const twins = new Map(patterns.map((re) => [re, new RegExp(re.source, re.flags.replace('g', ''))]));
  const prefilter = createPrefilter(twins.values());
  return (text) => {
    const test = prefilter.forText(text);
    return (re) => test(twins.get(re)!);
  };
}

/**
 * The one country whose cues the text has ("sophomore", "the Gardai"); none when cues of two
 * countries meet ("GCSEs" and "8th grade"): a cue suggests, and a wrong country's numbers would harm.
 */
function cuedRegion(cues: readonly Named[], may: (re: RegExp) => boolean): Region | undefined {
  const cued = cues.filter(([re]) => may(re));
  return cued.length === 1 ? cued[0]![1] : undefined;
}

/** Where the writer is: "we're in", "I live in", "from", "based in", "here in", "head of year here, Dublin". */
const SELF_PLACE =
  /\b(?:i'm|i am|im|we're|we are|i live|we live|living|i'm living|we're living|based|i'm based|we're based|i'm from|we're from|i am from|from|here in|over here in|in|out in|up in|down in|near|outside|around|here)\s+(?:the\s+)?(?:north of |south of |east of |west of |rural |regional |a town in |a village in |a city in |co |county )?$/;
/** The writer says it of themself in so many words: "we're in Ireland" outweighs "he lives in Ohio" said first. */
const FIRST_PERSON_PLACE = /\b(?:i'm|i am|im|we're|we are|i live|we live|i'm living|we're living|i'm based|we're based|i'm from|we're from|i am from)\s+(?:in\s+)?(?:the\s+)?$/;
/**
 * Someone else's place: "he's from Nigeria", "the scammer is in the US", "a pupil on an exchange from
 * Canada", "a boy in America", "he's 40 and lives in Ohio", "the pics were in Canada". Not "were in"
 * alone: with punctuation gone, "my son got sextorted. were in Wales" is the writer's "we're in".
 */
const THEIR_PLACE =
  /\b(?:pics|photos|pictures|nudes|videos|vids|images|messages|files|screenshots|accounts|servers?|they|people)\s+(?:were|are)\s+(?:in|from|based in)\s+(?:the\s+)?$|\b(?:he|she|they|he's|she's|they're)\b(?:\s+\S+){0,4}?\s+(?:and\s+)?(?:lives|works|lived|worked|is based|moved)\s+(?:in|from|to)\s+(?:the\s+)?$|\b(?:on (?:an |a )?exchange|exchange student|visiting)\s+from\s+(?:the\s+)?$|\b(?:a|an|one|some|this|that)\s+(?:boy|girl|kid|man|woman|guy|lad|teen|teenager|person|family|child|student|pupil|mum|dad|mother|father)\s+(?:in|from)\s+(?:the\s+)?$|\b(?:he's|she's|they're|he is|she is|they are|he|she|they|him|them|scammer|guy|man|account|person|number|it's|it is|was|came|comes|sent)\s+(?:is\s+|are\s+|was\s+|were\s+)?(?:from|in|based in|lives in|living in|out of|over in)\s+(?:the\s+)?$/;

/** Put before a slice of text that does not begin the message (no pattern matches it). */
const MID_MESSAGE = '\u0001';

/**
 * "were in canada" for "we're in": at the start of the message or of a sentence, after "and", "but",
 * "so", or after an age ("im 16, were in ohio": punctuation is gone by now), nobody else is who
 * "were" there ("the nudes were in a group chat" is not).
 */
const WERE_FOR_WE_ARE = /(?:^|[.!?,;)]\s*|\b(?:and|but|so|btw|also|oh|hi|hey|now|currently|\d{1,2})\s+)were\s+(?:in|from|based in|living in)\s+(?:the\s+)?$/;

/**
 * The writer describing themself, then where they are from: "i'm 19, guy, from texas"; or signing
 * with their age: "22, female, sydney", "im 14. melbourne", "15, vancouver" (at the message's start).
 */
const SELF_DESCRIBED = /(?:^|\b(?:i'm|im|i am|hey|hi|hello)\s+)\d{1,2}\s+(?:(?:f|m|female|male|girl|guy|woman|man|boy|lad|yo|years old|year old)\s+)?$|\b(?:i'm|im|i am)(?: an?)?\s+(?:\d+\s+(?:(?:year|yr|yrs|years) old\s+|yo\s+)?)?(?:an?\s+)?(?:guy|man|girl|woman|boy|lad|lass|bloke|male|female|dude|mum|dad|mom|teacher|student)\s+(?:from|in)\s+(?:the\s+)?$/;

interface RegionHit {
  region: Region;
  at: [number, number];
  score: number;
}

/**
 * Drops each hit inside a longer one ("wales" in "new south wales"), in one sweep over the hits
 * sorted by start (longest first): comparing every pair is quadratic in a message of 3,000 "uk"s.
 */
function outermost(hits: readonly RegionHit[]): RegionHit[] {
  const length = (h: RegionHit) => h.at[1] - h.at[0];
  const sorted = [...hits].sort((a, b) => a.at[0] - b.at[0] || length(b) - length(a));
  const kept: RegionHit[] = [];
  let cover: RegionHit | undefined;
  for (const hit of sorted) {
    if (cover && hit.at[1] <= cover.at[1] && length(hit) < length(cover)) continue;
    kept.push(hit);
    if (!cover || hit.at[1] > cover.at[1]) cover = hit;
  }
  return kept;
}

/**
 * `known`: the country the conversation already has. A cue never replaces it; a name said now does
 * ("actually we're in Dublin").
 */
export function findRegion(
  text: string,
  expects: Expects | undefined,
  { places, countries, cues, gate }: RegionPatterns,
  known?: Region
): { region?: Region; at?: [number, number] } {
  const hits: RegionHit[] = [];
  const may = gate(text);
  const consider = (re: RegExp, region: Region, isPlace: boolean) => {
    if (!may(re)) return;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // The 40 characters before; marked when they begin mid-message, so "^" means the message's start.
      const before = (m.index > 40 ? MID_MESSAGE : '') + text.slice(Math.max(0, m.index - 40), m.index);
      const described = SELF_DESCRIBED.test(before) || WERE_FOR_WE_ARE.test(before);
      if (!described && THEIR_PLACE.test(before)) continue;
      // "not in the uk", "outside the uk": not a region we can name
      if (/\b(?:not|outside|outside of|isn't|aren't|not from)\s+(?:in\s+)?(?:the\s+)?$/.test(before)) continue;
      // "chicago here", "uk here", "nz is where i live": the writer's own place, said the way one signs
      // a post; at the very start, with their age after it ("montreal, 16. a guy i trusted...").
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24);
      const signed = /^\s+(?:here|based|is where (?:i|we) (?:live|are|'re from))\b/.test(after) || (before === '' && /^\s+\d{1,2}\b/.test(after));
      const self = described || signed || SELF_PLACE.test(before);
      const ownWords = described || FIRST_PERSON_PLACE.test(before);
      // A town said last, on its own ("my son is being blackmailed, vancouver"), is where they write
      // from; not one they ask about or go to ("the weather in london", "a trip to paris").
      const last = isPlace && text.slice(m.index + m[0].length).trim() === '' && !/\b(?:of|to|about|weather|visit\w*|holiday\w*|trip|going)\s+(?:in\s+)?(?:the\s+)?$/.test(before);
      const whole = text.trim() === m[0] || expects === 'region' || last;
      if (isPlace && !self && !whole) continue;
      if (region === 'other' && !self && !whole) continue;
      hits.push({ region, at: [m.index, m.index + m[0].length], score: (ownWords ? 4 : self ? 2 : 0) + (whole ? 1 : 0) });
    }
  };
  for (const [re, region] of places) consider(re, region, true);
  for (const [re, region] of countries) consider(re, region, false);
  const kept = outermost(hits);
  kept.sort((a, b) => b.score - a.score || a.at[0] - b.at[0]);
  const best = kept[0];
  if (best) return { region: best.region, at: best.at };
  // A cue is part of the story, not a statement of place: it is left in the text (no `at`).
  const cued = known === undefined && expects !== 'region' ? cuedRegion(cues, may) : undefined;
  return cued ? { region: cued } : {};
}
