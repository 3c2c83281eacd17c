// Identifying details: names, phone numbers, emails, addresses, postcodes, schools and
// social media handles. They are recognised only so the dialog can say, once and gently,
// that it does not need them; then they are masked out before anything else reads the
// message, so a phone number is never read as an age, nor a postcode as a region.
// Nothing found here is stored, logged or echoed: only the kinds are returned.
import { unleet } from './normalise.js';
import type { PiiKind } from './types.js';

export interface PiiFound {
  kinds: PiiKind[];
  /** The text with every identifying detail replaced by a neutral marker. */
  masked: string;
}

/** Marker put where a detail was: no letters or digits, so no extractor can read it. */
export const PII_MARK = ' \u2022 ';

// Starts only where a run of address characters starts (the lookbehind): tried inside a run, it would
// re-read the rest of the run from every position, quadratic in a long run with no "@".
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}/gu;

/** @name, not part of an email. */
const AT_HANDLE = /(?<![\p{L}\p{N}._%+-])@[a-z0-9_.]{2,30}\b/gu;

/** "my snap is jake_123", "insta: lily.rose", "add me on snap jakey" */
const PLATFORM =
  '(?:snap ?chat|snap|sc|insta(?:gram)?|ig|tik ?tok|tt|discord|twitter|kik|telegram|twitch|xbox|psn|gamertag|gamer tag|username|user name|handle|roblox|fortnite|steam|whatsapp|wizz|yubo|threads|reddit|fb|facebook)';
const NAMED_HANDLE = new RegExp(
  // Each word before the handle ends at a word boundary: "on snapchat asked me" is not "on snapchat as" + "ked".
  `\\b(?:(?:my|his|her|their|the|our) ${PLATFORM}(?: name| username| user| id| handle| account| acc)? (?:(?:is|name is|called)\\b|=|:|-)|${PLATFORM} ?(?::|=|-)|(?:add|follow|message|dm) (?:me|him|her) on ${PLATFORM}(?: (?:at|as)\\b|:)?|on ${PLATFORM} (?:(?:as|called|under)\\b|:))\\s*(@?[a-z0-9_.]{3,30})`,
  'gu'
);

/** Words that can follow "my snap is" without being a handle: "my insta is private". */
const NOT_A_HANDLE = new Set(
  'private public deleted hacked gone down blocked locked banned not fake new old mine his hers the a an and but so on off open closed still now there here back weird full dead broken messed compromised set linked under over different same why how what where when who that this it is was has had been got getting where just also too only really very my your his her our their them me him us you he she they we i'.split(
    ' '
  )
);

// Phones: UK mobiles and landlines, +country numbers, North American (555) 123-4567,
// and any run of 10+ digits with spaces, dots or dashes between them.
const PHONE = new RegExp(
  [
    String.raw`(?<![\d£$€])(?:\+|00)\s?\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\(?\d{1,5}\)?(?:[\s.-]?\d{2,5}){2,4}(?![\d])`,
    String.raw`(?<![\d£$€])\(?0\d{2,5}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?!\d)`,
    String.raw`(?<![\d£$€])\(?[2-9]\d{2}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)`,
    String.raw`(?<![\d£$€.,])\d(?:[\s.-]?\d){9,13}(?![\d.,]?\d)`
  ].join('|'),
  'gu'
);

// UK postcodes (SW1A 1AA, m1 1ae), Irish Eircodes (D02 X285) and Canadian postal codes (K1A 0B1).
const POSTCODE = new RegExp(
  [
    String.raw`\b(?:gir ?0aa|[a-pr-uwyz](?:\d[a-hjkpstuw]?|[a-hk-y]\d[abehmnprv-y]?|\d\d|[a-hk-y]\d\d)\s?\d[abd-hjlnp-uw-z]{2})\b`,
    String.raw`\b[ac-fhknprtv-y]\d{2}\s?(?=[ac-fhknprtv-y]*\d)[ac-fhknprtv-y\d]{4}\b`,
    String.raw`\b[abceghj-nprstvxy]\d[abceghj-nprstv-z]\s?\d[abceghj-nprstv-z]\d\b`,
    String.raw`\b(?:zip|zip code|postcode|post code|eircode|postal code)(?: is)?:?\s*[a-z0-9]{3,4}\s?[a-z0-9]{3,4}\b`
  ].join('|'),
  'gu'
);

const STREET = '(?:street|st|road|rd|avenue|ave|lane|ln|drive|crescent|cres|gardens|gdns|grove|terrace|square|mews|boulevard|blvd|parade|close|way|court)';
const NOT_A_STREET_NAME = '(?!(?:the|a|an|my|his|her|our|their|this|that|on|in|at|of|to|and|or|close|good|best) )';
const ADDRESS = new RegExp(
  [
    `\\b\\d{1,4}[a-z]?,? (?:[a-z'-]+ ){0,2}${NOT_A_STREET_NAME}[a-z'-]+ ${STREET}\\b`,
    `\\b(?:my|our|her|his) address(?: is|:)\\s*[^.!?\\n]{3,60}`,
    `\\b(?:i|we|she|he) (?:live|lives|living) (?:at|on) (?:number |no\\.? )?(?:\\d{1,4}[a-z]? )?(?:[a-z'-]+ ){1,3}${STREET}\\b`,
    `\\bflat \\d{1,4}[a-z]?\\b`
  ].join('|'),
  'gu'
);

