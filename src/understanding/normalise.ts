// Text normalisation shared by the safety layer, the slot extractors and the classifier.
// Frightened people type fast: "pleaseee", "k1ll mys3lf", "ur", "im", "noods". One
// deterministic function turns all of that into plain lower-case words, so the patterns
// in content/safety.yaml and the classifier can stay simple and readable. The spellings and
// slang it folds are content (content/understanding/spellings.yaml).

/** Characters that change nothing visible: zero-width spaces, joiners, soft hyphens, BOM. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]/g;

/** Leetspeak digits and symbols, replaced only inside words (never in "15", "£100" or "15yo"). */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/**
 * Tokens that keep their digits: ages, ordinals, times, amounts ("15yo", "y9", "3rd", "10pm", "100k"),
 * rough ages ("20something", "40odd"), age groups ("u17s"), money ("$5k") and forum ages ("f14", "m24").
 */
const KEEP_DIGITS = /^(?:\d+(?:st|nd|rd|th|yo|yos|yrs?|y|m|f|am|pm|k|ish|s|x|mins?|hrs?|ft|cm|gb|mb|p|quid|somethings?|odd|plus)?|u\d+s?|[$£€]\d+[a-z]*|[fm]\d\d|y(?:r|ear)?\d+|d(?:d|s|sd|ss)\d+|s\d+|p\d+|\d+[a-z]?\d*|[a-z]\d)$/;

/** Words a bare "2" or "4" stands for ("get my teen 2 open up", "asking 4 pics"), judged by the next word. */
const TO_BEFORE = new Set(
  'me him her them us the my your ur a an be do go get send talk tell see make stop open meet post share say ask pay know school bed sleep everyone someone work take keep leave come look help find use put show jail prison court delete block report'.split(' ')
);
const FOR_AFTER = new Set('me him her them us the my a this that it you ever real sure sending having ages'.split(' '));
const FOR_AFTER_VERB = /^(?:ask|asking|asked|begging|beg|arrested|arested|trouble|done|jail|prison|excluded|record|going|goin|sorry)$/;
/** "says hell post it": "hell", "shell" and "ill" after a word that reports speech are "he'll", "she'll", "I'll". */
const SPEECH = /^(?:said|says|saying|sayz|sed|that|and|or|then|because|so|if|unless|cos|think|thinks|bet|swear|swears|threatening|threatened|what|when|scared|afraid|worried)$/;
const MY_BEFORE = new Set('son daughter child kid kids boy girl wee lad pics nudes phone bf gf boyfriend girlfriend mum dad mam family pic photos photo friends mates school'.split(' '));

const UNIT_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEEN_WORDS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS_WORDS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
/** Words before a small number that make it an age: "i'm nine", "aged five", "only seven". */
const AGE_BEFORE = /^(?:i'm|im|aged|age|only|just|turned|was|is|she's|he's|they're|nearly|almost)$/;
/** Words after a number that make it an age: "nine year old", "five yo". */
const AGE_AFTER = /^(?:years?|yrs?|yo|year-old|month)$/;

/**
 * Numbers in words become digits, so "i'm twelve" and "a man of twenty eight" read like "i'm 12" and
 * "28" to every pattern. One to nine only where they are clearly an age ("no one", "the one" stay).
 */
function numbersAsDigits(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    const tens = TENS_WORDS.indexOf(t);
    if (tens >= 0) {
      const unit = UNIT_WORDS.indexOf(tokens[i + 1] ?? '');
      out.push(String((tens + 2) * 10 + (unit >= 0 ? unit + 1 : 0)));
      if (unit >= 0) i++;
      continue;
    }
    const teen = TEEN_WORDS.indexOf(t);
    if (teen >= 0) {
      out.push(String(teen + 10));
      continue;
    }
    const unit = UNIT_WORDS.indexOf(t);
    out.push(unit >= 0 && (AGE_BEFORE.test(tokens[i - 1] ?? '') || AGE_AFTER.test(tokens[i + 1] ?? '')) ? String(unit + 1) : t);
  }
  return out;
}

/** Context rules, word by word, once every token is spelled out. */
function inContext(raw: string[], known: ReadonlySet<string>): string[] {
  // dropped g first: "askin", "sendin", "goin" -> "asking", "sending", "going"
  const tokens = raw.map((t) => (t.length >= 4 && t !== 'thin' && t.endsWith('in') && known.has(`${t}g`) ? `${t}g` : t));
  return tokens.map((t, i) => {
    const prev = tokens[i - 1] ?? '';
    const next = tokens[i + 1] ?? '';
    if (t === '2' && i > 0 && TO_BEFORE.has(next)) return 'to';
    if (t === '4' && i > 0 && (FOR_AFTER.has(next) || FOR_AFTER_VERB.test(prev))) return 'for';
    if (SPEECH.test(prev) || i === 0) {
      if (t === 'hell') return "he'll";
      if (t === 'shell') return "she'll";
      if (t === 'hed') return "he'd";
      if (t === 'shed' && SPEECH.test(prev)) return "she'd";
    }
    if (t === 'ma' && MY_BEFORE.has(next)) return 'my';
    return t;
  });
}

