// Blaming language and words we avoid never appear; a fact the fact sheet marks UNCONFIRMED is
// never stated as certain, and nothing it contradicts is said (content/quality.yaml).
import { error, type Finding, type PhraseRule, type QualityConfig, type RiskRule } from './rules.js';
import { sentences, stripMarkdown } from './readability.js';
import type { ShownText } from './texts.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const normalise = (s: string) => s.replace(/[’‘]/g, "'").toLowerCase();

// Each rule's expression is built once (a content check reads about 1,200 texts against 80 rules).
const compiled = new WeakMap<object, RegExp>();
function once(rule: object, build: () => RegExp): RegExp {
  let pattern = compiled.get(rule);
  if (!pattern) compiled.set(rule, (pattern = build()));
  return pattern;
}

/** Where `rule.phrase` appears in `text` without one of its kind neighbours. */
export function phraseHits(text: string, rule: PhraseRule): string[] {
  return hitsInPlain(normalise(stripMarkdown(text)), rule);
}

function hitsInPlain(plain: string, rule: PhraseRule): string[] {
  const pattern = once(rule, () => new RegExp(`(?<![\\p{L}\\p{N}])${escape(normalise(rule.phrase))}(?![\\p{L}\\p{N}])`, 'gu'));
  pattern.lastIndex = 0;
  const hits: string[] = [];
  for (const match of plain.matchAll(pattern)) {
    const before = plain.slice(0, match.index).match(/[\p{L}\p{N}']+/gu)?.slice(-3) ?? [];
    const after = plain.slice(match.index + match[0].length).match(/[\p{L}\p{N}']+/gu)?.[0];
    const kindBefore = rule.unlessAfter.some((w) => before.includes(normalise(w)));
    const kindAfter = after !== undefined && rule.unlessBefore.some((w) => normalise(w) === after);
    if (!kindBefore && !kindAfter) hits.push(plain.slice(Math.max(0, match.index - 30), match.index + match[0].length + 30).trim());
  }
  return hits;
}

/** Sentences of `text` that state what `rule` guards against. */
const unlessOf = new WeakMap<RiskRule, RegExp | null>();

export function riskHits(text: string, rule: RiskRule): string[] {
  return riskyIn(sentences(normalise(text)), rule);
}

function riskyIn(said: readonly string[], rule: RiskRule): string[] {
  const pattern = once(rule, () => new RegExp(rule.pattern, 'iu'));
  if (!unlessOf.has(rule)) unlessOf.set(rule, rule.unless ? new RegExp(rule.unless, 'iu') : null);
  const unless = unlessOf.get(rule) ?? undefined;
  return said.filter((s) => pattern.test(s) && !(unless?.test(s) ?? false));
}

export function checkPhrases(texts: readonly ShownText[], config: QualityConfig): Finding[] {
  const findings: Finding[] = [];
  for (const shown of texts) {
    const plain = normalise(stripMarkdown(shown.text));
    for (const rule of config.blaming) {
      for (const hit of hitsInPlain(plain, rule)) findings.push(error('blaming', shown.where, `blaming phrase "${rule.phrase}": "…${hit}…"`));
    }
    for (const rule of config.avoid) {
      for (const hit of hitsInPlain(plain, rule)) {
        findings.push(error('blaming', shown.where, `"${rule.phrase}" is a word we avoid${rule.why ? ` (${rule.why})` : ''}: "…${hit}…"`));
      }
    }
    if (shown.caveated) continue;
    const said = sentences(normalise(shown.text));
    for (const rule of config.unconfirmed) {
      for (const hit of riskyIn(said, rule)) findings.push(error('unconfirmed', shown.where, `states ${rule.id} as certain (${rule.why}): "${hit}"`));
    }
    for (const rule of config.contradicted) {
      for (const hit of riskyIn(said, rule)) findings.push(error('unconfirmed', shown.where, `contradicts ${rule.id} (${rule.why}): "${hit}"`));
    }
  }
  return findings;
}