const SCHOOL_WORDS =
  '(?:academy|high school|high|grammar school|grammar|primary school|primary|secondary school|secondary|community college|comprehensive|middle school|elementary school|elementary|college|school|catholic school|c of e|church school|prep|free school|sixth form college|juniors|infants)';
/** Words that come before "school"/"academy" without naming one: "my school", "a high school", "an Irish secondary". */
const NOT_A_SCHOOL_NAME = new Set(
  'my the a an at her his our their your this that same local new old different secondary primary high private public state catholic boarding girls boys girl boy football dance drama whole big small senior junior middle grammar another one any every which what to in from of for and or other sixth form first second third year elementary nursery infant infants sunday summer night driving art music sports community special online home prep after before free his hers its go went goes going at after whole entire next last previous former current kids childrens childs son daughter sons daughters kid child pupils students teachers teacher staff whose entire attends attend attending into out about through across during near by with around over under all some no uni university medical law business police cadet religious faith christian muslim jewish islamic church village town city county comp good bad best worst hate love left leave leaving started start change changed moved move moving irish scottish welsh english british american canadian australian aussie kiwi'.split(
    ' '
  )
);
// Starts only where a word (letters, ' and -) starts, after any leading ' or -: tried after every ' or -
// inside one long word ("a-a-a-…"), it would re-read the rest of the word from each, quadratic.
const NAMED_SCHOOL = new RegExp(`(?<![a-z0-9_'-])['-]*([a-z][a-z'-]+(?: [a-z][a-z'-]+)?) ${SCHOOL_WORDS}\\b`, 'gu');
const SAINT_SCHOOL = /\b(?:st\.?|saint) [a-z]+(?:'s|s)?(?: (?:catholic|c of e|rc|church|primary|secondary|high|academy|school|college|comprehensive|grammar))*\b/gu;

/** Words after "my name is" that are not names: "I'm called names", "I'm called a slut". */
const NOT_A_NAME = new Set(
  'a an the names name that this it not all every really so too very just also only even still always never sometimes things stuff horrible nasty ugly fat gay slut slag whore weird stupid dumb things worse bad by at to in on as mum dad son daughter anonymous anon nobody no none here worried scared confused sorry sad upset i im'.split(
    ' '
  )
);
const NAME_PHRASE = /\b(?:my name(?:'s| is| iz|s)|i'm called|i am called|im called|name's|my names|(?:you can|u can|just|please|pls) call me|i go by|they call me|my daughter's name is|my son's name is|her name is|his name is|their name is|this is)\s+([\p{L}][\p{L}'-]{1,30})/gu;
/** "Hi, I'm Jess." — a capitalised word after I'm that the vocabulary does not know. */
const IM_CAPITALISED = /(?:^|[.!?,]\s*|\b(?:hi|hello|hey|hiya)[,!.]?\s+)(?:i'm|i am|im|it's|its)\s+(\p{Lu}[\p{Ll}'-]{1,20})\b/gu;
/** "hi im jess", typed in lower case at the start of a message. */
const GREETING_NAME = /^(?:hi|hello|hey|hiya|heya)[\s,!.]+(?:i'm|im|i am|it's|its|this is)\s+([\p{L}][\p{L}'-]{1,20})\b/gu;
/** "my son Jack", "my daughter Emily (14)" */
const CHILD_NAME = /\bmy (?:son|daughter|child|boy|girl|stepson|stepdaughter|niece|nephew|grandson|granddaughter|student|pupil)\s+(\p{Lu}[\p{Ll}'-]{1,20})\b/gu;

/**
 * Slang written in leetspeak can have a postcode's shape ("n00dz" reads like N0 0DZ): a match that,
 * with its digits read as letters, is a word of the training phrases is that word, not a postcode.
 */
function isLeetWord(match: string, known: ReadonlySet<string>): boolean {
  const word = unleet(match.replace(/\s/g, ''));
  return !/\d/.test(word) && known.has(word);
}

export interface PiiOptions {
  /** Lower-case words that are not names (from the training phrases). */
  knownWords?: ReadonlySet<string>;
  /** Digits of published helpline numbers: quoting one is not an identifying detail. */
  serviceNumbers?: ReadonlySet<string>;
}

function fold(text: string): string {
  return text.normalize('NFKC').replace(/[\u2018\u2019\u02bc]/g, "'");
}

export function createPiiFinder(options: PiiOptions = {}) {
  const known = options.knownWords ?? new Set<string>();
  const serviceNumbers = options.serviceNumbers ?? new Set<string>();

  return function findPii(text: string): PiiFound {
    const kinds = new Set<PiiKind>();
    const spans: [number, number][] = [];
    const original = fold(text);
    // The patterns that read `lower` have no i flag: it is lower case already, and case-insensitive
    // Unicode matching costs V8 several times as much.
    const lower = original.toLowerCase();
    const add = (kind: PiiKind, start: number, end: number) => {
      kinds.add(kind);
      spans.push([start, end]);
    };
    const scan = (re: RegExp, source: string, kind: PiiKind, group = 0, keep?: (m: RegExpExecArray) => boolean) => {
      re.lastIndex = 0;
      for (let m = re.exec(source); m; m = re.exec(source)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        if (keep && !keep(m)) continue;
        const value = m[group] ?? m[0];
        const start = group === 0 ? m.index : m.index + m[0].lastIndexOf(value);
        add(kind, start, start + value.length);
      }
    };
    const overlaps = (start: number, end: number) => spans.some(([s, e]) => start < e && end > s);

    scan(EMAIL, lower, 'email');
    scan(AT_HANDLE, lower, 'handle', 0, (m) => !overlaps(m.index, m.index + m[0].length));
    scan(NAMED_HANDLE, lower, 'handle', 1, (m) => {
      const value = (m[1] ?? '').replace(/^@/, '');
      if (NOT_A_HANDLE.has(value) || /^\d{1,2}$/.test(value)) return false;
      return /[\d_.]/.test(value) || !known.has(value);
    });
    scan(PHONE, lower, 'phone', 0, (m) => {
      const digits = m[0].replace(/\D/g, '');
      if (digits.length < 9 || digits.length > 15) return false;
      return ![...serviceNumbers].some((n) => digits.endsWith(n) || n.endsWith(digits));
    });
    scan(POSTCODE, lower, 'postcode', 0, (m) => !overlaps(m.index, m.index + m[0].length) && /\d/.test(m[0]) && /[a-z]/.test(m[0]) && !isLeetWord(m[0], known));
    scan(ADDRESS, lower, 'address', 0, (m) => !overlaps(m.index, m.index + m[0].length));
    scan(SAINT_SCHOOL, lower, 'school');
    // "went to Westfield Academy", "at leeds college": the word before the school word names it,
    // when it is capitalised or not an everyday word ("my school", "the whole school" are not names)
    scan(NAMED_SCHOOL, lower, 'school', 0, (m) => {
      const words = (m[1] ?? '').split(' ');
      const last = words[words.length - 1] ?? '';
      // "my daughter's school", "her friend's school": someone's school, not a named one
      if (/'s?$/.test(last) || NOT_A_SCHOOL_NAME.has(last)) return false;
      const at = m.index + (m[1] ?? '').length - last.length;
      return /^\p{Lu}/u.test(original.slice(at)) || !known.has(last.replace(/'/g, ''));
    });
    scan(NAME_PHRASE, lower, 'name', 1, (m) => {
      const name = (m[1] ?? '').toLowerCase();
      if (NOT_A_NAME.has(name) || /(?:ing|ed)$/.test(name)) return false;
      if (/^(?:my name|name's|my names|her name|his name|their name|my daughter's name|my son's name)/.test(m[0])) return true;
      // "this is Sam" needs a capital ("this is awful" is not a name); "I'm called Jess" an unfamiliar word
      const capital = /^\p{Lu}/u.test(original.slice(m.index + m[0].length - (m[1] ?? '').length));
      return /^this is/.test(m[0]) ? capital && !known.has(name) : !known.has(name) || capital;
    });
    scan(GREETING_NAME, lower, 'name', 1, (m) => {
      const name = (m[1] ?? '').toLowerCase();
      return !known.has(name) && !NOT_A_NAME.has(name);
    });
    scan(IM_CAPITALISED, original, 'name', 1, (m) => {
      const name = (m[1] ?? '').toLowerCase();
      return !known.has(name) && !NOT_A_NAME.has(name) && !/^(?:I|In|On|At|So|Not|A|An)$/.test(m[1] ?? '');
    });
    scan(CHILD_NAME, original, 'name', 1, (m) => !known.has((m[1] ?? '').toLowerCase()));

    if (spans.length === 0) return { kinds: [], masked: original };
    spans.sort((a, b) => a[0] - b[0]);
    let masked = '';
    let at = 0;
    for (const [start, end] of spans) {
      if (end <= at) continue;
      masked += original.slice(at, Math.max(at, start)) + PII_MARK;
      at = end;
    }
    masked += original.slice(at);
    const order: PiiKind[] = ['name', 'phone', 'email', 'address', 'postcode', 'school', 'handle'];
    return { kinds: order.filter((k) => kinds.has(k)), masked };
  };
}
