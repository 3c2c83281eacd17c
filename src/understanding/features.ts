// Features for the situation classifier: the normalised words, stemmed, plus a few
// concept tags that let the classifier generalise to words it has not seen in training
// ("airdropped", "leaked", "forwarded" are all SHARE). Deterministic and local.
import { StemmerEn } from '@nlpjs/lang-en-min';
import { words } from './normalise.js';

/** Words that carry no meaning for the situation. Pronouns stay: "i sent" and "sent me" differ. */
const STOP = new Set(
  'a an the and or but so to of in on at is are was were be been being am it its it\'s this that these those for with as by from just really very like um uh well then than too also oh ok okay yeah ya lol omg tbh ngl literally actually basically honestly pls please thanks thank hi hey hello hiya xx x'.split(
    ' '
  )
);

/** Concept tags: a word's stem -> a tag added alongside it. */
const CONCEPTS: [string, RegExp][] = [
  ['_img', /^(?:nude|nudes|noodz|naked|pic|pics|photo|photos|pictur|imag|video|vid|vids|selfi|sext|explicit|intim|topless|semi|underwear|bra|privat|dick|boob|bum|chest|bodi|content|porn|rude|spici|naughti|dirti)/],
  ['_send', /^(?:sent|send|snt|swap|exchang)/],
  ['_share', /^(?:share|shared|post|leak|spread|forward|airdrop|upload|show|shown|circul|screenshot|round|around|everywher|publish|onlin|websit|site|group|chat|stori)/],
  ['_ask', /^(?:ask|beg|want|pressur|nag|pester|push|guilt|dare|keep|wont|stop)/],
  ['_money', /^(?:money|pay|paid|cash|gift|card|voucher|bitcoin|crypto|paypal|steam|amazon|£|\$|quid|pound|dollar)/],
  ['_threat', /^(?:threat|blackmail|sextort|extort|expos|unless|ruin|demand)/],
  ['_law', /^(?:illeg|legal|law|crime|crimin|arrest|jail|prison|polic|record|charg|prosecut|offend|regist|dbs|court|sue|outcom|convict)/],
  ['_school', /^(?:school|skl|teacher|head|dsl|safeguard|pupil|student|class|staff|tutor|form|exclud|expel|suspend|confisc|pastor|ukcis|incid)/],
  ['_child', /^(?:son|daughter|child|children|kid|kids|teen|teenag|boy|girl|lad|stepson|stepdaught)/],
  ['_adult', /^(?:man|men|adult|older|grown|guy|bloke|stranger|old)/],
  ['_talk', /^(?:talk|say|explain|convers|convo|bring|rais|tell|speak|discuss|approach|advic|tip|react)/],
  ['_sad', /^(?:sad|cri|cry|ashame|shame|embarrass|anxious|anxieti|panic|scare|alon|lone|low|down|depress|stress|sick|disgust|hate|stupid|worthless|cope|overwhelm|humili|numb|upset|hurt)/],
  ['_thought', /^(?:thought|urg|attract|feel|fantasi|interest)/],
  ['_minor', /^(?:child|children|kid|kids|minor|underag|young|younger|littl|lil|teen|cp|csam)/],
  ['_report', /^(?:report|remov|taken|delet|take|gone|off)/]
];

/**
 * Phrase concepts over the normalised text: who did what to whom. "sent me" and "I sent"
 * share their words but not their meaning; these tags carry the direction.
 */
