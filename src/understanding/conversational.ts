// The conversation around the worry: asking to delete the chat, answering a yes/no question in
// other words, asking for a part of the answer again, thanks, goodbye, swearing, off-topic.
// Fixed phrases, like the commands in buttons.ts, over the normalised text (lower case, no
// punctuation, text-speak spelled out: src/understanding/normalise.ts).
import type { AsideKind, DetailPart } from '../../dialogs/vocabulary.js';

const CHAT = "(?:this|our|the|my|these|that) (?:chat|conversation|convo|chats|messages here|messages on here|messages with you|stuff i (?:said|typed|wrote))";

/**
 * "How do I delete this chat so my parents don't see it": the delete action. A chat with
 * someone else ("delete the chat with him") is a different question (a follow-up about evidence).
 */
const DELETE_CHAT = [
  new RegExp(`\\b(?:delete|clear|erase|wipe|remove|get rid of|hide)\\b(?: all)? ${CHAT}\\b(?! with (?:him|her|them|that|the|my|a|an))(?! on )`),
  new RegExp(`\\b(?:delete|clear|erase|wipe|remove|get rid of|hide) (?:it|this|everything|all of this|my history|the history|chat history|my chat history|this history)\\b.*\\bso (?:that )?(?:my |no one|nobody|noone|they|he|she|mum|dad|parents|nobody else|no one else)`),
  /\b(?:delete|clear|erase|wipe) (?:this|my|our|the) (?:chat )?history\b/,
  /\b(?:can|could|will) you (?:delete|forget|erase|wipe|clear) (?:this|everything|what i (?:said|typed|wrote)|it all|me|our chat|this chat)\b/,
  /\b(?:delete|forget|erase|wipe|clear) (?:everything|all|what) (?:i've|i have|i) (?:told|said|typed|written|wrote)(?: (?:you|to you|here|on here))?\b/,
  /\bforget (?:this|our) (?:conversation|chat|convo)\b/
];

export function asksToDeleteChat(normalised: string): boolean {
  return DELETE_CHAT.some((re) => re.test(normalised));
}

/** Yes, no or "rather not say" in other words, when a yes/no question was asked. */
const YES = /^(?:yes|yeah|yep|yup|yh|ye|ya|yea|sure|i am|i'm safe|i am safe|yes i am|yes i'm safe|i'm ok|i am ok|i'm fine|i am fine|i'm alright|i'm all right|safe|i think so|correct|that's right|it is|they are|he is|she is|yes they are|yes he is|yes she is)\b/;
const NO = /^(?:no|nope|nah|not really|i'm not|i am not|not safe|i'm not safe|no i'm not|no one is|nobody is|no they're not|no he's not|no she's not|not at all|no one|nobody)\b/;
const UNSURE = /\b(?:rather not (?:say|answer)|prefer not to (?:say|answer)|don't want to (?:say|answer|talk about it)|not sure|unsure|don't know|dunno|i'm not certain|skip|pass|can't remember|don't remember|a bit of both|kind of|sort of|kinda|sorta|for now|i guess|maybe)\b|^some (?:yes|of them|were)\b/;

/**
 * Someone near now, said instead of yes or no: "he's downstairs", "she's outside". To "Are you safe
 * right now?" it means no; to "Is someone threatening you, or asking to meet you?" it means yes.
 */
const NEAR_NOW = /^(?:(?:yes|yeah|no|um|well|but|and) )?(?:he|she|they|he's|she's|they're|my (?:step ?dad|step ?mum|uncle|ex|boyfriend|bf|partner))(?:'s| is| are|'re)? (?:still |just |right |now )?(?:downstairs|upstairs|here|in the house|in the next room|outside|outside my (?:house|school|door|window)|at the door|next door|coming|coming over|on (?:his|her|their) way)\b/;

export function saysSomeoneIsNear(normalised: string): boolean {
  return NEAR_NOW.test(normalised);
}

/** A time that is soon, within a few words after the meeting: "...up tonight", "...at the mall later". */
const SOON = String.raw`(?: [\w']+){0,5}? (?:tonight|today|tomorrow|later|after school|this (?:evening|afternoon|weekend)|at the weekend|on (?:saturday|sunday|monday|tuesday|wednesday|thursday|friday)|right now|in (?:an|a few|\d+) (?:hours?|mins?|minutes))\b`;
/** Someone who is not the writer's family or school: he, this guy... (and she, in the child's own words). */
const OTHER = String.raw`(?:he|hes|he's|he is|he will|he'll|this (?:guy|man|lad|bloke)|the (?:guy|man|lad|bloke)|a man|some (?:guy|man|lad))`;
const NOT_FAMILY = String.raw`(?! (?:teacher|mum|mom|dad|parents|school|friends?|head))`;
/**
 * A meeting soon, told during a conversation ("he's picking her up tonight", "now she says she's
 * meeting him at the mall later"): whoever asked a child for pictures is about to meet them. Either
 * the other person is the subject (he/this guy... picking up, meeting, coming for her) or the child
 * is (she/he/I... meeting, seeing, going round to him), and a time that is soon. Not the writer
 * fetching their own child ("I'm picking her up from school later"), nor a meeting with the school.
 */
const MEETING = [
  // the other person comes for the child
  String.raw`\b${OTHER} (?:is )?(?:going to |gonna |wants to |says (?:he'll|he will|he is going to) |coming to )?(?:(?:pick|picking|picks) (?:her|him|me|them) up|(?:collect|collecting|fetch|fetching) (?:her|him|me|them))\b`,
  String.raw`\b${OTHER} (?:is )?(?:going to |gonna |wants to |says (?:he'll|he will|he is going to) )?(?:meet|meeting|coming (?:for|to get|to see|to meet)|driving (?:up|down|over) to see|taking) (?:her|him|me|them)\b${NOT_FAMILY}`,
  String.raw`\b${OTHER} (?:is )?(?:going to |gonna |wants to |says (?:he'll|he will|he is going to) )?(?:come|coming|turn up|turning up|show up|showing up|wait|waiting) (?:to|at|outside|round|by|for) (?:my|her|his|our|the) (?:school|house|home|work|door|gate|college|flat|street)\b`,
  // the child goes to the other person
  String.raw`\b(?:she|shes|she's|she is|he|hes|he's|he is|i|im|i'm|i am|my (?:daughter|son|child|kid|girl|boy))(?: is| are)? (?:going to |gonna |planning to |sneaking out to |getting the (?:bus|train) to )?(?:meet|meeting|see|seeing|go round to|going round to|go over to|going over to|stay at|staying at|sleep over at|sleeping over at) (?:him|her|them|this (?:guy|man|lad)|that (?:guy|man|lad)|the (?:guy|man|lad)|his (?:house|place|flat))\b${NOT_FAMILY}`
].map((source) => new RegExp(source + SOON));

export function saysMeetingSoon(normalised: string): boolean {
  return MEETING.some((re) => re.test(normalised));
}

/**
 * The other person's age told later in a conversation about a child's pictures ("the guy i sent them
 * to is 25", "btw hes like 30", "he's an adult", "she's way older"): an adult involved. Never with a
 * unit ("25 mins", "30 quid") after the number, nor "now" ("shes 22 now": then, a child).
 */
const PRONOUN = String.raw`\b(?:he|hes|he's|he is|she|shes|she's|she is|they're|they are)`;
const NAMED = String.raw`\b(?:the|this|that) (?:guy|man|lad|bloke|girl|woman|person|account)(?: [\w']+){0,6}? (?:is|was)`;
const ROUGHLY = String.raw`(?: like| about| around| probably| prob| maybe| at least| over| nearly| almost)`;
const AGE_AFTER = String.raw`\b(?! now\b)(?! ?(?:mins?|minutes|hours?|days?|weeks?|months?|miles|km|percent|%|quid|pounds|dollars|euros|followers|pics|photos|messages|times|k\b))`;
const ADULT_WORDS = String.raw` (?:an adult|a grown (?:man|woman|up|adult)|a grown-up|way older|much older|loads older|a lot older|years older|old enough to be (?:my|her|his) (?:dad|mum|mom|father|mother|grandad|grandpa))\b`;
const adultAge = (who: string, roughly: string, age: string) => new RegExp(`${who}${roughly}(?: actually)? ${age}${AGE_AFTER}`);
const ADULT = '(?:1[89]|[2-7]\\d)';
const NAMED_IS_ADULT = [adultAge(NAMED, `${ROUGHLY}?`, ADULT), new RegExp(`${NAMED}${ADULT_WORDS}`)];
/** Said by a young person, "he" and "she" are the other person. */
const PRONOUN_IS_ADULT = [adultAge(PRONOUN, `${ROUGHLY}?`, ADULT), new RegExp(`${PRONOUN}${ADULT_WORDS}`)];
/**
 * Said by a parent or professional, "she's 19 actually" may put right the child's own age: from them,
 * "he" or "she" counts only with a rough age ("hes like 30") or one a child is unlikely to be corrected
 * to (21 or over), and never in a correction.
 */
const PRONOUN_IS_ADULT_TO_CARERS = [adultAge(PRONOUN, ROUGHLY, ADULT), adultAge(PRONOUN, `${ROUGHLY}?`, '(?:2[1-9]|[3-7]\\d)'), new RegExp(`${PRONOUN}${ADULT_WORDS}`)];
const CORRECTING = /\b(?:actually|sorry|turned|not|i mean|meant|correction)\b/;

export function saysOtherIsAdult(normalised: string, toCarers: boolean): boolean {
  const pronouns = toCarers ? (CORRECTING.test(normalised) ? [] : PRONOUN_IS_ADULT_TO_CARERS) : PRONOUN_IS_ADULT;
  return [...NAMED_IS_ADULT, ...pronouns].some((re) => re.test(normalised));
}

/** "It's not about me": to a question about the writer's own risk, a no. */
const NOT_ME = /^(?:no |nah |oh )?(?:it's |its |it is |this is |this isn't |it isn't )?(?:not (?:about )?me|not for me|about (?:my|a|her|his|their) (?:son|daughter|child|kid|pupil|student|friend|mate)|i'm asking for (?:my|a|her|his) \w+)\b/;

export function saysNotMe(normalised: string): boolean {
  return NOT_ME.test(normalised);
}

export function yesNoOf(normalised: string): 'yes' | 'no' | 'unsure' | undefined {
  if (UNSURE.test(normalised)) return 'unsure';
  if (NO.test(normalised)) return 'no';
  if (YES.test(normalised)) return 'yes';
  return undefined;
}

/** Asking for a part of the answer in words ("show me the steps again", "who else can help"). */
const DETAILS: [DetailPart, RegExp][] = [
  ['more', /\btell me more\b|^(?:more|more info|more information|go on|explain more|what else)$/],
  ['steps', /\b(?:show|give|tell|send|read|say|repeat)\b.{0,30}\b(?:steps|what to do|that|it|the answer|the advice)\b.{0,12}\bagain\b|\bwhat (?:were|are) the steps\b|\bsteps again\b|\bwhat do i do again\b|\brepeat (?:that|the steps|the advice|it)\b/],
  // A short question asking, in general, what to do about the worry just answered: the steps answer it.
  ['steps', /^(?:so |ok so |okay so |but |and |right so )?(?:what (?:should|do|can|could|shall|must) (?:i|we|she|he|they) do(?: now| first| next| about (?:it|this|that|him|her|them|(?:the|his|her|their|my|this|that) [\w']+(?: [\w']+){0,3}))?|what (?:are|r) (?:my|our|her|his|their) options|who (?:can|could|do|should|shall) (?:i|we|she|he|they) (?:talk to|speak to|call|ring|phone|contact|go to|tell|report (?:it|this|them) to)|who can help(?: me| us| her| him| them)?|what number (?:do|should|can) (?:i|we|she|he|they) (?:call|ring|phone)|how (?:do|can|could|should) (?:i|we|she|he|they) get (?:it|them|this|that|these|those|the \w+) (?:taken down|removed|deleted|down|off(?: the \w+)?)|should (?:i|we|she|he|they) report (?:it|this|that|him|her|them)(?: now| to (?:someone|anyone))?|what now|now what|what next|(?:can|could|will) (?:it|they|them|this|that|these|those|the \w+|my \w+) (?:be|get) (?:deleted|removed|taken down|taken off)(?: (?:off|from) (?:the internet|online|the \w+|\w+))?|(?:can|could) (?:i|we|she|he|they|you) (?:get|have) (?:it|them|this|that|the \w+|my \w+) (?:deleted|removed|taken down|taken off)(?: (?:off|from) (?:the internet|online|the \w+|\w+))?)$/],
  // "what happens now", "how do i fix this": what to do, again
  ['steps', /^(?:so |ok |okay |and |but |right so )?(?:what happens now|what happens next|what (?:will|is going to|'s going to) happen(?: to (?:me|him|her|them|us))?(?: now| next)?|how (?:do|can|should) (?:i|we) (?:fix|undo|sort|put right) (?:it|this|this out|things)(?: right)?)$/],
  ['services', /\b(?:more|other|else|another|different)\b.{0,25}\b(?:places?|services?|helplines?|numbers|organisations?|charities|people who can help|options)\b|\bwho else (?:can|could) help\b|\bwhere else can i (?:go|get help)\b/],
  ['sayToChild', /\bwhat (?:should|do|can|could|would) i (?:say|tell) (?:to )?(?:her|him|them|my (?:son|daughter|child|kid|teen|teenager))\b|\bwhat to say to (?:her|him|them|my)\b/],
  ['law', /\bwhat (?:does|do|did) the law say\b|\bwhat(?:'s| is) the law\b|\bis (?:it|this|that) (?:illegal|against the law|a crime)\b/],
  ['talk', /\bhow (?:do|should|can|could) i (?:talk|speak) to (?:her|him|them|my)\b|\bhow (?:do|should|can) i bring it up\b/]
];

export function detailAskedFor(normalised: string): DetailPart | undefined {
  return DETAILS.find(([, re]) => re.test(normalised))?.[0];
}

/**
 * Things people say that are not about their worry. Only read when nothing else in the message
 * was understood, so "he fucking posted my nudes" is about the nudes, never "swearing".
 */
const ASIDES: [AsideKind, RegExp][] = [
  // "should we call 911 now": yes, if anyone is in danger (words.yaml names their own number)
  ['callNow', /^(?:so |ok |okay |um |sorry )?(?:should|do|shall|can|must) (?:i|we) (?:call|ring|phone|dial) (?:999|911|000|112|an ambulance|the ambulance|emergency services|the emergency number|the emergency services)(?: now| right now| yet| tonight)?\b/],
  // Blaming oneself: "its my fault tho right", "i brought this on myself"
  ['blame', /\b(?:(?:my|all my|me own) fault|i brought (?:this|it) on myself|i blame myself|i(?:'m| am) (?:so )?(?:stupid|an idiot|dumb) for|i deserve (?:this|it)|i only have myself to blame)\b/],
  ['bot', /\b(?:are|r) you (?:a |an )?(?:bot|robot|real|human|person|ai|computer|machine|chatbot|real person)\b|\bis this (?:a |an )?(?:bot|robot|real person|human|ai)\b|\b(?:am i|i'm) (?:talking|speaking|chatting) (?:to|with) (?:a |an )?(?:bot|robot|real|human|person|ai|computer)\b|\bwho (?:are you|am i talking to|is this)\b|\bhow are you\b/],
  ['thanks', /^(?:ok |okay |oh |right )?(?:thanks|thank you|thank u|thankyou|cheers|ta|many thanks|appreciate (?:it|that|you)|that(?:'s| is| was)? (?:helpful|useful|great|good|really helpful|brilliant|kind)|that helps|that helped|this helps|this helped|great|nice)\b/],
  ['ok', /^(?:ok|okay|k|cool|alright|all right|right|got it|i see|makes sense|fair enough|fine|hmm+|mm+|oh)$/],
  // Leaving in a hurry too: "quick exit", "my mum is coming".
  ['bye', /\b(?:bye|goodbye|good bye|see you|see ya|cya|gtg|got to go|gotta go|i have to go|i need to go|i'm going now|laters|night|good night|goodnight|take care)\b|^(?:exit|quick exit|leave|close|close this|close it|hide|hide this|stop|log off|log out)$|\b(?:my )?(?:mum|mom|dad|parents|mam|nan|gran|someone|teacher|brother|sister)(?:'s| is| are) (?:coming|here|back|outside my room|coming in)\b/],
  ['swearing', /\b(?:fuck\w*|fck\w*|fk|shit\w*|crap|piss\w*|bollocks|bastard\w*|bitch\w*|wtf|ffs|twat|cunt|arse\w*|bloody|damn\w*|useless|rubbish|pointless|stupid|waste of time|not helping|no help|doesn't help|you're no good|this is shit|hate (?:you|this))\b/],
  ['offTopic', /\b(?:weather|homework|maths|math|recipe|football|fortnite|minecraft|roblox game|music|song|film|movie|joke|riddle|capital of|what time is it|what day is it|your name|how old are you|who made you|who created you|do you like|what do you like|favourite|favorite|play a game)\b|\bwhat is \d+ ?(?:plus|minus|times|x|\+|-|\*|\/) ?\d+\b/]
];

/**
 * A short question about one service: "what is CEOP?", "is Childline free?", "how does Take It Down
 * work?". `names` holds each service's name and short names (content/services), normalised.
 */
const ABOUT_SERVICE = /^(?:so |and |but |ok |okay |um |sorry |wait )?(?:what(?:'s| is| are| does| do| exactly is)|who(?:'s| is| are| runs)|how (?:does|do|would|can i use|do i use|do i contact|do i call|do i get hold of)|tell me (?:more )?about|is|are|can i (?:use|call|trust|contact|text|ring|phone)|do i (?:call|contact|ring|use)|what do(?:es)? (?:the )?)\b/;
const ABOUT_SERVICE_MAX_WORDS = 12;

export function serviceAskedAbout(normalised: string, names: readonly (readonly [string, string])[]): string | undefined {
  if (!ABOUT_SERVICE.test(normalised) || normalised.split(/\s+/).length > ABOUT_SERVICE_MAX_WORDS) return undefined;
  const padded = ` ${normalised} `;
  return names.find(([name]) => padded.includes(` ${name} `))?.[1];
}

/** Longer messages are about something, even if it was not understood: they get "say it another way". */
const ASIDE_MAX_WORDS = 12;

export function asideOf(normalised: string): AsideKind | undefined {
  if (normalised.split(/\s+/).filter(Boolean).length > ASIDE_MAX_WORDS) return undefined;
  return ASIDES.find(([, re]) => re.test(normalised))?.[0];
}
