// The safety prefilter (src/understanding/regexPrefilter.ts) must never change a result: a pattern
// it wrongly skipped could leave a frightened child without urgent help. Checked three ways: every
// safety pattern on every kind of message we have, the derivation on small patterns, and generated
// strings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGate, createPrefilter, requiredLiterals, startLiterals } from '../../src/understanding/regexPrefilter.js';
import { literalSearch } from '../../src/understanding/literalSearch.js';
import { compile, readSafetyFile, type SafetyMatch } from '../../src/understanding/safety.js';
import { loadTraining } from '../../src/understanding/training.js';
import { loadDevset } from '../eval/devset.js';
import { parts } from './support.js';

const PROBES = join(import.meta.dirname, 'probes');
const probeTexts = readdirSync(PROBES)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(join(PROBES, f), 'utf8').split('\n'))
  .map((line) => /^[UC] \| (.+)$/.exec(line.trim())?.[1])
  .filter((t): t is string => t !== undefined);
const training = loadTraining().map((e) => e.text);
const devset = loadDevset().map((d) => d.t);
const { normalise, safety } = parts();

const file = readSafetyFile();
const sources = [...new Set(file.rules.flatMap((r) => [...(r.patterns ?? []), ...(r.all ?? []), ...(r.unless ?? [])]))];
const patterns = sources.map((s) => compile(s, file.terms));
const indexOf = new Map(sources.map((s, i) => [s, i]));
const ignore = file.ignore.map((s) => compile(s, file.terms, 'gu'));

/** A message as the safety layer reads it: normalised for `ignore`, then with those phrases blanked for the rules. */
function asRead(text: string): { text: string; normalised: string; unframed: string } {
  const normalised = ` ${normalise(text)} `;
  let t = normalised;
  for (const p of ignore) t = t.replace(p, ' ');
  return { text, normalised, unframed: t.replace(/\s+/g, ' ').trim() };
}
const everything = [...new Set([...probeTexts, ...training, ...devset])].map(asRead);

// The ground truth is every pattern run without the prefilter, and that is what costs: some 4,300
// patterns, many of them long term lists, take 15-20 microseconds each on a short message. Every
// pattern on every message we have (38,000) would take hours; even the patterns the prefilter says
// match (about 190 a message) take twenty minutes. Every pattern on a sample that grew with both the
// patterns and the probes reached 294 s of this file's 420 s guard (6 December 2026). So the plain
// runs are where a wrong answer can show, at a cost that grows with the patterns only:
// - every pattern on a fixed-size sample (900 probes spread over every wave, every eighth training
//   phrase, the whole dev set): a wrong "yes" or "no" on ordinary messages;
// - each rule's patterns on its witnesses, the shortest message each of its patterns is said to
//   match: a wrong "yes" on every pattern that matches anywhere, and a wrong "no" where a pattern's
//   neighbours match, which is where one is likeliest (the rule's other patterns read the same idea).
const prefilter = createPrefilter(patterns);
const gate = createGate(patterns);

/** For each message we have, the patterns the prefilter says match it (by index). */
const said = everything.map(({ unframed }) => {
  const test = prefilter.forText(unframed);
  return patterns.flatMap((p, i) => (test(p) ? [i] : []));
});

const PROBES_IN_SAMPLE = 900;
const spread = Array.from({ length: PROBES_IN_SAMPLE }, (_, k) => probeTexts[Math.floor((k * probeTexts.length) / PROBES_IN_SAMPLE)]!);
const every = (n: number) => (_: unknown, i: number) => i % n === 0;
const sample = [...new Set([...spread, ...training.filter(every(8)), ...devset])].map(asRead);

/** Each sample message's plain RegExp.test results, one per pattern: run once, shared by the tests below. */
const truth = (() => {
  let table: boolean[][] | undefined;
  return () => (table ??= sample.map(({ unframed }) => patterns.map((p) => p.test(unframed))));
})();

