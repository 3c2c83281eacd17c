// A phone number in an answer, urgent help or words.yaml must be one a service card (or a
// country's emergency number) confirms: never an invented one, never an unconfirmed one.
import type { Content } from '../load.js';
import { stripMarkdown } from './readability.js';
import { error, type Finding } from './rules.js';
import type { ShownText } from './texts.js';

/** Phone-like numbers in a text: three or more digits, not a year. */
export function phoneNumbersIn(text: string): string[] {
  const found = stripMarkdown(text).match(/\+?\d[\d ]*\d/g) ?? [];
  return found
    .map((n) => n.trim())
    .flatMap((n) => (/^\d{1,2}( \d{1,2})*$/.test(n) ? [] : [n]))
    .filter((n) => n.replace(/\D/g, '').length >= 3 && !/^(19|20)\d\d$/.test(n));
}

export const digitsOf = (number: string) => number.replace(/\D/g, '');

export function checkNumbers(content: Content, texts: readonly ShownText[]): Finding[] {
  const confirmed = new Set<string>(Object.values(content.regions).flatMap((r) => r.emergency));
  const unconfirmed = new Set<string>();
  for (const service of content.services.values()) {
    for (const line of [service.phone, service.phoneFromAbroad]) {
      if (line) (line.unconfirmed ? unconfirmed : confirmed).add(digitsOf(line.value.dial));
    }
    if (service.text) (service.text.unconfirmed ? unconfirmed : confirmed).add(service.text.value.number);
  }
  const findings: Finding[] = [];
  for (const shown of texts) {
    if (shown.where.startsWith('service ')) continue; // a card's own numbers are its facts
    for (const number of phoneNumbersIn(shown.text)) {
      const digits = digitsOf(number);
      if (confirmed.has(digits)) continue;
      findings.push(
        error(
          'unconfirmed',
          shown.where,
          unconfirmed.has(digits)
            ? `shows ${number}, which the fact sheet could not confirm: leave it to the service card, which shows it with a caveat`
            : `shows ${number}, which no service card confirms: never invent a number`
        )
      );
    }
  }
  return findings;
}