/** Lower case, NFKC, one kind of apostrophe and quote, no invisible characters. */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
}

/** Leetspeak inside a word read as letters ("k1ll" -> "kill"); numbers and times stay. */
export function unleet(token: string): string {
  // A possessive keeps its digits too: "my 14yo's phone" is an age, not leetspeak for "iayo's".
  if (!/[0-9@$]/.test(token) || !/[a-z]/.test(token) || KEEP_DIGITS.test(token.replace(/'s?$/, ''))) return token;
  return token.replace(/[0134579@$]/g, (c) => LEET[c] ?? c);
}

/** Three or more of the same letter become two ("pleaseee" -> "pleasee", "sooo" -> "soo"). */
function squeeze(token: string): string {
  return token.replace(/([a-z])\1{2,}/g, '$1$1');
}

/** "pleasee" -> "please", "soo" -> "so": drop a doubled letter when that makes a known word. */
function undouble(token: string, known: ReadonlySet<string>): string {
  if (known.has(token) || !/([a-z])\1/.test(token)) return token;
  const single = token.replace(/([a-z])\1+/g, '$1');
  if (known.has(single)) return single;
  // one pair at a time: "killl" -> "kill" is already handled by squeeze; "pleasee" -> "please"
  for (let i = 0; i < token.length - 1; i++) {
    if (token[i] === token[i + 1]) {
      const candidate = token.slice(0, i) + token.slice(i + 1);
      if (known.has(candidate)) return candidate;
    }
  }
  return token;
}

/** Words the undoubling may aim for, besides the spellings and those the caller knows (training, patterns). */
const BASE_KNOWN = new Set<string>([
  'so', 'no', 'please', 'help', 'me', 'he', 'she', 'die', 'dead', 'hate', 'kill', 'kms', 'kys', 'scared', 'god',
  'now', 'why', 'what', 'omg', 'lol', 'hi', 'hey', 'hello', 'hiya', 'thanks', 'sorry', 'yes', 'yeah', 'sad',
  'really', 'very', 'too', 'all', 'bad', 'worried', 'stop', 'sick', 'ugh', 'wtf', 'need', 'urgent'
]);

export interface Normaliser {
  (text: string): string;
}

/**
 * Builds the normaliser. `spellings` (typed word -> what it means) spell text-speak out;
 * `vocabulary` (words from the training phrases and the safety patterns) lets "pleaseee" find
 * "please" without guessing at words it has never seen.
 */
export function createNormaliser(spellings: Readonly<Record<string, string>>, vocabulary: Iterable<string> = []): Normaliser {
  const known = new Set<string>(BASE_KNOWN);
  for (const [typed, meant] of Object.entries(spellings)) {
    known.add(typed);
    for (const w of meant.split(' ')) known.add(w);
  }
  for (const w of vocabulary) known.add(w);
  // Object.hasOwn: a typed "constructor" or "__proto__" must never reach Object.prototype.
  const spelled = (token: string) => (Object.hasOwn(spellings, token) ? spellings[token] : undefined);
  return (text: string): string => {
    const folded = fold(text)
      // "u.k.", "u.s.a." and "u.s." before the full stops go
      .replace(/\bu\.k\b\.?/g, 'uk')
      .replace(/\bu\.s\.a\b\.?/g, 'usa')
      .replace(/\bu\.s\b\.?/g, 'usa')
      // "y/o", "y.o." -> "yo"; "w/" -> "with"
      .replace(/\b(\d+)\s*y\s*[/.]\s*o\b\.?/g, '$1yo')
      .replace(/\bw\//g, 'with ')
      // "18+" stays readable as a word
      .replace(/(\d)\+/g, '$1 plus');
    const out: string[] = [];
    for (const piece of folded.split(/[^\p{L}\p{N}\p{M}'@$£€]+/u)) {
      // strip quotes that wrap a word: 'like this'
      const bare = piece.replace(/^'+|'+$/g, '');
      if (!/[\p{L}\p{N}£$€]/u.test(bare)) continue;
      const direct = spelled(bare);
      if (direct) {
        out.push(direct);
        continue;
      }
      const word = undouble(squeeze(unleet(bare)), known);
      out.push(spelled(word) ?? word);
    }
    return numbersAsDigits(inContext(out.join(' ').split(' '), known)).join(' ');
  };
}

/** Lower-case word tokens of normalised text (letters, digits, inner apostrophes). */
export function words(normalised: string): string[] {
  return normalised.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? [];
}
