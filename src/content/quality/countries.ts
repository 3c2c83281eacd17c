// Each country hears only its own help. A text a person in one region reads (an answer, urgent
// help, a step, a service card) may not name another country's service, law words, emergency
// number or phone number. Who owns what comes from the service cards themselves (name, `aka`,
// numbers; global tools belong everywhere) and from content/regions.yaml (emergency numbers and
// law words). Before the country is known, texts may name UK help, and an emergency number only
// beside "your local emergency number".
import type { Content } from '../load.js';
import type { LocalisedKey } from '../localised.js';
import type { Service } from '../schema.js';
import { REGIONS, type Region } from '../../../dialogs/vocabulary.js';
import { digitsOf, phoneNumbersIn } from './numbers.js';
import { stripMarkdown } from './readability.js';
import { error, type Finding } from './rules.js';
import type { RegionText } from './texts.js';

interface Owned {
  owners: Set<Region>;
  /** For the message: "CEOP Safety Centre (National Crime Agency)". */
  what: string;
}

export interface CountryTerms {
  /** Names and law words, longest first (so "988 Lifeline" is read before "Lifeline"). */
  names: [string, Owned][];
  numbers: Map<string, Owned>;
}

const ownersOf = (service: Service): Region[] => (service.region === 'global' ? [...REGIONS] : [service.region, ...service.alsoServes]);

/** A card's name without what follows in brackets: "Childline (ISPCC)" is "Childline". */
const shortName = (name: string) => name.replace(/\s*\([^)]*\)\s*$/, '').trim();

function own(into: Map<string, Owned>, key: string, owners: readonly Region[], what: string): void {
  const known = into.get(key);
  if (known) for (const r of owners) known.owners.add(r);
  else into.set(key, { owners: new Set(owners), what });
}

export function countryTerms(content: Pick<Content, 'services' | 'regions'>): CountryTerms {
  const names = new Map<string, Owned>();
  const numbers = new Map<string, Owned>();
  // An emergency card's name ("Emergency services") is the same in every country: its number says whose it is.
  const emergencyCards = new Set(Object.values(content.regions).flatMap((r) => (r.emergencyService ? [r.emergencyService] : [])));
  for (const service of content.services.values()) {
    const owners = ownersOf(service);
    for (const name of [...(emergencyCards.has(service.id) ? [] : [shortName(service.name)]), ...service.aka]) own(names, name, owners, service.name);
    for (const line of [service.phone, service.phoneFromAbroad]) if (line) own(numbers, digitsOf(line.value.dial), owners, service.name);
    if (service.text) own(numbers, service.text.value.number, owners, service.name);
  }
  for (const [region, info] of Object.entries(content.regions) as [Region, (typeof content.regions)[Region]][]) {
    for (const term of info.terms) own(names, term, [region], `${info.name}'s "${term}"`);
    for (const number of info.emergency) own(numbers, number, [region], `${info.name}'s emergency number`);
  }
  return { names: [...names.entries()].sort(([a], [b]) => b.length - a.length), numbers };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The names in `text`, longest first: each span of the text is read once. */
export function namesIn(text: string, terms: CountryTerms): [string, Owned][] {
  let rest = stripMarkdown(text);
  const found: [string, Owned][] = [];
  for (const [name, owned] of terms.names) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'gu');
    if (!pattern.test(rest)) continue;
    found.push([name, owned]);
    rest = rest.replace(pattern, (m) => ' '.repeat(m.length));
  }
  return found;
}

const whose = (owned: Owned) => [...owned.owners].join(', ');

/** What in `text` belongs to another country than `region` (unknown: the UK's help is the default). */
export function foreignMentions(text: string, region: LocalisedKey, terms: CountryTerms): string[] {
  const reader: Region = region === 'unknown' ? 'uk' : region;
  const problems: string[] = [];
  for (const [name, owned] of namesIn(text, terms)) {
    if (!owned.owners.has(reader)) problems.push(`names "${name}" (${owned.what}), which is for ${whose(owned)}`);
  }
  for (const number of phoneNumbersIn(text)) {
    const owned = terms.numbers.get(digitsOf(number));
    if (owned && !owned.owners.has(reader)) problems.push(`shows ${number} (${owned.what}), which is for ${whose(owned)}`);
  }
  return problems;
}

/** Before the country is known, an emergency number is only named beside "your local emergency number". */
function misleadsBeforeCountry(text: string, content: Pick<Content, 'regions'>): boolean {
  const emergency = new Set(Object.values(content.regions).flatMap((r) => r.emergency));
  const names = phoneNumbersIn(text).some((n) => emergency.has(digitsOf(n)));
  return names && !/local emergency number/i.test(text);
}

export function checkCountries(content: Content, texts: readonly RegionText[]): Finding[] {
  const terms = countryTerms(content);
  const findings: Finding[] = [];
  for (const shown of texts) {
    for (const problem of foreignMentions(shown.text, shown.region, terms)) {
      findings.push(error('countries', shown.where, `is read in ${shown.region} but ${problem}`));
    }
    if (shown.region === 'unknown' && misleadsBeforeCountry(shown.text, content)) {
      findings.push(error('countries', shown.where, 'names an emergency number before we know where the person lives: add "or your local emergency number"'));
    }
  }
  return findings;
}
