// A literal prefilter for regular expressions: it tells, from which literal strings a text
// contains, that a RegExp cannot match, so it need not run. The safety layer's big alternations
// ({{adult}}, {{asks}}...) make V8 try dozens of branches at every position of a message; cut into
// their alternatives, most need words the message lacks, and one pass over the message proves it.
//
// Hand-written because no npm library extracts required literals from a JavaScript regex for
// prefiltering (RE2's and Hyperscan's prefilters are native and not exposed); regjsparser only
// parses. The derivation is deliberately conservative: a requirement is only ever weakened,
// never guessed, so "cannot match" is a proof. test/understanding/regexPrefilter.test.ts checks
// it on every safety pattern against every text we have, and on generated strings.

// A CommonJS package: Node exposes its exports to ES modules only as the default export.
import regjsparser, { type AstNode } from 'regjsparser';
import { literalSearch } from './literalSearch.js';

/** Everything V8 accepts that regjsparser can read; whatever it cannot read always runs. */
const FEATURES = { lookbehind: true, namedGroups: true, unicodePropertyEscape: true, unicodeSet: true, modifiers: true } as const;
type Node = AstNode<typeof FEATURES>;

/**
 * What any match needs: an AND of OR-sets of literal strings. Whenever the regex matches a string,
 * each OR-set has at least one literal occurring in it. [] is no requirement (the regex always runs).
 */
export type Requirement = readonly (readonly string[])[];

/** One-character literals ("a", " ") are in nearly every message: they filter nothing. */
const MIN_LITERAL = 2;