// For each pattern, the shortest message the prefilter says it matches (shortest, because a
// pattern's cost grows with the text); then for each rule, its patterns' witnesses together.
const witness = new Map<number, number>();
said.forEach((matched, m) => {
  for (const i of matched) {
    const known = witness.get(i);
    if (known === undefined || everything[m]!.text.length < everything[known]!.text.length) witness.set(i, m);
  }
});
const ruleWitnesses = file.rules.map((r) => {
  const own = [...(r.patterns ?? []), ...(r.all ?? []), ...(r.unless ?? [])].map((s) => indexOf.get(s)!);
  return { own, messages: [...new Set(own.flatMap((i) => witness.get(i) ?? []))] };
});

// A guard against a hang on a busy machine (the plain runs take under two minutes on this 2-core
// machine, more beside the other test files); it measures nothing.
const SLOW = 420_000;

describe('the prefilter on every safety pattern and every kind of message', () => {
  it('has them all: on the messages we have, nearly every pattern matches somewhere', () => {
    expect(patterns.length).toBeGreaterThan(300);
    expect(everything.length).toBeGreaterThan(10_000);
    expect(sample.length).toBeGreaterThan(1_000);
    expect(witness.size / patterns.length).toBeGreaterThan(0.95);
  });

  it('tests exactly as RegExp.prototype.test does on the sample, every pattern, and never says "cannot match" of one that matches', () => {
    const wrong: string[] = [];
    sample.forEach(({ unframed: text }, t) => {
      const test = prefilter.forText(text);
      const may = gate(text);
      patterns.forEach((p, i) => {
        const matches = truth()[t]![i]!;
        if (test(p) !== matches || (matches && !may(i))) wrong.push(`${p.source.slice(0, 60)} on ${text}`);
      });
    });
    expect(wrong).toEqual([]);
  }, SLOW);

  it("agrees with RegExp.prototype.test on every pattern of a rule, on the messages that make the rule's patterns match", () => {
    const wrong: string[] = [];
    for (const { own, messages } of ruleWitnesses) {
      for (const m of messages) {
        const { unframed: text } = everything[m]!;
        const yes = new Set(said[m]);
        const may = gate(text);
        for (const i of own) {
          const matches = patterns[i]!.test(text);
          if (yes.has(i) !== matches || (matches && !may(i))) wrong.push(`${patterns[i]!.source.slice(0, 60)} on ${text}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('never skips an `ignore` phrase that is there, in any message we have', () => {
    const wrong: string[] = [];
    const gate = createGate(ignore);
    for (const { normalised } of everything) {
      const may = gate(normalised);
      ignore.forEach((p, i) => {
        if (!may(i) && normalised.search(p) >= 0) wrong.push(`${p.source.slice(0, 60)} on ${normalised}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('leaves explain() as plain RegExp tests make it', () => {
    sample.forEach(({ text }, t) => expect(safety.explain(text), text).toEqual(plainExplain(truth()[t]!)));
  }, SLOW);

  it('needs literals for most patterns, so that it spares them', () => {
    const filtered = patterns.filter((p) => requiredLiterals(p.source, p.flags).length > 0);
    expect(filtered.length / patterns.length).toBeGreaterThan(0.9);
  });
});

/** The safety layer's rules on one message, from its plain RegExp results (as src/understanding/safety.ts did before the prefilter). */
function plainExplain(row: boolean[]): SafetyMatch[] {
  const test = (s: string) => row[indexOf.get(s)!]!;
  return file.rules
    .map((r, i) => ({ r, name: r.name ?? `${r.kind}-${i + 1}` }))
    .filter(({ r }) => (r.patterns ? r.patterns.some(test) : (r.all ?? []).every(test)) && !(r.unless ?? []).some(test))
    .map(({ r, name }) => ({ kind: r.kind, rule: name, level: r.level, ...(r.situation && { situation: r.situation }), ...(r.now && { now: r.now }) }));
}

describe('requiredLiterals', () => {
  const needs = (source: string, flags = 'u') => requiredLiterals(source, flags);

  it('merges adjacent literal characters, escaped ones too', () => {
    expect(needs('older than')).toEqual([['older than']]);
    expect(needs("it'll\\.com")).toEqual([["it'll.com"]]);
    expect(needs('a\\-b', '')).toEqual([['a-b']]);
    expect(needs('\\u0068\\x65y')).toEqual([['hey']]);
  });

  it('ORs an alternation, and keeps the shortest of nested literals', () => {
    expect(needs('cat|dog')).toEqual([['cat', 'dog']]);
    expect(needs('(?:man|woman|men)')).toEqual([['man', 'men']]);
  });

  it('gives nothing for an alternation with a branch that needs nothing', () => {
    expect(needs('cat|\\d+')).toEqual([]);
    expect(needs('cat|a')).toEqual([]);
  });

  it("takes each branch's strongest OR-set", () => {
    expect(needs('(?:he|she) said|\\bmoney\\b')).toEqual([[' said', 'money']]);
  });

  it('ANDs a sequence, each part once', () => {
    expect(needs('send (?:pics|nudes) or (?:pics|nudes)')).toEqual([['send '], ['pics', 'nudes'], [' or ']]);
  });

  it('gives nothing for optional parts, the child for required quantifiers', () => {
    expect(needs('(?:very )?old')).toEqual([['old']]);
    expect(needs('(?:very )*old')).toEqual([['old']]);
    expect(needs('(?:very ){0,2}old')).toEqual([['old']]);
    expect(needs('(?:very )+old')).toEqual([['very '], ['old']]);
    expect(needs('(?:very ){2}old')).toEqual([['very '], ['old']]);
  });

  it('does not merge across a quantified character', () => {
    expect(needs('abc+de')).toEqual([['ab'], ['de']]);
  });

  it('gives nothing for classes, dots, escapes, anchors and assertions', () => {
    expect(needs('[a-z]+')).toEqual([]);
    expect(needs('[ab][cd]')).toEqual([]);
    expect(needs('.\\w\\d\\s\\p{L}')).toEqual([]);
    expect(needs('^\\b$')).toEqual([]);
    expect(needs('(?=hello)(?!bye)(?<=hi)(?<!no)')).toEqual([]);
    expect(needs('(?<!\\bi am )\\bmy coach\\b')).toEqual([['my coach']]);
    expect(needs('(ab)\\1')).toEqual([['ab']]);
  });

  it('drops one-character literals', () => {
    expect(needs('a[bc]d')).toEqual([]);
    expect(needs('(?:a|bc)d')).toEqual([]);
    expect(needs('£\\d')).toEqual([]);
  });

  it('gives nothing case-insensitively, or for what the parser cannot read', () => {
    expect(needs('hello', 'i')).toEqual([]);
    expect(needs('(?i:hello) world')).toEqual([[' world']]);
    expect(needs('(')).toEqual([]);
  });

  it('keeps characters outside the Basic Multilingual Plane whole', () => {
    expect(needs('😭😭')).toEqual([['😭😭']]);
  });
});

describe('startLiterals', () => {
  const starts = (source: string, flags = 'u') => startLiterals(source, flags)?.sort();

  it('reads where a match can begin, past assertions, going on only while a beginning is short', () => {
    expect(starts('\\b(?:he|she) said')).toEqual(['he said', 'she']);
    expect(starts('(?<!\\bnot )\\bsend (?:me )?(?:pics|nudes)')).toEqual(['send me ', 'send nudes', 'send pics']);
    expect(starts('^\\bhi there$')).toEqual(['hi there']);
  });

  it('includes what an optional part may leave out, and keeps no literal that another begins', () => {
    expect(starts('(?:a )?man\\b')).toEqual(['a man', 'man']);
    expect(starts('(?:send|sending|sent) it')).toEqual(['send', 'sent']);
  });

  it('follows required repeats and every branch of an alternation', () => {
    expect(starts('(?:very )+old|older than')).toEqual(['older than', 'very ']);
  });

  it('knows nothing where a match may begin with a class, an optional repeat, one character, another case or a backreference', () => {
    expect(starts('\\w+ing')).toBeUndefined();
    expect(starts('(?:very )*old')).toBeUndefined();
    expect(starts('cat|a')).toBeUndefined();
    expect(starts('(?i:he) said')).toBeUndefined();
    expect(starts('hello', 'i')).toBeUndefined();
    expect(starts('(a+)b\\1')).toBeUndefined();
  });
});

describe('literalSearch', () => {
  it('finds overlapping and nested literals', () => {
    const found = literalSearch(['he', 'she', 'his', 'hers', 'sh'])('ushers');
    expect([...found.present]).toEqual([1, 1, 0, 1, 1]);
  });

  it('places only the literals it was asked to, at every occurrence', () => {
    const { starts } = literalSearch(['he', 'she', 'ab'], new Set([0, 2]))('she said he, he');
    expect(Object.fromEntries(starts)).toEqual({ 0: [1, 9, 13] });
  });

  it('agrees with includes and indexOf on generated strings', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '😭'), minLength: 1, maxLength: 4 }), { minLength: 1 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', '😭', ' '), maxLength: 30 }), (literals, text) => {
        const found = literalSearch(literals, new Set(literals.keys()))(text);
        expect([...found.present]).toEqual(literals.map((l) => (text.includes(l) ? 1 : 0)));
        // Every start, overlapping ones too, in UTF-16 code units as lastIndex counts them.
        const everyStart = (l: string) => [...Array(text.length).keys()].filter((i) => text.startsWith(l, i));
        literals.forEach((l, id) => expect(found.starts.get(id) ?? []).toEqual(everyStart(l)));
      }),
      { numRuns: 500 }
    );
  });
});

