// Is a message written in English? The guide reads only English: a message mostly in words it has
// never seen ("chcę umrzeć", "mi hija de 14...") would otherwise be guessed at from the two or three
// English words in it, or met with "say it another way" in a language the person cannot read.
// Written by hand: language-detection libraries (franc and the like) guess badly on the short,
// misspelt, text-speak messages people send here, and we need only "mostly words we know or not",
// which the project's own vocabulary answers: the words of its training stories and their spellings
// (not the safety patterns' words, which hold phrases in other languages). Over every probe and
// dev-set message (37,857), the 20 it calls foreign are all in German, Dutch, French, Spanish or
// Portuguese (npx tsx over test/understanding/probes, 7 December 2026).

/** Fewer words than this say too little to judge ("hola", "merci"): they are left to the rest. */
const MIN_WORDS = 2;
/** At most this share of known words, and the message is not English. */
const MAX_KNOWN_SHARE = 0.34;

export type EnglishTest = (normalised: string) => boolean;

export function createEnglishTest(known: ReadonlySet<string>): EnglishTest {
  return (normalised) => {
    const words = (normalised.match(/[\p{L}']+/gu) ?? []).map((w) => w.replace(/'/g, '')).filter(Boolean);
    if (words.length < MIN_WORDS) return true;
    const seen = words.filter((w) => known.has(w)).length;
    return seen / words.length > MAX_KNOWN_SHARE;
  };
}
