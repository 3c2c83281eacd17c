// The conversation around the worry: asking to delete the chat, answering a yes/no question in
// other words, asking for a part of the answer again, thanks, goodbye, swearing, off-topic. The
// phrases are content (content/understanding/conversation.yaml, checked in src/content/
// understandingWords.ts); here is only how they combine. All read the normalised text (lower case,
// no punctuation, text-speak spelled out: src/understanding/normalise.ts).
import type { AsideKind, DetailPart } from '../../dialogs/vocabulary.js';
import type { ConversationWords } from '../content/understandingWords.js';

export interface ConversationReader {
  /** "How do I delete this chat so my parents don't see it": the delete action. */
  asksToDeleteChat(normalised: string): boolean;
  /** Yes, no or "rather not say" in other words, when a yes/no question was asked. */
  yesNoOf(normalised: string): 'yes' | 'no' | 'unsure' | undefined;
  /** Someone near now, said instead of yes or no: "he's downstairs". */
  saysSomeoneIsNear(normalised: string): boolean;
  /** A meeting soon, told during a conversation: "he's picking her up tonight". */
  saysMeetingSoon(normalised: string): boolean;
  /** Someone at risk out of reach now: "he's not answering", "she's gone out and won't pick up". */
  saysOutOfReach(normalised: string): boolean;
  /** The other person's adult age, told later: "the guy i sent them to is 25". */
  saysOtherIsAdult(normalised: string, toCarers: boolean): boolean;
  /** "It's not about me": to a question about the writer's own risk, a no. */
  saysNotMe(normalised: string): boolean;
  /** A part of the answer asked for in words ("show me the steps again", "who else can help"). */
  detailAskedFor(normalised: string): DetailPart | undefined;
  /** Something said that is not about the worry: thanks, bye, swearing... */
  asideOf(normalised: string): AsideKind | undefined;
  /**
   * A short question about one service ("what is CEOP?"): its id. `names` holds each service's
   * name and short names (content/services), normalised, with the service's id.
   */
  serviceAskedAbout(normalised: string, names: readonly (readonly [string, string])[]): string | undefined;
}

/** Does any of these patterns match? */
function anyOf(sources: readonly string[]): (normalised: string) => boolean {
  const regexps = sources.map((source) => new RegExp(source));
  return (normalised) => regexps.some((re) => re.test(normalised));
}

/** The first key, in the file's order, any of whose patterns matches. */
function firstOf<K extends string>(groups: Partial<Record<K, readonly string[]>>): (normalised: string) => K | undefined {
  const tests = (Object.entries(groups) as [K, readonly string[]][]).map(([key, sources]) => [key, anyOf(sources)] as const);
  return (normalised) => tests.find(([, test]) => test(normalised))?.[0];
}

/** A question about a service is short: a longer message names it while telling something else. */
const ABOUT_SERVICE_MAX_WORDS = 12;
/** Longer messages are about something, even if it was not understood: they get "say it another way". */
const ASIDE_MAX_WORDS = 12;

export function createConversationReader(words: ConversationWords): ConversationReader {
  const deleteChat = anyOf(words.deleteChat);
  const [yes, no, unsure] = [anyOf(words.yes), anyOf(words.no), anyOf(words.unsure)];
  const notMe = anyOf(words.notMe);
  const near = anyOf(words.someoneNear);
  const meeting = anyOf(words.meetingSoon);
  const outOfReach = anyOf(words.outOfReach);
  const adult = words.otherIsAdult;
  const [namedIsAdult, pronounIsAdult, pronounIsAdultToCarers, correcting] = [anyOf(adult.named), anyOf(adult.pronoun), anyOf(adult.pronounToCarers), anyOf(adult.correcting)];
  const detail = firstOf(words.details);
  const aside = firstOf(words.asides);
  const aboutService = anyOf(words.aboutService);

  return {
    asksToDeleteChat: deleteChat,
    // Unsure first: "yeah kind of" is neither.
    yesNoOf: (normalised) => (unsure(normalised) ? 'unsure' : no(normalised) ? 'no' : yes(normalised) ? 'yes' : undefined),
    saysSomeoneIsNear: near,
    saysMeetingSoon: meeting,
    saysOutOfReach: outOfReach,
    // From a parent or professional, "she's 19 actually" may correct their child's own age: their
    // "he" and "she" count only by the stricter patterns, and never in a correction.
    saysOtherIsAdult: (normalised, toCarers) => {
      if (namedIsAdult(normalised)) return true;
      if (!toCarers) return pronounIsAdult(normalised);
      return !correcting(normalised) && pronounIsAdultToCarers(normalised);
    },
    saysNotMe: notMe,
    detailAskedFor: detail,
    asideOf: (normalised) => (normalised.split(/\s+/).filter(Boolean).length > ASIDE_MAX_WORDS ? undefined : aside(normalised)),
    serviceAskedAbout: (normalised, names) => {
      if (!aboutService(normalised) || normalised.split(/\s+/).length > ABOUT_SERVICE_MAX_WORDS) return undefined;
      // Whole words only: a short name inside another word is not the service.
      const padded = ` ${normalised} `;
      return names.find(([name]) => padded.includes(` ${name} `))?.[1];
    }
  };
}
