// Slot extractors: who is asking, how old, where, and (for an adult whose picture was
// shared) whether they were under 18 in it. Deterministic rules over the normalised text,
// read after identifying details were masked, so "07700 900123" is never an age and
// "SW1A 1AA" never a region. What is found fills the dialog, so no question is asked twice.
import type { Slots } from '../../dialogs/events.js';
import { asksAboutAChild, type AgeBand, type Audience, type Expects } from '../../dialogs/vocabulary.js';
import { alternation, type UnderstandingWords } from '../content/understandingWords.js';
import { findRegion, regionPatterns, type RegionPatterns } from './region.js';
import type { UnderstandingHint } from './types.js';

export interface ExtractedSlots extends Slots {
  /** Character ranges of the normalised text that only stated slots ("i'm her mum", "in dublin"). */
  spans: [number, number][];
}

// ---------- numbers ----------

const UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70 };
const NUMBER_WORD =
  '(?:(?:twenty|thirty|forty|fifty|sixty|seventy)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)';
const NUM = `(?:\\d{1,2}|${NUMBER_WORD})`;

function toNumber(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const [tens, unit] = word.split(/[ -]/);
  if (tens && TENS[tens] !== undefined) return TENS[tens] + (unit ? (UNITS[unit] ?? 0) : 0);
  return UNITS[word];
}

export function bandOf(age: number): AgeBand {
  if (age < 13) return 'under-13';
  if (age < 18) return '13-17';
  return '18-plus';
}

/** An age under 18 without the number ("I'm under 18", "I'm a teenager"): a young person, in the 13-17 band. */
const UNDER_18_WORDS = 'under 18|under eighteen|a teen|a teenager|a minor|underage|under age';
const UNDER_18 = new RegExp(`\\b(?:i'm|i am|im) (?:${UNDER_18_WORDS})\\b`);

/** Words after a number that make it something other than an age. */
const NOT_AGE_AFTER =
  '(?! ?(?:mins?|minutes|hours?|hrs|days?|weeks?|months?|times|pics?|photos?|pictures|nudes|videos?|messages?|texts?|people|friends|followers|miles|km|kg|stone|lbs|pounds|quid|dollars|euros|percent|am|pm|o\'?clock|seconds|secs|likes|views|ago|of|or|to|and a half|year(?:s)? ago|grand|k)\\b)';

// ---------- audience ----------

/** A noun after "my 15 year old" that is not the writer's child. */
const NOT_CHILD_AFTER =
  '(?! ?(?:(?:step|half|little|baby|younger|big) ?(?:brother|sister)|boyfriend|girlfriend|bf|gf|friend|friends|mate|mates|brother|sister|cousin|bro|sis|ex|partner|classmate|crush))';
interface Cue {
  audience: Audience;
  re: RegExp;
  /** A parent only by a child named ("my nephew", "my 8 year old"), not by saying so ("i'm her mum"). */
  byRelation?: boolean;
  /**
   * Only a guess at who is writing, from what they write about ("a girl in my class", "my mum"): it
   * names who is asking when nobody has said, and never changes it once they have. A teacher's "a
   * girl in year 9" is a pupil; "I'm 15" or "I'm her mum" says who the writer is, and corrects it.
   */
  guess?: boolean;
}

/** The word lists of content/understanding/people.yaml, as alternations. */
interface PeopleWords {
  parents: string;
  children: string;
  ownChildren: string;
  /** Words between "my" and the child: "my teenage daughter", "my eldest son", "my adult son". */
  childAdjectives: string;
  /** "my adult son", "our grown up daughter": a child who is 18 or over. */
  adultChild: string;
  professionals: string;
  pupils: string;
}

function peopleWords(words: UnderstandingWords): PeopleWords {
  const { parents, children, ownChildren, childDescriptions, adultChildDescriptions, professionals, pupils } = words.people;
  return {
    parents: `(?:${alternation(parents)})`,
    children: `(?:${alternation(children)})`,
    ownChildren: `(?:${alternation(ownChildren)})`,
    childAdjectives: `(?:(?:${alternation([...childDescriptions, ...adultChildDescriptions])}|\\d+ ?(?:yo|yr old|year old)|(?:year|yr|grade) ?\\d{1,2}) )?`,
    adultChild: `\\b(?:my|our) (?:${alternation(adultChildDescriptions)}) (?:${alternation(children)})\\b`,
    professionals: `(?:${alternation(professionals)})`,
    pupils: `(?:${alternation(pupils)})`
  };
}