const PHRASES: [string, RegExp][] = [
  // something was sent TO me (or my child): received-image
  ['_tome', /\b(?:sent|send|sends|sending|airdrop\w*|forward\w*|show\w*|flash\w*|dm\w*|messag\w*) (?:me|my (?:son|daughter|child|kid|boy|girl)|her|him)\b|\b(?:got|get|gets|getting|was|were|been|keep getting|keeps getting) (?:sent|airdropped|flashed|cyberflashed|shown)\b|\breceived\b|\bunsolicited\b|\bunwanted\b|\bdidn't ask for\b|\bwithout (?:me )?asking\b/],
  // I (or my child) sent or took it: sent-image
  ['_isent', /\b(?:i|we|i've|i have|i've been|my (?:son|daughter|child|kid|teen\w*|boy|girl)|she|he)(?: \w+)? (?:sent|snt|took|swapped|exchanged|sexted|flashed)\b|\b(?:i|we) (?:\w+ )?(?:sent|send|sending)\b|\bsending (?:nudes|pics|photos|pictures|naked|videos)\b/],
  // it has been spread: image-shared
  ['_spread', /\b(?:going round|goin round|gone round|went round|round (?:the|my|his|her) (?:school|year|class)|passed (?:a)?round|(?:airdropped|sent|forwarded) (?:a)?round|everyone (?:has )?(?:seen|saw|has it)|everywhere|online|on (?:a|the|an|some) (?:website|site|page|story|group|account|porn site)|got (?:shared|leaked|posted|out)|been (?:shared|leaked|posted|forwarded|uploaded)|(?:shared|posted|leaked|forwarded|uploaded|spread|showed|shown) (?:my|her|his|it|them|the)|taken down|take (?:it|them) down|removed)\b/],
  // a picture of me: mine, whether sent or spread
  ['_ofme', /\b(?:nudes?|pics?|photos?|pictures?|videos?|vids?|images?|selfies?) (?:of me|of my (?:son|daughter|child|kid))\b|\bmy (?:nudes?|pics?|photos?|pictures?|videos?|vids?|images?|noods)\b/],
  // being asked, nagged, begged: pressured
  ['_asked', /\b(?:keeps?|keep on|won't stop|wont stop|always|been|stop) (?:\w+ ){0,2}(?:asking|begging|nagging|pestering|pressuring|pushing|going on)\b|\b(?:asks?|asked|asking|begs?|begged|begging) (?:me |her |him |my \w+ )?(?:for|to send)\b|\bwants? (?:me|her|him) to send\b|\bsay no\b|\bpressur\w*\b/],
  // a question about the law: law
  ['_lawq', /\b(?:illegal|against the law|breaking the law|a crime|criminal|arrested|charged|prosecuted|record|prison|jail|offence|legal|legally|the law|sex offenders?)\b|\bin trouble with (?:the )?police\b/],
  // a question about what school does: school-response
  ['_schoolq', /\b(?:school|teachers?|head|headteacher|head of year|form tutor|dsl|staff)(?: \w+){0,3} (?:find out|know|tell|call|search|see|look|take|do|doing|punish|exclude|involve|report|investigat\w*)\b|\b(?:excluded|expelled|suspended|kicked out)\b|\b(?:confiscate|search)\w* (?:a |the |my |her |his )?(?:pupil|student|phone)\w*/],
  // how to talk to a child: talk-to-child
  ['_howtalk', /\bhow (?:do|should|can|would|could) (?:i|we) (?:\w+ ){0,2}(?:talk|speak|say|tell|explain|bring|raise|approach|react|support|start|warn|teach|reassure|help (?:her|him|them|my))\b|\bwhat (?:do|should|can|shall) (?:i|we) (?:say|tell)\b|\b(?:talk|speak|chat) to (?:my|our|her|him|them)\b|\bconversation\b|\bconvo\b/],
  // feelings: feeling-low
  ['_feel', /\b(?:i|i'm|i am|im|she's|he's|feel|feeling|felt)(?: \w+){0,2} (?:so |really |very |rly |just )?(?:ashamed|embarrassed|scared|sad|anxious|alone|lonely|low|down|depressed|stressed|sick|awful|horrible|disgusting|dirty|stupid|worthless|overwhelmed|humiliated|upset|numb|empty|terrible|gutted|hopeless)\b|\bcan't (?:stop crying|sleep|eat|cope|concentrate|face)\b|\bpanic attacks?\b/],
  // my own thoughts: own-thoughts
  ['_mythoughts', /\b(?:my|own) (?:thoughts|urges|feelings|attraction|interest|behaviour)\b|\battracted to\b|\b(?:looking|looked|look) at (?:images|pictures|videos|stuff|things|porn)\b/],
  // came across material: found-csam
  ['_found', /\b(?:found|saw|seen|came across|come across|stumbled|clicked)\b(?: \w+){0,6} (?:child|children|kids?|kid's|minors?|underage|young|little)\b/]
];

const stemmer = new StemmerEn();

/**
 * The caches hold the training vocabulary only. Once training is done they stop growing, so
 * words people type are never kept in memory beyond their own turn (privacy).
 */
let learningVocabulary = true;
export function stopLearningVocabulary(): void {
  learningVocabulary = false;
}

const stemCache = new Map<string, string>();
function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /\d/.test(word) ? word : ((stemmer.stem([word]) as string[])[0] ?? word);
    if (learningVocabulary) stemCache.set(word, s);
  }
  return s;
}

const conceptCache = new Map<string, string[]>();
function conceptsOf(stemmed: string): string[] {
  let tags = conceptCache.get(stemmed);
  if (tags === undefined) {
    tags = CONCEPTS.filter(([, re]) => re.test(stemmed)).map(([tag]) => tag);
    if (learningVocabulary) conceptCache.set(stemmed, tags);
  }
  return tags;
}

/** Stems of the content words, in order (used for bigrams). */
export function stems(normalised: string): string[] {
  return words(normalised)
    .map((w) => w.replace(/'s$/, '').replace(/'/g, ''))
    .filter((w) => w.length > 0 && !STOP.has(w))
    .map(stem);
}

/** Stems, bigrams of stems, concept tags and phrase tags (phrase tags count twice: they carry direction). */
export function features(normalised: string): string[] {
  const s = stems(normalised);
  const out = [...s];
  for (let i = 0; i + 1 < s.length; i++) out.push(`${s[i]}_${s[i + 1]}`);
  for (const w of s) out.push(...conceptsOf(w));
  for (const [tag, re] of PHRASES) if (re.test(normalised)) out.push(tag, tag);
  return out;
}

/**
 * Character n-grams inside each word, the word's edges marked ("<nud", "des>"): a misspelt or
 * unseen word ("screenshoted", "nuddes", "blackmale") still shares most of them with the words
 * of the training phrases. Prefixed so they never collide with a stem.
 */
export function charNgrams(normalised: string, min = 3, max = 5): string[] {
  const out: string[] = [];
  for (const word of words(normalised)) {
    const marked = `<${word.replace(/'/g, '')}>`;
    for (let n = min; n <= max; n++) for (let i = 0; i + n <= marked.length; i++) out.push(`#${marked.slice(i, i + n)}`);
  }
  return out;
}

/** Stems, stem bigrams, concept and phrase tags, and character n-grams (compared, not chosen: COMPARISON.md). */
export function withCharNgrams(normalised: string): string[] {
  return [...features(normalised), ...charNgrams(normalised)];
}

/** What the linear models read: words (the default), or words and character n-grams. */
export type FeatureSet = 'words' | 'words+chars';
export const featureFunction = (set: FeatureSet = 'words'): ((normalised: string) => string[]) =>
  set === 'words+chars' ? withCharNgrams : (normalised) => features(normalised);
