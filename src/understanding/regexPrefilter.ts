// A literal prefilter for regular expressions: it tells, from which literal strings a text
// contains, that a RegExp cannot match, so it need not run. The safety layer's big alternations
// ({{adult}}, {{asks}}...) make V8 try dozens of branches at every position of a message; cut into
// their alternatives, most need words the message lacks, and one pass over the message proves it.
// Those that may match run only where a match can begin (after "he", "she", "they"...), not at
// every position: on a 4,000-character story that is 13 ms of the safety layer against 5.
//
// Hand-written because no npm library extracts required literals from a JavaScript regex for
// prefiltering (RE2's and Hyperscan's prefilters are native and not exposed); regjsparser only
// parses. The derivation is deliberately conservative: a requirement is only ever weakened,
// never guessed, so "cannot match" is a proof, and so is "cannot begin here".
// test/understanding/regexPrefilter.test.ts checks both on every safety pattern against a sample of
// every kind of text we have, and on generated strings.

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

/** Anchors and lookarounds: they assert, and never consume what the match must contain. */
const zeroWidth = (node: Node) => node.type === 'anchor' || (node.type === 'group' && node.behavior !== 'normal' && node.behavior !== 'ignore');
/** A group that matches what its body does: not an assertion, nor with modifiers such as (?i:...), which may match other cases. */
const plainGroup = (node: Node) => node.type === 'group' && !zeroWidth(node) && !('modifierFlags' in node && node.modifierFlags);

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
      return plainGroup(node) ? sequence(node.body) : [];
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

/**
 * Which of these RegExps may match a text, from one literal search: false only when the text lacks a
 * literal every match of it needs. For RegExps a prefilter will not test, such as global ones that
 * replace; `(text) => (index) => may it match`.
 */