/** Who is asking. Self-descriptions first ("I'm a teacher", "I'm her mum", "I'm 15"), then relations. */
function audienceCues({ parents: PARENT_WORDS, children: CHILD_WORDS, childAdjectives: CHILD_ADJECTIVES, professionals: PROFESSIONAL_ROLE, pupils: PUPILS }: PeopleWords): Cue[] {
  return [
  // "I'm a teacher", "as a DSL", "I work in a school"
  {
    audience: 'professional',
    re: new RegExp(
      `\\b(?:i'm|i am|as|i work as|working as|we are|we're|speaking as|i'm the|i'm one of the)(?: actually| really| also| just)?(?: a| an| the| their| her| his| its| our| my \\w+'s| one of the)?(?: \\w+)?(?: \\d{1,2})? ${PROFESSIONAL_ROLE}\\b|\\b(?:i|we) teach\\b(?! (?:myself|him|her|them|you|my)\\b)|\\b(?:i|we) coach\\b|\\b(?:i|we) (?:run|lead|help run|volunteer (?:at|with|for)) (?:a|an|the|our|my)(?: local)? (?:scout|cub|beaver|brownie|guide|girl guide|youth|football|rugby|netball|swimming|dance|drama|sports?|church|after school|holiday)(?: \\w+)? (?:troop|group|club|team|pack|unit|class|camp|squad|section)\\b|\\b(?:i|we) (?:work (?:in|at|for) (?:a |an |the )?(?:school|college|academy|nursery|pru|youth club|primary|secondary|sixth form)|work with (?:young people|children|kids|teenagers|teens|students|pupils|young ones))\\b|\\bwho works? with (?:young people|children|kids|teenagers|teens|students|pupils)\\b|(?<!\\b(?:my|our|your|his|her|their|the|a|that|this) )\\b${PROFESSIONAL_ROLE} here\\b|^(?:hi |hello )?(?:a |the )?${PROFESSIONAL_ROLE},? (?=(?:a|an|one|two|some|year|yr|y\\d+|my|our|we|i|in|at|from)\\b)|\\b(?:one of|some of|two of) (?:my|our) (?:pupils|students|girls|boys|lads|players|scouts|campers|cadets|year \\d+s?|learners|young people)(?:'s?)?\\b|(?<!\\b(?:in|from|at) )\\bmy ${PUPILS}\\b|\\b(?:a|one|two|some) (?:of )?(?:our |my )?(?:year \\d+ |y\\d+ |yr\\d+ )?(?:pupils?|students?|learners?) (?:has|have|had|told|disclosed|came|reported|is|are|was|were|in (?:my|our))\\b|\\b(?:disclosed to me|our dsl|the dsl|our safeguarding lead|safeguarding referral|i'm safeguarding|our pupils|our students|in my class at)\\b`
        // "...at a secondary school", "...in a primary": where they work, part of saying who they are
        + `(?:,? (?:at|in|for) (?:a|an|the|our|my) (?:\\w+ )?(?:school|academy|college|primary|secondary|nursery|pru|trust|youth club|charity|council))?`
    )
  },
  {
    audience: 'parent',
    re: new RegExp(
      `\\b(?:i'm|i am|as|we're|we are|speaking as|i'm the|i'm one of the|from a)(?: a| an| the| his| her| their| my \\w+'s| one of)?(?: worried| single| concerned| desperate| scared| frantic| working| proud| new| young| step| foster| adoptive)? ${PARENT_WORDS}\\b(?! of (?:a|an|the) (?:friend|pupil|student))|\\b(?:${PARENT_WORDS}) of (?:a|an|two|three|four|five|\\d+|my|one)\\b|(?:^|\\b(?:a|an|as a|i'm a|im a|i am a|one|from a|just a|another) )(?:worried|concerned|desperate|scared|frantic|single) (?:mum|dad|mother|father|parent|parents|carer|grandparent|nan|gran)\\b|\\b(?:parent|mum|dad|mother|father) here\\b`
    )
  },
  // "my 14 year old", "my nephew", "my boy is...": a parent or carer by the child they name
  {
    audience: 'parent',
    byRelation: true,
    re: new RegExp(
      `\\b(?:my|our) (?:${NUM} ?(?:yo|yr old|yrs old|year old|years old)${NOT_CHILD_AFTER}|${CHILD_ADJECTIVES}${CHILD_WORDS}(?:'s)?)\\b|\\bmy (?:boy|girl)(?:'s)? (?:is|has|was|sent|got|came|told)\\b`
    )
  },
  // "I'm 34", "I'm an adult", "as an adult", "my husband"
  {
    audience: 'adult',
    re: new RegExp(
      `\\b(?:i'm|i am|im) (?:an adult|a grown up|a grown woman|a grown man|over 18|over eighteen|18 plus|an adult woman|an adult man|a woman in my \\d0s|a man in my \\d0s|in my (?:twenties|thirties|forties|fifties|20s|30s|40s|50s))\\b|\\bas an adult\\b|\\bmy (?:husband|wife|fiance|fiancee|ex husband|ex wife|ex-husband|ex-wife)\\b`
    )
  },
  // "I'm under 18", "I'm a teenager", "I'm in year 9"
  {
    audience: 'young-person',
    re: new RegExp(
      `\\b(?:i'm|i am|im) (?:${UNDER_18_WORDS}|a kid|a child|still at school|in (?:year|yr|y) ?\\d+|in (?:\\d+|${NUMBER_WORD})(?:st|nd|rd|th)? grade|in sixth form|in high school|in secondary school|in primary school|doing my gcses|doing gcses)\\b|\\bwe(?:'re| are) (?:both |all )?(?:in )?(?:year|yr|y) ?\\d+\\b(?! (?:teachers?|staff|team|tutors?|class(?:es)?|pupils|students|form tutors?)\\b)`
    )
  },
  // "a boy in my year", "at my school": a pupil's words, and a teacher's ("a girl in my class")
  {
    audience: 'young-person',
    guess: true,
    re: /\b(?:in|at) my (?:year|class|form|school|tutor group)\b|\b(?:boys?|girls?|lads?|guys?|someone|people|everyone|kids) (?:in|from|at) my (?:year|class|form|school|grade)\b/
  }
  ];
}

