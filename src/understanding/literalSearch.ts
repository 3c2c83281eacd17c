// Which of many literal strings occur in a text, in one pass (Aho-Corasick). The safety prefilter
// asks about some 2,000 literals per message; one `includes` each cost about 0.25 ms on a
// 500-character message, more than the patterns it spared. Kept here rather than taken from npm:
// the packages there (ahocorasick 1.0.2, last published in 2016, and its forks) return every match
// position as new arrays, where this needs only which literals occur, once per message.
// test/understanding/regexPrefilter.test.ts checks it against `includes`.

/** Finds, for a text, which of the literals (by index) occur in it. */
export type LiteralSearch = (text: string) => Uint8Array;

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

/** Failure links, breadth first so a state's shorter suffixes are done before it. */
function link(a: Automaton): Automaton {
  const queue = [...a.next[0]!.values()];
  for (let i = 0; i < queue.length; i++) {
    const state = queue[i]!;
    for (const [c, to] of a.next[state]!) {
      a.fail[to] = step(a, a.fail[state]!, c);
      a.found[to]!.push(...a.found[a.fail[to]!]!);
      queue.push(to);
    }
  }
  return a;
}

export function literalSearch(literals: readonly string[]): LiteralSearch {
  if (literals.some((l) => l.length === 0)) throw new Error('literalSearch: an empty literal is in every text');
  const a = link(trie(literals));
  return (text) => {
    const present = new Uint8Array(literals.length);
    // A state's literals are all marked the first time it is reached.
    const reached = new Uint8Array(a.next.length);
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = step(a, state, text.charCodeAt(i));
      if (reached[state] === 1) continue;
      reached[state] = 1;
      for (const id of a.found[state]!) present[id] = 1;
    }
    return present;
  };
}