/** Keeps only the literals not containing another of the set: "man" is present whenever "woman" is. */
function minimal(set: readonly string[]): string[] {
  const kept: string[] = [];
  for (const literal of [...new Set(set)].sort((a, b) => a.length - b.length)) {
    if (!kept.some((shorter) => literal.includes(shorter))) kept.push(literal);
  }
  return kept;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((l, i) => l === b[i]);

/** AND of requirements, each OR-set once. */
function all(requirements: Requirement[]): Requirement {
  const sets: (readonly string[])[] = [];
  for (const set of requirements.flat()) if (!sets.some((s) => sameSet(s, set))) sets.push(set);
  return sets;
}

/** How much an OR-set filters: an OR-set is as weak as its shortest literal. */
const strength = (set: readonly string[]): number => Math.min(...set.map((l) => l.length));

/**
 * OR of requirements (an alternation): one OR-set, the union of each branch's strongest OR-set.
 * A branch that needs nothing makes the whole alternation need nothing. (Every OR-set is made of
 * literals of MIN_LITERAL characters or more: sequence() makes them, unions keep them so.)
 */
function any(requirements: Requirement[]): Requirement {
  const strongest: (readonly string[])[] = [];
  for (const requirement of requirements) {
    const best = [...requirement].sort((a, b) => strength(b) - strength(a))[0];
    if (best === undefined) return [];
    strongest.push(best);
  }
  return [minimal(strongest.flat())];
}

/**
 * A sequence: the AND of its items' requirements, where consecutive literal characters make one
 * string ("o","l","d"," " -> "old "). Anything else between them ends the string: a class, a group
 * or an assertion may stand there, and splitting a literal only ever weakens the requirement.
 */
function sequence(items: readonly Node[]): Requirement {
  const parts: Requirement[] = [];
  let run = '';
  const endRun = () => {
    if (run.length >= MIN_LITERAL) parts.push([[run]]);
    run = '';
  };
  for (const item of items) {
    if (item.type === 'value') {
      run += String.fromCodePoint(item.codePoint);
      continue;
    }
    endRun();
    parts.push(requirementOf(item));
  }
  endRun();
  return all(parts);
}

/**
 * What a node needs. Classes, `.`, `\w`, `\b`, anchors, lookarounds (which assert, never consume
 * what the match must contain) and backreferences give nothing; so does an optional quantifier.
 */
function requirementOf(node: Node): Requirement {
  switch (node.type) {
    case 'value':
      return sequence([node]);
    case 'alternative':
      return sequence(node.body);
    case 'disjunction':
      return any(node.body.map(requirementOf));
    case 'group':
      // Lookarounds assert; a group with modifiers such as (?i:...) may match other cases.
      if (node.behavior !== 'normal' && node.behavior !== 'ignore') return [];
      if ('modifierFlags' in node && node.modifierFlags) return [];
      return sequence(node.body);
    case 'quantifier':
      return node.min >= 1 ? requirementOf(node.body[0]) : [];
    default:
      return [];
  }
}

/** The parsed pattern, or undefined when regjsparser cannot read it (the RegExp then always runs). */
function parsed(source: string, flags: string): Node | undefined {
  try {
    return regjsparser.parse(source, flags, FEATURES);
  } catch {
    return undefined;
  }
}

/**
 * The literals any match of `source` (with `flags`) needs. Case-insensitive patterns, and any
 * pattern the parser does not read, need nothing: they always run.
 */
export function requiredLiterals(source: string, flags: string): Requirement {
  const root = flags.includes('i') ? undefined : parsed(source, flags);
  return root ? requirementOf(root) : [];
}

/** Whether `regexp` may match a text: false only when the text lacks a literal every match needs. */
export function mayMatch(regexp: RegExp): (text: string) => boolean {
  const needs = requiredLiterals(regexp.source, regexp.flags);
  return (text) => needs.every((set) => set.some((literal) => text.includes(literal)));
}

/**
 * The top-level alternatives: `A|B|(?:C|D)` matches somewhere exactly when one of A, B, C, D does,
 * so each may run alone, only when its own literals are there. Undefined when a backreference may
 * point into another alternative. Other groups are left whole (what stands around them matters).
 */
function alternatives(root: Node): Node[] | undefined {
  if (hasReference(root)) return undefined;
  const split = (node: Node): Node[] => {
    if (node.type === 'disjunction') return node.body.flatMap(split);
    const plainGroup = node.type === 'group' && node.behavior === 'ignore' && !('modifierFlags' in node && node.modifierFlags);
    return plainGroup && node.body.length === 1 ? split(node.body[0]!) : [node];
  };
  return split(root);
}

function hasReference(node: Node): boolean {
  return node.type === 'reference' || ('body' in node && (node.body as Node[]).some(hasReference));
}

/** A piece of a RegExp: its source, and what it needs to run. */
interface Cut {
  source: string;
  needs: Requirement;
}

/** A RegExp's pieces: each alternative that needs literals alone, the others together in one that always runs. */
function cut(regexp: RegExp): Cut[] {
  const root = regexp.flags.includes('i') ? undefined : parsed(regexp.source, regexp.flags);
  if (!root) return [{ source: regexp.source, needs: [] }];
  const parts = alternatives(root);
  if (!parts) return [{ source: regexp.source, needs: requirementOf(root) }];
  const pieces = parts.map((node) => ({ source: node.raw, needs: requirementOf(node) }));
  const filtered = pieces.filter((p) => p.needs.length > 0);
  const always = pieces.filter((p) => p.needs.length === 0).map((p) => p.source);
  return always.length > 0 ? [...filtered, { source: always.join('|'), needs: [] }] : filtered;
}

/** A RegExp that runs only when every OR-set of `needs` (literal ids) has a literal in the text. */
interface Piece {
  regexp: RegExp;
  needs: number[][];
}

/** Tests RegExps on one text: exactly as RegExp.prototype.test, usually without running them. */
export type Test = (regexp: RegExp) => boolean;

export interface Prefilter {
  /** The literals are found in one pass; each piece runs at most once per text, and only when needed. */
  forText(text: string): Test;
}

const UNKNOWN = 0;
const YES = 1;
const NO = 2;

/**
 * A prefilter for these RegExps (one it was not built with simply runs). Each is cut into its
 * alternatives; those that need literals become pieces of their own, the rest stay together in
 * one piece that always runs. Pieces are shared: RegExps made from the same terms run each once.
 * Not for global or sticky RegExps, whose test() starts at lastIndex and moves it.
 */
export function createPrefilter(regexps: Iterable<RegExp>): Prefilter {
  const literals: string[] = [];
  const literalIds = new Map<string, number>();
  const literalId = (l: string) => literalIds.get(l) ?? literalIds.set(l, literals.push(l) - 1).get(l)!;
  const pieces: Piece[] = [];
  const pieceIds = new Map<string, number>();
  const pieceId = ({ source, needs }: Cut, flags: string) => {
    const key = `${flags}/${source}`;
    const made = () => pieces.push({ regexp: new RegExp(source, flags), needs: needs.map((set) => set.map(literalId)) }) - 1;
    return pieceIds.get(key) ?? pieceIds.set(key, made()).get(key)!;
  };
  const piecesOf = new Map<RegExp, number[]>();
  for (const regexp of regexps) {
    if (regexp.global || regexp.sticky) throw new Error(`createPrefilter: /${regexp.source}/${regexp.flags} is global or sticky`);
    piecesOf.set(regexp, cut(regexp).map((c) => pieceId(c, regexp.flags)));
  }
  const search = literalSearch(literals);
  return {
    forText(text) {
      const found = search(text);
      const present = (id: number) => found[id] === 1;
      const piece = new Uint8Array(pieces.length);
      const matches = (id: number) => {
        if (piece[id] === UNKNOWN) {
          const { regexp, needs } = pieces[id]!;
          piece[id] = needs.every((set) => set.some(present)) && regexp.test(text) ? YES : NO;
        }
        return piece[id] === YES;
      };
      return (regexp) => piecesOf.get(regexp)?.some(matches) ?? regexp.test(text);
    }
  };
}