/** Weaker hints, read only when no cue above was found; "my boss" says more than "my nan". All are guesses. */
const WEAK_AUDIENCE_CUES: Cue[] = ([
  // "my boss", "at work", "at uni" (the writer's: not "when mum's at work")
  {
    audience: 'adult',
    re: /\bmy (?:boss|manager|colleague|colleagues|landlord|flatmate|housemate|coworker|co worker)\b|(?<!\b(?:she's|he's|they're|she|he|they|mum|dad|mom|mam|parents|mum's|dad's|mom's|mam's|is|are|was|were|gone|goes|go|went) )\b(?:at|from) work\b|\bat uni\b|\bmy uni\b/
  },
  // "i'm a student", "i'm a pupil": the writer is one (a university student is an adult)
  {
    audience: 'adult',
    re: /\b(?:i'm|i am|im) an? (?:uni|university|mature|grad|graduate|postgrad|phd|masters) student\b/
  },
  {
    audience: 'young-person',
    re: /\b(?:i'm|i am|im) (?:just )?an? (?:(?:school|high school|secondary school|year \d+|y\d+|sixth form|college) )?(?:student|pupil|schoolgirl|schoolboy|sixth former)\b(?! (?:teacher|nurse|social worker|midwife|police|officer))/
  },
  // "a pupil's image", "we're a primary school", "our school"
  {
    audience: 'professional',
    re: /(?<!\b(?:i'm|i am|im|i was|as|being|just) )\b(?:a|the|another|one|two|some|several|our) (?:year \d+ |y\d+ |yr\d+ )?(?:pupil|pupils|student|students|learner|learners|pupil's|student's)\b(?! (?:teacher|nurse|social worker|midwife))|\bwe're an? (?:\w+ )?(?:school|academy|college|nursery)\b|\bour (?:school|academy|college|staff)\b|\bsafeguarding\b/
  },
  // "tips for a mum", "her 13 year old lad", parents' forum shorthand "DD's ex" (dear daughter)
  {
    audience: 'parent',
    re: new RegExp(`\\b(?:a|as a|for a|being a) (?:mum|dad|parent|mother|father|carer)\\b|\\b(?:dd|ds|dsd|dss)(?:'s)?\\b|\\b(?:her|his|their) (?:${NUM} ?(?:yo|year old|yr old)|teenage|teen) (?:son|daughter|lad|boy|girl|kid|child)\\b`)
  },
  // "my mum", "everyone at school", "back to school", "the whole year group chat"
  {
    audience: 'young-person',
    re: /\b(?:my|at|from|to|in|of|out of|back to|go to) (?:school|skl)\b|\b(?:a|the|this|some) (?:lad|boy|girl|guy) in (?:year|yr) ?\d+\b|\b(?:end|start|beginning|middle) of (?:year|yr) ?(?:[5-9]|1[0-3])\b|\bthe grown ?ups\b|\b(?:the whole|my|our) (?:year|yr) (?:group|grp|chat|gc)\b|\bwhole (?:year|yr)\b|\bmy (?:mum|dad|mom|parents|mam|step mum|step dad|stepmum|stepdad|teacher|teachers|form tutor|head of year|headteacher|head teacher|foster carer|carer|nan|gran)(?:'s)?\b/
  }
] as Cue[]).map((cue) => ({ ...cue, guess: true }));

/** The writer's own picture: "my nudes", "pics of me". */
const OWN_IMAGE = /\b(?:my|of me|me naked|myself)(?: \w+){0,2} (?:nudes?|pics?|photos?|pictures?|videos?|vids?|images?|selfies?|sexts?)\b|\b(?:nudes?|pics?|photos?|pictures?|videos?|vids?|images?|selfies?) (?:of|with) me\b/;
/** A picture that can only be the writer's own: "my nudes", "a video of me" (not "my daughter's pics"). */
const MY_PICTURE = /\bmy (?:own )?(?:nudes?|pics?|photos?|pictures?|videos?|vids?|images?|selfies?|sexts?)\b|\b(?:nudes?|pics?|photos?|pictures?|videos?|vids?|images?|selfies?) (?:of|with) me\b|\bme naked\b/;
/** Someone else's picture: "her nudes", "a video of him", "my son's pics". */
const THEIR_PICTURE = /\b(?:her|his|their|\w+'?s) (?:own )?(?:nudes?|pics?|photos?|pictures?|videos?|vids?|images?|selfies?|sexts?)\b|\b(?:nudes?|pics?|photos?|pictures?|videos?|vids?|images?|selfies?) (?:of|with) (?:her|him|them|my \w+)\b/;
/** Any mention of the writer's child or pupil. */
const childMention = ({ children, pupils }: PeopleWords) =>
  new RegExp(`\\b(?:my|our) (?:${children}|${pupils}|class|lads|girls|boys|players|scouts|campers|cadets|young people)\\b|\\b(?:her|his|their) (?:mum|dad|mother|father|parent|teacher)\\b`);

// ---------- ages ----------

interface AgeSay {
  who: 'self' | 'child';
  age?: number;
  band?: AgeBand;
  at: [number, number];
  /** Only in a question ("is it illegal at 15"), not said of the writer. */
  asked?: boolean;
}

const SELF_AGE = new RegExp(
  `\\b(?:i'm|i am|im|i turned|i just turned|(?<!\\b(?:he|she|they|he's|she's|they've|he has|she has|who|who's|who has)(?: actually| really| only)? )just turned|i'll be|we're both|we are both|we're all|we are all|we're|we are)(?: actually| really)?(?: only| just| nearly| almost| like| about)? (${NUM})(?: ?(?:yo|yr old|yrs old|year old|years old|years|yrs))?\\b${NOT_AGE_AFTER}`,
  'g'
);
/**
 * The writer's age said other ways: "im a 20 year old guy", Scots "am 23 fae glasgow", text-speak
 * "were both 15" (we're), "hey, 18 here", "he said he was 15 like me"; forum tags "i (16m)", "me (15f)";
 * "i'm a lad, 17"; "me and my bf are both 16"; "she's 15 and so am i"; "i'm in ontario, 31 years old";
 * "so me (17) and my bf"; "a girl my age (15)"; "25 from galway" at the start.
 */
const SELF_AGE_OTHERWISE = new RegExp(
  `\\b(?:i|me) (${NUM}) ?(?:m|f|male|female|nb)\\b|\\b(?:i'm|i am|im) an? (?:lad|boy|girl|guy|lass|bloke|man|woman) (${NUM})\\b${NOT_AGE_AFTER}|\\b(?:me and (?:my |a )?[\\w']+|[\\w']+ and (?:me|i)) (?:are |r |were )?both (${NUM})\\b${NOT_AGE_AFTER}|(?<!\\b(?:sent|send|give|gave|owe|owes|texted|messaged|called|paid|pay|asked|ask|told|show|showed) )\\bme (${NUM})(?= (?:and|my|i|we|i'm|im)\\b|$)|\\b(?:my age|same age as me) (${NUM})\\b${NOT_AGE_AFTER}|^(?:hi |hey |hello )?(${NUM}) (?:from|fae)\\b|\\b(${NUM}) and so am i\\b|\\b(?:i'm|im|i am) in [a-z]+(?: [a-z]+)? (${NUM}) ?(?:yo|yr old|yrs old|year old|years old)\\b|\\b(?:i'm|i am|im) an? (${NUM}) ?(?:yo|yr old|yrs old|year old|years old)\\b|(?<!\\d )\\bam (${NUM})(?= (?:fae|from|and|n|years|year|yo|yrs)\\b|$)|(?<!\\b(?:they|who|these|those|them|we|when) )\\bwere (?:both|all) (${NUM})\\b${NOT_AGE_AFTER}|^(?:hi |hey |hello |hiya )?(${NUM}) here\\b|\\b(?:was|is|he's|she's|he is|she is|they're|they are|were) (${NUM}) (?:like me|same as me|the same as me|too like me)\\b`,
  'g'
);
/** The writer's age put right as they say it: "im 17 i mean 19 sorry", "i'm 15, no wait, 16" (the second). */
const SELF_AGE_PUT_RIGHT = new RegExp(
  `\\b(?:i'm|i am|im) ${NUM}(?: ?(?:yo|years old|year old))?,? (?:sorry,? |no,? |oops,? |wait,? )?(?:i mean|i meant|sorry|no wait|actually|no)(?: i'm| im| i am)? (${NUM})\\b${NOT_AGE_AFTER}`,
  'g'
);
/**
 * A child's age signed at the very end: "now i feel sick about it. 15", "sent a pic to my crush. 14,
 * scotland", "16 uk". Only 10 to 17, and not after a word that makes it a count or a price ("he
 * wants 15", "for 12"), nor when the writer speaks of their child (read by the child's rules).
 */
const TRAILING_AGE = /(?<![£$€#] ?)(?<!\b(?:is|was|he's|she's|they're|aged|age|at|than|of|to|about|around|over|under|and|or|like|year|years|yr|grade|class|form|y|the|page|level|wants|want|pay|paid|owe|owes|send|sent|for|give|gave|got|has|have|take|took|only|just|with|by|in|on|times|x|number|no|not)\s)\b(1[0-7])(?: (?:uk|england|scotland|wales|ireland|usa|us|canada|australia|nz|m|f))?$/g;

/** "15yo girl here", "15 f", "(16m)" at the very start, or "15 year old here". */
const LEADING_AGE = new RegExp(`^(?:hi |hey |hello )?(${NUM}) ?(?:yo|yr old|yrs old|year old|years old|f|m|male|female)\\b(?! (?:son|daughter|boy|girl|child|kid)\\b)`, 'g');
// Forum style, letter first: "F14 here", "m15 and scared".
const LEADING_FORUM_AGE = new RegExp(`^(?:hi |hey |hello )?[fm](${NUM})\\b`, 'g');
const AGE_HERE = new RegExp(`\\b(${NUM}) ?(?:yo|yr old|yrs old|year old|years old) (?:here|girl here|boy here|lad here)\\b`, 'g');
const childAges = ({ children: CHILD_WORDS }: PeopleWords) => [
  // a parent by the child they have: "a single dad with a 13 year old daughter", "mum of a 15 year old son"
  new RegExp(`\\b(?:with|have|has|got|of|to) (?:a|an|one) (${NUM}) ?(?:yo|yr old|yrs old|year old|years old) (?:son|daughter|stepson|stepdaughter|step son|step daughter|foster son|foster daughter)\\b`, 'g'),
  // "my son is 14", "my daughter (15)", "my son who is 12", "my 12yo", "my 15 year old son"
  new RegExp(`\\b(?:my|our|her|his|their) ${CHILD_WORDS}(?:,)?(?: who)?(?: is|'s| aged| age| turned| just turned| only| was)?(?: only| just| nearly| almost)? (${NUM})\\b${NOT_AGE_AFTER}`, 'g'),
  new RegExp(`\\b(?:my|our) (${NUM}) ?(?:yo|yr old|yrs old|year old|years old|y)\\b${NOT_CHILD_AFTER}`, 'g'),
  new RegExp(`\\b(?:my|our) ${CHILD_WORDS} (?:aged|age) (${NUM})\\b`, 'g'),
  // something about the child first: "my son has ADHD and is 13" (not "...has a girlfriend and she's 17")
  new RegExp(`\\b(?:my|our) ${CHILD_WORDS} (?:has|is) (?:[\\w'-]+ ){1,3}and is (${NUM})\\b${NOT_AGE_AFTER}`, 'g'),
  // parents' forum shorthand: "DD14", "DS (12)", "my DSD 13" (dear daughter, son, stepdaughter, stepson)
  new RegExp(`\\b(?:my |our )?(?:dd|ds|dsd|dss) ?(${NUM})\\b${NOT_AGE_AFTER}`, 'g'),
  // a foster carer's child: "my placement, 14", "the 14 yo girl placed with us"
  new RegExp(`\\b(?:my|our) (?:current |new )?placement(?:,| is| who is| aged)? (${NUM})\\b${NOT_AGE_AFTER}|\\b(?:the|a) (${NUM}) ?(?:yo|yr old|yrs old|year old|years old) (?:girl|boy|lad|child|kid|young person|teenager|teen)(?= (?:placed|living|staying|who lives|who is living|in our care|we (?:foster|look after|care for))\\b)`, 'g')
];
/**
 * A professional's pupil, by age: "a student who is 18", "one of my pupils, she's 19", "a 19 year old
 * student", "a 14 year old girl in my class". Read apart from PRONOUN_AGE, which skips 18 and over as
 * probably the other person: here the age is tied to the pupil.
 */
const pupilAge = ({ pupils: PUPILS }: PeopleWords) =>
  new RegExp(
    `\\b(?:a|the|one of (?:my|our)|my|our)(?: \\w+)? ${PUPILS}(?:,)?(?: who)?(?: is|'s| aged| age| of| was|,? (?:she's|he's|they're|she is|he is|they are))(?: only| just| nearly| almost)? (${NUM})\\b${NOT_AGE_AFTER}|\\b(?:a|an|one|my|our|this) (${NUM}) ?(?:yo|yr old|yrs old|year old|years old)(?: (?:${PUPILS}|girl|boy|lad|child|kid|young person|teen|teenager)\\b| (?=in (?:my|our|the|his|her) (?:class|form|year|group|team|school|club)\\b))`,
    'g'
  );
/** "she's 16", "he is 12": the child's age when a parent is speaking (not "he's 25" from a child). */
const PRONOUN_AGE = new RegExp(`\\b(?:she's|he's|she is|he is|they're|they are)(?: actually| really)?(?: only| just| nearly| almost| just turned)? (${NUM})\\b${NOT_AGE_AFTER}`, 'g');
/**
 * A child's age put right, whatever it is, at the start of a message: "sorry he's actually just
 * turned 18", "she's really 16", "actually she's 18 now", "sorry she is 19 actually". Not later in a
 * story, where it is the other person's ("he says he's actually 26").
 */
const PUTTING_RIGHT = '(?:sorry|oops|my bad|wait|no|actually|i mean|i meant|correction|oh)\\s+';
const THEY_ARE = "(?:she's|he's|she is|he is|they're|they are)";
const CORRECTED_AGE = new RegExp(
  `^(?:${PUTTING_RIGHT})*(?:${THEY_ARE} (?:actually|really)(?: just turned| only| nearly| almost)?|(?:she|he|they)(?: has| have|'s)? (?:actually )?just turned) (${NUM})\\b${NOT_AGE_AFTER}` +
    `|^(?:${PUTTING_RIGHT})+${THEY_ARE}(?: only| just| nearly| almost)? (${NUM})\\b${NOT_AGE_AFTER}` +
    `|^(?:${PUTTING_RIGHT})*${THEY_ARE}(?: only| just)? (${NUM}) (?:actually|really)\\b`,
  'g'
);
/** A child in the writer's family, by age: "my little sister is 13", "my nephew (12)", "my 14 year old cousin". */
const RELATION_AGE = new RegExp(
  `\\bmy (?:little |younger |baby |kid |step ?|half ?)?(?:sister|brother|sis|bro|niece|nephew|cousin|grandson|granddaughter)(?:'s)?(?:,| is| who is| who's| aged| age)? \\(?(?:only |just |nearly |almost )?(${NUM})\\)?\\b${NOT_AGE_AFTER}|\\bmy (${NUM}) ?(?:yo|yr old|yrs old|year old|years old) (?:little |younger |step ?|half ?)?(?:sister|brother|sis|bro|niece|nephew|cousin)\\b`
);

function youngRelation(text: string): { age: number; at: [number, number] } | undefined {
  const m = RELATION_AGE.exec(text);
  const age = m ? toNumber(m[1] ?? m[2] ?? '') : undefined;
  return m && age !== undefined && age > 0 && age < 18 ? { age, at: [m.index, m.index + m[0].length] } : undefined;
}

/** "tips for a mum talking to her 13 year old lad" */
const THIRD_PERSON_CHILD_AGE = new RegExp(`\\b(?:her|his|their) (${NUM}) ?(?:yo|yr old|yrs old|year old|years old)\\b(?= (?:son|daughter|lad|boy|girl|kid|child)\\b)`, 'g');
/** "is it illegal to send a nude at 17": a question about the law asks about the writer's own age. */
const AGE_IN_QUESTION = new RegExp(`\\b(?:illegal|legal|allowed|a crime|against the law|okay|ok|in trouble)\\b(?: \\w+){0,8} (?:at|if i'm|if im|when i'm|aged) (1[0-7]|${NUMBER_WORD})\\b${NOT_AGE_AFTER}`, 'g');
/** The words of AGE_IN_QUESTION that give the age ("at 17", "if im 15"). */
const ASKED_AGE_WORDS = / (?:at|if i'm|if im|when i'm|aged) \w+$/;
/** "when I was 16": the age in a picture, not now. */
const PAST_AGE = new RegExp(
  `\\b(?:when|back when|from when|since|while|as) (?:i|she|he) was (?:only |just |about |like )?(${NUM}|under ?age|underage|a kid|a child|a minor|a teen|a teenager|under 18|at school|in school|in (?:year|yr) ?\\d+|in high school|in sixth form|18|an adult|a grown up)\\b|\\bi was (?:only |just )?(${NUM}|under ?age|underage|a minor|under 18|an adult|over 18) (?:in (?:them|it|the (?:pics?|photos?|pictures?|videos?|vid|images?)|that)|at the time|when (?:they|it|he|she|i) (?:were|was) (?:taken|made|sent|filmed))\\b|\\b(?:taken|made|filmed|sent|from) (?:when|while|back when) i was (?:only |just )?(${NUM}|under ?age|underage|a minor|a teen|a teenager|in school|at school|a kid|an adult|18)\\b|\\b(?:pics?|photos?|pictures?|nudes|videos?|images?) (?:of me )?from (?:when i was |age |aged )(${NUM})\\b`,
  'g'
);

/** "grade 8", "in grade 10" (Canada). */
const GRADE_THEN_NUMBER = /\bgrade (\d{1,2})\b/;
/** "7th grade", "a ninth grader" */
const US_GRADE = new RegExp(`\\b(\\d{1,2}|${NUMBER_WORD}|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)(?:st|nd|rd|th)? grade(?:r)?\\b`);

function schoolYearBand(text: string): { band?: AgeBand; at?: [number, number]; ambiguous?: boolean } {
  // UK school years: Y7 = 11-12, Y8 = 12-13 (could be either band), Y9-Y13 = 13-18; Y1-6 primary.
  const uk = /\b(?:year|yr|y) ?(\d{1,2})\b(?! ?(?:olds?|old|ago|s ago))/.exec(text);
  if (uk) {
    const y = Number(uk[1]);
    const at: [number, number] = [uk.index, uk.index + uk[0].length];
    if (y >= 1 && y <= 7) return { band: 'under-13', at };
    if (y === 8) return { ambiguous: true, at };
    if (y >= 9 && y <= 13) return { band: '13-17', at };
  }
  // US grades: up to 6th = under 13, 7th is either, 8th-12th = 13-17.
  const us = US_GRADE.exec(text) ?? GRADE_THEN_NUMBER.exec(text);
  if (us) {
    const ordinal: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12 };
    const g = ordinal[us[1] ?? ''] ?? toNumber(us[1] ?? '');
    const at: [number, number] = [us.index, us.index + us[0].length];
    if (g !== undefined && g <= 6) return { band: 'under-13', at };
    if (g === 7) return { ambiguous: true, at };
    if (g !== undefined && g <= 12) return { band: '13-17', at };
  }
  const words: [RegExp, AgeBand][] = [
    [/\b(?:sixth form|gcses?|a levels?|junior cert|leaving cert|transition year|high school|freshman|sophomore|secondary school student|teen|teenager|teenage|teens)\b/, '13-17'],
    [/\b(?:primary school|primary|tween|preteen|pre teen|toddler|infant|nursery)\b/, 'under-13']
  ];
  for (const [re, band] of words) {
    const m = re.exec(text);
    if (m) return { band, at: [m.index, m.index + m[0].length] };
  }
  return {};
}

// ---------- image age ----------

function imageUnder18Of(pastAge: string | undefined): boolean | undefined {
  if (!pastAge) return undefined;
  const n = toNumber(pastAge);
  if (n !== undefined) return n < 18;
  if (/^(?:an adult|a grown up|over 18|18)$/.test(pastAge)) return false;
  return true;
}

// ---------- the extractor ----------

/** An age said alone: "14", "fourteen", "she's 16", "we're 13", "im a 16yo guy", "17m". */
const AGE_ALONE = new RegExp(
  `^(?:about |around |nearly |almost |just |only |she's |he's |they're |i'm |im |i am |we're |we are |age |aged )?(?:a |an )?(?:only |just )?(${NUM})(?: ?(?:yo|years?|yrs|years old|year old|y o|m|f))?(?: old)?(?: (?:guy|girl|boy|lad|male|female|here))?$`
);

/** Who, then the age: "im a lad, 15", "a girl aged 14". */
const AGE_AFTER_WHO = new RegExp(`^(?:i'm |im |i am )?(?:a |an )?(?:lad|boy|girl|lass|guy|teen|teenager|young person)(?: aged| of| age)? (${NUM})$`);

function answerToQuestion(text: string, expects: Expects | undefined): Slots {
  const t = text.trim().replace(/[.!]+$/, '');
  const said = AGE_ALONE.exec(t) ?? AGE_AFTER_WHO.exec(t);
  const age = said ? toNumber(said[1] ?? '') : undefined;
  /** The writer's own age, said alone ("14", "im 17m", "19"): not "she's 14". */
  const ownBand = age !== undefined && age >= 8 && age < 100 && !/^(?:she|he|they)/.test(t) ? bandOf(age) : undefined;
  // "Who is asking?" answered with an age says who is asking.
  if (expects === 'audience' && ownBand) return { audience: ownBand === '18-plus' ? 'adult' : 'young-person', ageBand: ownBand };
  // An age typed while the country or the worry is asked ("22") is no country or worry: it is the
  // age, said late, or corrected ("young person" tapped at 22 needs the adults' help).
  if ((expects === 'region' || expects === 'situation') && ownBand) return { ageBand: ownBand };
  if (expects === 'age') {
    if (age !== undefined && age > 0 && age < 100) return { ageBand: bandOf(age) };
    if (/^(?:12 or under|under 13|under thirteen|under 12|younger than 13|primary)$/.test(t)) return { ageBand: 'under-13' };
    if (/^(?:13 to 17|13 17|between 13 and 17|teen|teenager|a teenager|under 18|under eighteen)$/.test(t)) return { ageBand: '13-17' };
    if (/^(?:18 or over|18 plus|over 18|adult|an adult|grown up)$/.test(t)) return { ageBand: '18-plus' };
    // "year 9", "she's in year 10", "7th grade"
    const year = schoolYearBand(t);
    if (year.band && t.split(' ').length <= 6) return { ageBand: year.band };
    // Scotland's years said alone: "S3" (13-14), "P6"; S2 may be 12 or 13, so it is asked again
    const scottish = /^(?:in |she's in |he's in |i'm in )?([sp])([1-7])$/.exec(t);
    if (scottish) {
      const n = Number(scottish[2]);
      if (scottish[1] === 'p' || n === 1) return { ageBand: 'under-13' };
      if (n >= 3) return { ageBand: '13-17' };
    }
  }
  // "Were you under 18 in the picture?" answered in words: "yeah i was 16", "no i was 20"
  if (expects === 'yes-no') {
    const past = new RegExp(`\\bi was (?:only |just )?(${NUM})\\b`).exec(t);
    const age = past ? toNumber(past[1] ?? '') : undefined;
    if (age !== undefined) return { imageUnder18: age < 18 };
    if (/^(?:yes|yeah|yep|yh|ye|yup|i was|i was under 18|under 18)\b/.test(t)) return { imageUnder18: true };
    if (/^(?:no|nope|nah|i wasn't|i was not|i was over 18|over 18)\b/.test(t)) return { imageUnder18: false };
  }
  if (expects === 'region' && /^(?:somewhere else|elsewhere|another country|other|none of these|abroad|not in the uk|outside the uk)$/.test(t)) {
    return { region: 'other' };
  }
  if (expects === 'audience') {
    if (/^(?:a )?(?:parent|mum|dad|mother|father|carer|guardian|parent or carer|i'm a parent or carer|grandparent|nan|gran)$/.test(t)) return { audience: 'parent' };
    // "her mum", "i'm his dad", "their foster carer"
    if (/^(?:i'm |im |i am )?(?:her|his|their|the) (?:mum|mom|mam|dad|mother|father|parent|step ?mum|step ?dad|nan|gran|grandma|grandad|grandmother|grandfather|carer|guardian|foster (?:mum|dad|carer|parent))$/.test(t)) return { audience: 'parent' };
    if (/^(?:young person|a young person|teen|teenager|a teenager|kid|a kid|child|student|pupil|i'm under 18|under 18|under eighteen)$/.test(t)) return { audience: 'young-person' };
    if (/^(?:i'm |im |i am )(?:just )?(?:a )?(?:boy|girl|lad|lass|teen|teenager|kid|child|schoolgirl|schoolboy)$/.test(t)) return { audience: 'young-person' };
    if (/^(?:professional|a professional|teacher|a teacher|dsl|staff|i work with children|social worker|youth worker)$/.test(t)) return { audience: 'professional' };
    if (/^(?:adult|an adult|i'm an adult|grown up|i'm an adult and it's about me|over 18|18 plus)$/.test(t)) return { audience: 'adult', ageBand: '18-plus' };
  }
  return {};
}

export type SlotExtractor = (normalised: string, hint?: UnderstandingHint) => ExtractedSlots;

/** Builds the slot rules from the words in content/understanding/ (once: the patterns are long). */
export function createSlotExtractor(words: UnderstandingWords): SlotExtractor {
  const people = peopleWords(words);
  const patterns: SlotPatterns = {
    audienceCues: audienceCues(people),
    childMention: childMention(people),
    // forum shorthand ("DD14", "DS (12)") names the writer's own child too
    ownChild: new RegExp(`\\b(?:my|our) ${people.childAdjectives}${people.ownChildren}\\b(?! ?(?:brother|sister|cousin))|\\b(?:dd|ds|dsd|dss) ?(?:\\d|\\()`),
    childAges: childAges(people),
    pupilAge: pupilAge(people),
    adultChild: new RegExp(people.adultChild),
    regions: regionPatterns(words)
  };
  return (normalised, hint = {}) => extractSlots(normalised, hint, patterns);
}

interface SlotPatterns {
  audienceCues: Cue[];
  childMention: RegExp;
  /** The writer's own son or daughter named. */
  ownChild: RegExp;
  childAges: RegExp[];
  /** A professional's pupil, by age. */
  pupilAge: RegExp;
  /** "my adult son": about someone 18 or over, with no number said. */
  adultChild: RegExp;
  regions: RegionPatterns;
}

/**
 * An age not yet reached is the one before it: "nearly 18", "18 next month", "turning 18" are 17,
 * and still a child's help. Rewritten in place as "just 17", padded to the same length, so spans
 * stay true.
 */
const NOT_YET = /\b(?:(?:nearly|almost|turning|about to turn|soon to be) (\d{1,2})|(?<!\b(?:turned|was|became|since|at) )(\d{1,2}) (?:next (?:week|month)|in (?:a (?:few|couple of) (?:weeks|months)|january|february|march|april|may|june|july|august|september|october|november|december)|soon))\b/g;

function reachedAges(normalised: string): string {
  return normalised.replace(NOT_YET, (phrase, before: string | undefined, after: string | undefined) => {
    const age = `just ${Number(before ?? after) - 1}`;
    return age.length <= phrase.length ? age.padEnd(phrase.length) : phrase;
  });
}

function extractSlots(normalised: string, { expects, audience: known, region: knownRegion }: UnderstandingHint, patterns: SlotPatterns): ExtractedSlots {
  const text = reachedAges(normalised);
  const spans: [number, number][] = [];
  const slots: Slots = { ...answerToQuestion(text, expects) };
  if (Object.keys(slots).length > 0) return { ...slots, spans: [[0, text.length]] };

  // The age in a picture ("when I was 16") is not the writer's age now.
  let rest = text;
  PAST_AGE.lastIndex = 0;
  for (let m = PAST_AGE.exec(text); m; m = PAST_AGE.exec(text)) {
    const said = m[1] ?? m[2] ?? m[3] ?? m[4];
    const u18 = /\b(?:she|he) was\b/.test(m[0]) ? undefined : imageUnder18Of(said);
    if (u18 !== undefined && slots.imageUnder18 === undefined) slots.imageUnder18 = u18;
    rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
  }

  // Audience: first matching cue in priority order.
  let audience: Audience | undefined;
  let byRelation = false;
  let guessed = false;
  for (const cues of [patterns.audienceCues, WEAK_AUDIENCE_CUES]) {
    for (const cue of cues) {
      if (cue.guess && known !== undefined && known !== cue.audience) continue;
      const m = cue.re.exec(rest);
      if (m) {
        audience = cue.audience;
        byRelation = cue.byRelation === true;
        guessed = cue.guess === true;
        spans.push([m.index, m.index + m[0].length]);
        break;
      }
    }
    if (audience) break;
  }

  // Ages.
  const ages: AgeSay[] = [];
  const collect = (re: RegExp, who: AgeSay['who'], asked = false) => {
    re.lastIndex = 0;
    for (let m = re.exec(rest); m; m = re.exec(rest)) {
      const n = toNumber(m.slice(1).find((group) => group !== undefined) ?? '');
      if (n === undefined) continue;
      if (who === 'self' && (n < 8 || n > 99)) continue;
      if (who === 'child' && (n < 1 || n > 30)) continue;
      // "he's 22" from a parent is more likely the other person than their child
      if (re === PRONOUN_AGE && n >= 18) continue;
      // An age in a question is only its last words: the question itself ("is it illegal to send a
      // nude") still says what the worry is.
      const start = asked ? m.index + Math.max(0, m[0].search(ASKED_AGE_WORDS)) : m.index;
      ages.push({ who, age: n, at: [start, m.index + m[0].length], ...(asked && { asked }) });
    }
  };
  collect(SELF_AGE_PUT_RIGHT, 'self');
  collect(SELF_AGE, 'self');
  collect(SELF_AGE_OTHERWISE, 'self');
  collect(LEADING_AGE, 'self');
  collect(LEADING_FORUM_AGE, 'self');
  collect(AGE_HERE, 'self');
  if (!asksAboutAChild(audience) && !asksAboutAChild(known) && !patterns.childMention.test(rest)) collect(TRAILING_AGE, 'self');
  for (const re of patterns.childAges) collect(re, 'child');
  if (audience === 'professional' || known === 'professional') collect(patterns.pupilAge, 'child');
  if (asksAboutAChild(audience) || asksAboutAChild(known) || expects === 'age') {
    collect(CORRECTED_AGE, 'child');
    collect(PRONOUN_AGE, 'child');
    collect(THIRD_PERSON_CHILD_AGE, 'child');
  }
  collect(AGE_IN_QUESTION, 'self', true);

  const self = ages.find((a) => a.who === 'self');
  const child = ages.find((a) => a.who === 'child');
  // A writer who says they are under 18 ("i'm 14") and names a child only as a relation ("my nephew is
  // 3", "my 8 year old step brother") is a young person looking after or living with that child, not its
  // parent: saying "i'm her mum", or naming their own son or daughter, keeps them a parent.
  const youngWriter =
    self !== undefined && !self.asked && bandOf(self.age ?? 0) !== '18-plus' && (audience === undefined || audience === 'young-person' || (audience === 'parent' && byRelation)) && !patterns.ownChild.test(rest);
  // A professional the conversation knows, who now gives the pupil's age ("he says hes 16"), stays one.
  const professionalKnown = audience === undefined && known === 'professional';
  if (youngWriter) audience = 'young-person';
  else if (child && (audience === 'professional' || professionalKnown)) {
    slots.ageBand = bandOf(child.age ?? 0);
    spans.push(child.at);
  } else if (child && (audience === 'parent' || audience === undefined || audience === 'young-person')) {
    // "my 14 year old" / "my son is 14" is a parent talking (unless they said otherwise)
    if (audience === undefined || audience === 'young-person') audience = 'parent';
    slots.ageBand = bandOf(child.age ?? 0);
    spans.push(child.at);
  }
  // The writer's own age outweighs a guess from what they write about ("im 14... a girl in our school").
  if (self && !self.asked && guessed && audience === 'professional') audience = undefined;
  if (self && audience !== 'parent' && audience !== 'professional') {
    const band = bandOf(self.age ?? 0);
    audience = band === '18-plus' ? 'adult' : 'young-person';
    slots.ageBand = band;
    spans.push(self.at);
    // "I'm 24 and my little sister is 13, she's being blackmailed": an adult asking for a child in
    // their family is helped as a carer is, with the child's age, never with the adults' services.
    const relation = audience === 'adult' && !OWN_IMAGE.test(rest) ? youngRelation(rest) : undefined;
    if (relation) {
      audience = 'parent';
      slots.ageBand = bandOf(relation.age);
      spans.push(relation.at);
    }
  }
  // "my adult son", "our grown up daughter": 18 or over, though no number is said.
  if (slots.ageBand === undefined && asksAboutAChild(audience) && patterns.adultChild.test(rest)) slots.ageBand = '18-plus';
  // School years and stages say an age only about someone we know: "I'm in year 9",
  // "my daughter is in year 9", "a year 9 pupil". Said of nobody ("year 10 boys"), they are left.
  // A teacher's "a girl in year 9", said after they said who they are, is their pupil's age. A
  // parent's later "a boy in year 11 has her pic" is someone else's year, not their child's.
  const asker = audience ?? (known === 'professional' ? known : undefined);
  if (slots.ageBand === undefined && asker !== undefined && asker !== 'adult') {
    const year = schoolYearBand(rest);
    if (year.band) slots.ageBand = year.band;
    if (year.at) spans.push(year.at);
  }
  // "I'm under 18" or "I'm a teenager" of oneself is the band the age question's "under 18" and
  // "teen" answers give, so it is not asked again.
  if (slots.ageBand === undefined && audience === 'young-person' && UNDER_18.test(rest)) slots.ageBand = '13-17';
  // "I'm a mum and my ex posted my nudes": a parent by life, but asking about their own picture; so is
  // one whose picture can only be their own, and nobody else's is named, whatever children they name
  // beside it ("I'm 38... a video of me online. My kids are 8, 11 and 14").
  // Where a child's age is said, only an adult's own age makes it theirs: a parent may quote their son
  // ("my son is 14, someone has my nudes he says"), and a child answered as an adult loses CEOP.
  const adultSaid = self !== undefined && bandOf(self.age ?? 0) === '18-plus';
  const onlyTheirOwnPicture = (child === undefined ? self === undefined || adultSaid : adultSaid) && MY_PICTURE.test(rest) && !THEIR_PICTURE.test(rest);
  if (asksAboutAChild(audience) && OWN_IMAGE.test(rest) && (onlyTheirOwnPicture || (!child && !patterns.childMention.test(rest)))) {
    audience = self && bandOf(self.age ?? 0) !== '18-plus' ? 'young-person' : 'adult';
    slots.ageBand = self ? bandOf(self.age ?? 0) : '18-plus';
  }
  if (audience === 'adult' && slots.ageBand === undefined) slots.ageBand = '18-plus';
  if (audience !== undefined) slots.audience = audience;

  const region = findRegion(rest, expects, patterns.regions, knownRegion);
  if (region.region) {
    slots.region = region.region;
    if (region.at) spans.push(region.at);
  }
  return { ...slots, spans };
}
