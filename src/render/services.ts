// How each service is shown: a hero card that says what the service does, who it is for, how
// to reach it, whether it is open now and what it costs, in the words for the person's region
// (a note may be for some regions only; outside its home a service gives its number from
// abroad). Unconfirmed facts are shown with a caveat, never as certain.
import { CardFactory, type Attachment, type CardAction } from 'botbuilder';
import type { Content } from '../content/load.js';
import type { Region } from '../../dialogs/vocabulary.js';
import type { Service } from '../content/schema.js';
import { isOpenNow, weeklyText, zoneName } from './openingHours.js';
import { fill } from './words.js';

export { servicesFor } from '../content/routing.js';

interface Fact<T> {
  value: T;
  unconfirmed?: string;
}

/** Content that already tells the reader to check (e.g. "Not confirmed. Check their website."). */
const CARRIES_OWN_CAVEAT = /not confirmed|check (their website|before)/i;

/** The value, with a caveat when the fact sheet could not confirm it (unless it says so itself). */
function shown<T>(fact: Fact<T>, text: string, words: Content['words'], region: Region | undefined): string {
  if (!fact.unconfirmed || CARRIES_OWN_CAVEAT.test(text)) return text;
  return fill(words, 'card.unconfirmed', { fact: text }, region);
}

/** What of a card can change with the clock: only whether a weekly-timetabled service is open now. */
function openStatus(service: Service, now: Date): 'open' | 'closed' | 'fixed' {
  const hours = service.hours.value;
  if (service.hours.unconfirmed || !('weekly' in hours)) return 'fixed';
  return isOpenNow(hours, now) ? 'open' : 'closed';
}

export function hoursLine(service: Service, words: Content['words'], now: Date, region?: Region): string {
  const hours = service.hours.value;
  if (service.hours.unconfirmed && !('weekly' in hours)) return fill(words, 'card.hoursUnknown', {}, region);
  if ('always' in hours) return fill(words, 'card.always', {}, region);
  if ('anyTime' in hours) return fill(words, 'card.anyTime', {}, region);
  const timetable = `${weeklyText(hours)} (${zoneName(hours.timeZone)})`;
  if (service.hours.unconfirmed) return fill(words, 'card.hoursUnconfirmed', { hours: timetable }, region);
  const status = isOpenNow(hours, now) ? fill(words, 'card.openNow', {}, region) : fill(words, 'card.closedNow', {}, region);
  return `${timetable}. ${status}`;
}

/** The phone number a person in `region` should call: the number from abroad outside its home. */
function phoneFor(service: Service, region: Region | undefined): Service['phone'] {
  const abroad = region !== undefined && service.region !== 'global' && service.region !== region;
  return (abroad && service.phoneFromAbroad) || service.phone;
}

/** Notes for everyone, and those for this region (when the region is not known yet, the UK's). */
function notesFor(service: Service, region: Region | undefined): Service['notes'] {
  return service.notes.filter((n) => !n.regions || n.regions.includes(region ?? 'uk'));
}

/** The lines of text on a card, also used by the terminal chat and the tests. */
export function serviceLines(service: Service, words: Content['words'], now: Date, region?: Region): string[] {
  const lines = [service.does.value, fill(words, 'card.for', { who: service.for.value }, region)];
  const phone = phoneFor(service, region);
  if (phone) lines.push(shown(phone, fill(words, 'card.phone', { number: phone.value.display }, region), words, region));
  if (service.text) {
    const { number, keyword } = service.text.value;
    const line = keyword ? fill(words, 'card.textKeyword', { keyword, number }, region) : fill(words, 'card.text', { number }, region);
    lines.push(shown(service.text, line, words, region));
  }
  if (service.email) lines.push(shown(service.email, fill(words, 'card.email', { email: service.email.value }, region), words, region));
  lines.push(hoursLine(service, words, now, region));
  if (service.cost) lines.push(shown(service.cost, fill(words, 'card.cost', { cost: service.cost.value }, region), words, region));
  for (const note of notesFor(service, region)) lines.push(shown(note, note.value, words, region));
  return lines;
}

/** Buttons: call, text, chat, website. Unconfirmed numbers get no one-tap button. */
function serviceButtons(service: Service, words: Content['words'], region: Region | undefined): CardAction[] {
  const buttons: CardAction[] = [];
  const add = (title: string, value: string) => buttons.push({ type: 'openUrl', title, value });
  const phone = phoneFor(service, region);
  if (phone && !phone.unconfirmed) {
    add(fill(words, 'card.callButton', { number: phone.value.display }, region), `tel:${phone.value.dial}`);
  }
  if (service.text && !service.text.unconfirmed) {
    const { number, keyword } = service.text.value;
    add(fill(words, 'card.textButton', { number }, region), keyword ? `sms:${number}?body=${encodeURIComponent(keyword)}` : `sms:${number}`);
  }
  // Button names carry the service's name, so a screen reader can tell one card's buttons from another's.
  const name = { name: service.name };
  if (service.chat && !service.chat.unconfirmed) add(fill(words, 'card.chatButton', name, region), service.chat.value);
  if (service.web && !service.web.unconfirmed) add(fill(words, 'card.webButton', name, region), service.web.value);
  return buttons;
}

export function serviceCard(service: Service, words: Content['words'], now: Date, region?: Region): Attachment {
  return CardFactory.heroCard(
    service.name,
    serviceLines(service, words, now, region).join('\n\n'),
    undefined,
    serviceButtons(service, words, region)
  );
}

/**
 * A card is the same for everyone in a region until its service opens or closes, so each is built
 * once per region and status and shared, frozen: content is fixed once loaded, and a reply only
 * ever reads it.
 */
const cardCache = new WeakMap<Content, Map<string, Attachment>>();

function cachedCard(service: Service, content: Content, now: Date, region: Region | undefined): Attachment {
  let cards = cardCache.get(content);
  if (!cards) cardCache.set(content, (cards = new Map()));
  const key = `${service.id}:${region ?? 'unknown'}:${openStatus(service, now)}`;
  let card = cards.get(key);
  if (!card) cards.set(key, (card = deepFreeze(serviceCard(service, content.words, now, region))));
  return card;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The cards for these services, in the words for a person in `region` (undefined: not said yet). */
export function serviceCards(ids: readonly string[], content: Content, now: Date, region?: Region): Attachment[] {
  return ids.flatMap((id) => {
    const service = content.services.get(id);
    return service ? [cachedCard(service, content, now, region)] : [];
  });
}
