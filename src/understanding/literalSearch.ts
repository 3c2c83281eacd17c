// Which of many literal strings occur in a text, in one pass (Aho-Corasick), and where some of
// them start. The safety prefilter asks about some 2,000 literals per message; one `includes` each
// cost about 0.25 ms on a 500-character message, more than the patterns it spared. Kept here rather
// than taken from npm: the packages there (ahocorasick 1.0.2, last published in 2016, and its forks)
// return every match position of every literal as new arrays, where this needs only which literals
// occur, and the positions of a few. test/understanding/regexPrefilter.test.ts checks it against
// `includes` and `indexOf`.

/** What one pass over a text found. */
export interface Found {
  /** By literal index: 1 if it occurs in the text. */
  present: Uint8Array;
  /** The indexes of the literals that occur, each once. */
  occurring: number[];
  /** For each literal it was asked to place (by index), where each of its occurrences starts, in order. */
  starts: Map<number, number[]>;
}

/** Finds, for a text, which of the literals (by index) occur in it, and where the `placed` ones start. */
export type LiteralSearch = (text: string) => Found;

/**
 * A trie of the literals (UTF-16 code units, as `includes` compares them) with failure links:
 * reading the text, the state is always the longest literal prefix that ends where we are.
 */
interface Automaton {
  next: Map<number, number>[];
  fail: number[];
  /** The literal that is each state's own (the trie path to it), or -1. */
  own: number[];
  /** The nearest state down the failure chain that is a literal's own ("dictionary suffix"), or 0. */
  output: number[];
}

function trie(literals: readonly string[]): Automaton {
  const a: Automaton = { next: [new Map()], fail: [0], own: [-1], output: [0] };
  literals.forEach((literal, id) => {
    let state = 0;
    for (let i = 0; i < literal.length; i++) {
      const c = literal.charCodeAt(i);
      let to = a.next[state]!.get(c);
      if (to === undefined) {
        to = a.next.push(new Map()) - 1;
        a.fail.push(0);
        a.own.push(-1);
        a.output.push(0);
        a.next[state]!.set(c, to);
      }
      state = to;
    }
    a.own[state] = id;
  });
  return a;
}

/** The state after reading code unit `c` in `state`. */
function step(a: Automaton, state: number, c: number): number {
  for (let s = state; ; s = a.fail[s]!) {
    const to = a.next[s]!.get(c);
    if (to !== undefined) return to;
    if (s === 0) return 0;
  }
}

/** Failure links, breadth first so a state's shorter suffixes are done before it; the states in that order. */
function link(a: Automaton): number[] {
  const queue = [...a.next[0]!.values()];
  for (let i = 0; i < queue.length; i++) {
    const state = queue[i]!;
    for (const [c, to] of a.next[state]!) {
      a.fail[to] = step(a, a.fail[state]!, c);
      const fail = a.fail[to]!;
      a.output[to] = a.own[fail] !== -1 ? fail : a.output[fail]!;
      queue.push(to);
    }
  }
  return queue;
}

/**
 * Every transition worked out once, failure links followed in advance, so reading a character is
 * one look-up (Map look-ups along failure chains were most of the search's time). Characters that
 * are in no literal share symbol 0, which always leads back to the root.
 */
interface Table {
  /** Symbol (column) of each UTF-16 code unit. */
  symbols: Uint16Array;
  width: number;
  /** `next[state * width + symbol]`. */
  next: Int32Array;
}

function table(a: Automaton, order: readonly number[]): Table {
  const symbols = new Uint16Array(0x10000);
  const units: number[] = [];
  for (const next of a.next) for (const c of next.keys()) if (symbols[c] === 0) symbols[c] = units.push(c);
  const width = units.length + 1;
  const next = new Int32Array(a.next.length * width);
  for (const state of [0, ...order]) {
    units.forEach((c, i) => {
      const to = a.next[state]!.get(c);
      next[state * width + i + 1] = to ?? (state === 0 ? 0 : next[a.fail[state]! * width + i + 1]!);
    });
  }
  return { symbols, width, next };
}

export function literalSearch(literals: readonly string[], placed: ReadonlySet<number> = new Set()): LiteralSearch {
  if (literals.some((l) => l.length === 0)) throw new Error('literalSearch: an empty literal is in every text');
  if (new Set(literals).size !== literals.length) throw new Error('literalSearch: a literal is listed twice');
  const a = trie(literals);
  const { symbols, width, next } = table(a, link(a));
  const own = Int32Array.from(a.own);
  const output = Int32Array.from(a.output);
  /** The placed literals ending at each state; undefined for most states, which have none. */
  const ending = a.own.map((_, state) => {
    const here: number[] = [];
    for (let s = state; s !== 0; s = a.output[s]!) if (placed.has(a.own[s]!)) here.push(a.own[s]!);
    return here.length > 0 ? here : undefined;
  });
  return (text) => {
    const present = new Uint8Array(literals.length);
    const occurring: number[] = [];
    const starts = new Map<number, number[]>();
    // A state's literals, its own and down its output links, are all marked the first time it is
    // reached; the walk stops at a state marked before, whose literals are marked already. (Listing
    // each state's whole failure chain instead, literals shared by many chains were visited again
    // and again: it was the search's hottest line. The rules' search, 28,000 literals, on a
    // 500-character story: 0.12 -> 0.10 ms, minimum of 40 rounds, and 55 -> 40 MB of heap.)
    const reached = new Uint8Array(own.length);
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = next[state * width + symbols[text.charCodeAt(i)]!]!;
      const placedHere = ending[state];
      if (placedHere !== undefined) {
        for (const id of placedHere) {
          const at = i + 1 - literals[id]!.length;
          const list = starts.get(id);
          if (list) list.push(at);
          else starts.set(id, [at]);
        }
      }
      for (let s = state; s !== 0 && reached[s] === 0; s = output[s]!) {
        reached[s] = 1;
        const id = own[s]!;
        if (id === -1) continue;
        present[id] = 1;
        occurring.push(id);
      }
    }
    return { present, occurring, starts };
  };
}