describe('createPrefilter', () => {
  it('keeps an alternation whole when a backreference may point into another alternative', () => {
    const re = /(ab)c|\1d/u;
    expect(createPrefilter([re]).forText('d')(re)).toBe(true);
  });

  it('refuses global and sticky RegExps, whose test() depends on lastIndex', () => {
    expect(() => createPrefilter([/ab/gu])).toThrow(/global or sticky/);
    expect(() => createPrefilter([/ab/uy])).toThrow(/global or sticky/);
  });

  it('simply runs a RegExp it was not built with', () => {
    expect(createPrefilter([/ab/u]).forText('xcd')(/cd/u)).toBe(true);
  });
});

describe('the prefilter on generated strings', () => {
  const small = [
    '(?:he|she) (?:is|was) (?:1[89]|[2-9]\\d)\\b',
    '\\b(?:a|an|some) (?:man|woman)\\b|\\bolder than (?:me|her)\\b|stranger',
    '(?<!\\bnot )\\bsend (?:me )?(?:pics?|nudes)\\b',
    '(?:send|post)\\w*(?: [\\w\']+){0,2}? (?:pics|them)|\\bmoney\\b|£ ?\\d',
    "\\b(?:he's|she's) (?:way |much )?older\\b(?! than)",
    '(?:(?:ab|cd)e|f[gh]i)+j|(?:kl)?mn',
    '\\bmy (?:mum|dad)(?:\'s)? (?:friend|boyfriend)\\b|^hi$',
    '(a+)b\\1|zz'
  ].map((s) => new RegExp(s, 'u'));
  const words = ['he', 'she', 'is', 'was', '19', '25', 'a', 'an', 'some', 'man', 'woman', 'older', 'than', 'me', 'her', 'stranger', 'not', 'send', 'pics', 'pic', 'nudes', 'post', 'posted', 'them', 'money', '£', '5', "he's", "she's", 'way', 'much', 'my', 'mum', 'dad', "'s", 'friend', 'boyfriend', 'hi', 'ab', 'cd', 'e', 'fgi', 'j', 'kl', 'mn', 'aab', 'zz', ' ', '\u00a0'];
  const prefilter = createPrefilter(small);
  const gate = createGate(small);
  // Words joined by spaces, or run together so that literals straddle them.
  const text = fc.tuple(fc.array(fc.constantFrom(...words), { maxLength: 12 }), fc.constantFrom(' ', '')).map(([ws, by]) => ws.join(by));

  it('tests exactly as RegExp.prototype.test does, and the gate never rules out a match', () => {
    fc.assert(
      fc.property(text, (text) => {
        const test = prefilter.forText(text);
        const may = gate(text);
        small.forEach((p, i) => {
          expect(test(p), `${p.source} on "${text}"`).toBe(p.test(text));
          if (p.test(text)) expect(may(i)).toBe(true);
        });
      }),
      { numRuns: 3000 }
    );
  });
});
