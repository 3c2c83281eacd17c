// Features for the linear models: the normalised words, stemmed, plus concept tags that let them
// generalise to words not seen in training ("airdropped", "leaked", "forwarded" are all `share`)
// and phrase tags that carry direction ("sent me" against "I sent"). The tags are content
// (content/understanding/concepts.yaml). Deterministic and local.
import { StemmerEn } from '@nlpjs/lang-en-min';
import { alternation, type UnderstandingWords } from '../content/understandingWords.js';
import { words } from './normalise.js';

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

/** Reads a normalised message as the linear models see it. */
export interface Featurizer {
  /** Stems of the content words, in order. */
  stems(normalised: string): string[];
  /** Stems, bigrams of stems, concept tags and phrase tags (phrase tags count twice: they carry direction). */
  features(normalised: string): string[];
  /** What the linear models read: words (the default), or words and character n-grams. */
  of(set?: FeatureSet): (normalised: string) => string[];
}

/** Builds the featurizer from content/understanding/concepts.yaml (stop words, concept and phrase tags). */
export function createFeaturizer({ stopWords, concepts, phrases }: UnderstandingWords['concepts']): Featurizer {
  const stop = new Set(stopWords);
  const conceptTags = Object.entries(concepts).map(([tag, starts]) => [`_${tag}`, new RegExp(`^(?:${alternation(starts)})`)] as const);
  const phraseTags = Object.entries(phrases).map(([tag, patterns]) => [`_${tag}`, patterns.map((p) => new RegExp(p, 'u'))] as const);
  const conceptCache = new Map<string, string[]>();
  const conceptsOf = (stemmed: string): string[] => {
    let tags = conceptCache.get(stemmed);
    if (tags === undefined) {
      tags = conceptTags.filter(([, re]) => re.test(stemmed)).map(([t]) => t);
      if (learningVocabulary) conceptCache.set(stemmed, tags);
    }
    return tags;
  };
  const stems = (normalised: string): string[] =>
    words(normalised)
      .map((w) => w.replace(/'s$/, '').replace(/'/g, ''))
      .filter((w) => w.length > 0 && !stop.has(w))
      .map(stem);
  const features = (normalised: string): string[] => {
    const s = stems(normalised);
    const out = [...s];
    for (let i = 0; i + 1 < s.length; i++) out.push(`${s[i]}_${s[i + 1]}`);
    for (const w of s) out.push(...conceptsOf(w));
    for (const [t, res] of phraseTags) if (res.some((re) => re.test(normalised))) out.push(t, t);
    return out;
  };
  return {
    stems,
    features,
    of: (set = 'words') => (set === 'words+chars' ? (normalised) => [...features(normalised), ...charNgrams(normalised)] : features)
  };
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

/** What the linear models read: words (the default), or words and character n-grams (compared, not chosen: COMPARISON.md). */
export type FeatureSet = 'words' | 'words+chars';