export function createGate(regexps: readonly RegExp[]): (text: string) => (index: number) => boolean {
  const literals: string[] = [];
  const ids = new Map<string, number>();
  const id = (l: string) => ids.get(l) ?? ids.set(l, literals.push(l) - 1).get(l)!;
  const needs = regexps.map((r) => requiredLiterals(r.source, r.flags).map((set) => set.map(id)));
  const search = literalSearch(literals);
  return (text) => {
    const { present } = search(text);
    return (index) => needs[index]!.every((set) => set.some((l) => present[l] === 1));
  };
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

// Where a match can start. A pattern such as `\b(?:he|she|they) (?:said|says)` matches only where
// "he said", "she says"... begins: tried there alone (sticky), it is spared its attempt at every
// other position of the message, which is most of what a big pattern costs on a long story.

/** A beginning this long is rare enough: it is not lengthened with what follows. */
const LONG_ENOUGH = 3;
/** Beyond this many strings, a node's are not listed (a term list of hundreds is not a beginning). */
const MOST_STARTS = 256;

/** Every string a node can match, when they are few: literals, alternations of them, `?`, and assertions (as ""). */
function exactly(node: Node): string[] | undefined {
  if (node.type !== 'group' && node.type !== 'disjunction') return exactlyOf(node);
  // Terms nest: a group is asked about again at every level above it.
  if (!exactlyMade.has(node)) exactlyMade.set(node, exactlyOf(node));
  return exactlyMade.get(node);
}
const exactlyMade = new WeakMap<Node, string[] | undefined>();

function exactlyOf(node: Node): string[] | undefined {
  if (zeroWidth(node)) return [''];
  switch (node.type) {
    case 'value':
      return [String.fromCodePoint(node.codePoint)];
    case 'alternative':
      return exactlyInTurn(node.body);
    case 'disjunction': {
      const each = node.body.map(exactly);
      const union = each.every((e) => e !== undefined) ? [...new Set(each.flat())] : undefined;
      return union && union.length <= MOST_STARTS ? union : undefined;
    }
    case 'group':
      return plainGroup(node) ? exactlyInTurn(node.body) : undefined;
    case 'quantifier': {
      const body = node.max !== undefined && node.max <= 1 ? exactly(node.body[0]!) : undefined;
      return body && (node.min === 0 ? ['', ...body] : body);
    }
    default:
      return undefined;
  }
}

/** The strings a sequence can match: consecutive characters make one string, as in sequence(). */
function exactlyInTurn(items: readonly Node[]): string[] | undefined {
  let strings: string[] = [''];
  let run = '';
  for (const item of items) {
    if (item.type === 'value') {
      run += String.fromCodePoint(item.codePoint);
      continue;
    }
    const next = exactly(item);
    if (!next || strings.length * next.length > MOST_STARTS) return undefined;
    const before = run;
    strings = strings.flatMap((s) => next.map((n) => s + before + n));
    run = '';
  }
  return [...new Set(strings.map((s) => s + run))];
}

/** Strings that every match of `items` (from `i`) begins with; each is cut once it is LONG_ENOUGH. */
function beginnings(items: readonly Node[], i = 0): string[] | undefined {
  if (i === items.length) return [''];
  const item = items[i]!;
  const here = exactly(item);
  if (!here) return beginningsOf(item);
  let rest: string[] | undefined | null = null;
  const out = new Set<string>();
  for (const s of here) {
    if (s.length >= LONG_ENOUGH) {
      out.add(s);
      continue;
    }
    rest = rest === null ? beginnings(items, i + 1) : rest;
    if (rest === undefined) out.add(s);
    else for (const r of rest) out.add(s + r);
    if (out.size > MOST_STARTS) return here;
  }
  return [...out];
}

/** Strings that every match of one node begins with (the node may consume more). */
function beginningsOf(node: Node): string[] | undefined {
  switch (node.type) {
    case 'alternative':
      return beginnings(node.body);
    case 'disjunction': {
      const each = node.body.map(beginningsOf);
      return each.every((e) => e !== undefined) ? [...new Set(each.flat())] : undefined;
    }
    case 'group':
      return plainGroup(node) ? beginnings(node.body) : exactly(node);
    case 'quantifier':
      return node.min >= 1 ? beginningsOf(node.body[0]!) : undefined;
    default:
      return exactly(node);
  }
}

/**
 * The literals where any match of `source` must start, none a prefix of another, or undefined when
 * that is not known (or a beginning is shorter than MIN_LITERAL: it would be nearly everywhere).
 */
export function startLiterals(source: string, flags: string): string[] | undefined {
  const root = flags.includes('i') ? undefined : parsed(source, flags);
  return root && startsOf(root);
}

function startsOf(node: Node): string[] | undefined {
  const starts = beginningsOf(node);
  if (!starts || starts.some((s) => s.length < MIN_LITERAL)) return undefined;
  const kept: string[] = [];
  for (const literal of [...starts].sort((a, b) => a.length - b.length)) {
    if (!kept.some((shorter) => literal.startsWith(shorter))) kept.push(literal);
  }
  return kept;
}

function hasReference(node: Node): boolean {
  return node.type === 'reference' || ('body' in node && (node.body as Node[]).some(hasReference));
}

/** A piece of a RegExp: its source, and what it needs to run. */
interface Cut {
  source: string;
  needs: Requirement;
  /** The literals any match starts with, when known. */
  starts?: string[];
}

/** A RegExp's pieces: each alternative that needs literals alone, the others together in one that always runs. */
function cut(regexp: RegExp): Cut[] {
  const root = regexp.flags.includes('i') ? undefined : parsed(regexp.source, regexp.flags);
  if (!root) return [{ source: regexp.source, needs: [] }];
  const parts = alternatives(root);
  if (!parts) return [{ source: regexp.source, needs: requirementOf(root), starts: startsOf(root) }];
  const pieces = parts.map((node): Cut => ({ source: node.raw, needs: requirementOf(node), starts: startsOf(node) }));
  const filtered = pieces.filter((p) => p.needs.length > 0);
  const always = pieces.filter((p) => p.needs.length === 0);
  if (always.length === 0) return filtered;
  const starts = always.every((p) => p.starts) ? always.flatMap((p) => p.starts!) : undefined;
  return [...filtered, { source: always.map((p) => p.source).join('|'), needs: [], ...(starts && { starts }) }];
}

/**
 * A RegExp that runs only when every OR-set of `needs` (literal ids) has a literal in the text; with
 * `starts`, only where one of those literals (ids) begins, through its sticky twin.
 */
interface Piece {
  regexp: RegExp;
  /** How many OR-sets of literals it needs (each with a literal in the text). */
  needs: number;
  starts?: { literals: number[]; sticky: RegExp };
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
  // Each OR-set of each piece, by the literals in it: a text's literals then tell, in one sweep over
  // those it has, which pieces have every set met (checking each piece's sets against the text, for
  // some 3,000 pieces a message, cost more than the sweep).
  const setPiece: number[] = [];
  const setsWith: number[][] = [];
  const pieceId = ({ source, needs, starts }: Cut, flags: string) => {
    const key = `${flags}/${source}`;
    const made = () => {
      const id = pieces.push({
        regexp: new RegExp(source, flags),
        needs: needs.length,
        ...(starts && { starts: { literals: starts.map(literalId), sticky: new RegExp(source, `${flags}y`) } })
      }) - 1;
      for (const set of needs) {
        const setId = setPiece.push(id) - 1;
        for (const literal of set.map(literalId)) (setsWith[literal] ??= []).push(setId);
      }
      return id;
    };
    return pieceIds.get(key) ?? pieceIds.set(key, made()).get(key)!;
  };
  const piecesOf = new Map<RegExp, number[]>();
  for (const regexp of regexps) {
    if (regexp.global || regexp.sticky) throw new Error(`createPrefilter: /${regexp.source}/${regexp.flags} is global or sticky`);
    piecesOf.set(regexp, cut(regexp).map((c) => pieceId(c, regexp.flags)));
  }
  const search = literalSearch(literals, new Set(pieces.flatMap((p) => p.starts?.literals ?? [])));
  return {
    forText(text) {
      const { occurring, starts } = search(text);
      // How many of each piece's OR-sets the text meets.
      const met = new Uint16Array(pieces.length);
      const setMet = new Uint8Array(setPiece.length);
      for (const literal of occurring) {
        for (const set of setsWith[literal] ?? []) {
          if (setMet[set] === 1) continue;
          setMet[set] = 1;
          met[setPiece[set]!]!++;
        }
      }
      /** Does the piece match anywhere (only where it can start, when that is known)? */
      const runs = ({ regexp, starts: from }: Piece) => {
        if (!from) return regexp.test(text);
        for (const id of from.literals) {
          for (const at of starts.get(id) ?? []) {
            from.sticky.lastIndex = at;
            if (from.sticky.test(text)) return true;
          }
        }
        return false;
      };
      const piece = new Uint8Array(pieces.length);
      const matches = (id: number) => {
        if (piece[id] === UNKNOWN) piece[id] = met[id] === pieces[id]!.needs && runs(pieces[id]!) ? YES : NO;
        return piece[id] === YES;
      };
      return (regexp) => piecesOf.get(regexp)?.some(matches) ?? regexp.test(text);
    }
  };
}
