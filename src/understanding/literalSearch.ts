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
  /** Literals ending at each state, its own and those of its failure chain. */
  found: number[][];
}

function trie(literals: readonly string[]): Automaton {
  const a: Automaton = { next: [new Map()], fail: [0], found: [[]] };
  literals.forEach((literal, id) => {
    let state = 0;
    for (let i = 0; i < literal.length; i++) {
      const c = literal.charCodeAt(i);
      let to = a.next[state]!.get(c);
      if (to === undefined) {
        to = a.next.push(new Map()) - 1;
        a.fail.push(0);
        a.found.push([]);
        a.next[state]!.set(c, to);
      }
      state = to;
    }
    a.found[state]!.push(id);
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
      a.found[to]!.push(...a.found[a.fail[to]!]!);
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
  const a = trie(literals);
  const { symbols, width, next } = table(a, link(a));
  /** The placed literals ending at each state; undefined for most states, which have none. */
  const ending = a.found.map((ids) => {
    const here = ids.filter((id) => placed.has(id));
    return here.length > 0 ? here : undefined;
  });
  return (text) => {
    const present = new Uint8Array(literals.length);
    const occurring: number[] = [];
    const starts = new Map<number, number[]>();
    // A state's literals are all marked the first time it is reached.
    const reached = new Uint8Array(a.found.length);
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
      if (reached[state] === 1) continue;
      reached[state] = 1;
      for (const id of a.found[state]!) {
        if (present[id] === 1) continue;
        present[id] = 1;
        occurring.push(id);
      }
    }
    return { present, occurring, starts };
  };
}
