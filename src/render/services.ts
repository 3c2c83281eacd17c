// Which services to offer (content/routes.yaml) and how each one is shown: a hero card
// that says what the service does, who it is for, how to reach it, whether it is open now
// and what it costs. Unconfirmed facts are shown with a caveat, never as certain.
import { CardFactory, type Attachment, type CardAction } from 'botbuilder';
import type { Content } from '../content/load.js';
import type { RouteRule, Service } from '../content/schema.js';
import type { Slots } from '../../dialogs/events.js';
import { isOpenNow, weeklyText, zoneName } from './openingHours.js';
import { fill } from './words.js';

/** The service ids for what we know, by the first matching rule in routes.yaml. UK when the region is unknown. */
export function servicesFor(slots: Slots, content: Content): string[] {
  const region = slots.region ?? 'uk';
  const matches = (rule: RouteRule) =>
    (rule.situation === '*' || rule.situation === slots.situation) &&
    (!rule.audience || (slots.audience !== undefined && rule.audience.includes(slots.audience))) &&
    (!rule.ageBand || (slots.ageBand !== undefined && rule.ageBand.includes(slots.ageBand))) &&
    rule.region?.includes(region) !== false &&
    (rule.imageUnder18 === undefined || rule.imageUnder18 === slots.imageUnder18);
  return content.routes.find(matches)?.services ?? [];
}

interface Fact<T> {
  value: T;
  unconfirmed?: string;
}

/** Content that already tells the reader to check (e.g. "Not confirmed. Check their website."). */
const CARRIES_OWN_CAVEAT = /not confirmed|check (their website|before)/i;

/** The value, with a caveat when the fact sheet could not confirm it (unless it says so itself). */
function shown<T>(fact: Fact<T>, text: string, words: Content['words']): string {
  if (!fact.unconfirmed || CARRIES_OWN_CAVEAT.test(text)) return text;
  return fill(words, 'card.unconfirmed', { fact: text });
}

/** What of a card can change with the clock: only whether a weekly-timetabled service is open now. */
function openStatus(service: Service, now: Date): 'open' | 'closed' | 'fixed' {
  const hours = service.hours.value;
  if (service.hours.unconfirmed || !('weekly' in hours)) return 'fixed';
  return isOpenNow(hours, now) ? 'open' : 'closed';
}

export function hoursLine(service: Service, words: Content['words'], now: Date): string {
  const hours = service.hours.value;
  if (service.hours.unconfirmed && !('weekly' in hours)) return fill(words, 'card.hoursUnknown');
  if ('always' in hours) return fill(words, 'card.always');
  if ('anyTime' in hours) return fill(words, 'card.anyTime');
  const timetable = `${weeklyText(hours)} (${zoneName(hours.timeZone)})`;
  if (service.hours.unconfirmed) return fill(words, 'card.hoursUnconfirmed', { hours: timetable });
  const status = isOpenNow(hours, now) ? fill(words, 'card.openNow') : fill(words, 'card.closedNow');
  return `${timetable}. ${status}`;
}

/** The lines of text on a card, also used by the terminal chat and the tests. */
export function serviceLines(service: Service, words: Content['words'], now: Date): string[] {
  const lines = [service.does.value, fill(words, 'card.for', { who: service.for.value })];
  if (service.phone) {
    lines.push(shown(service.phone, fill(words, 'card.phone', { number: service.phone.value.display }), words));
  }
  if (service.text) {
    const { number, keyword } = service.text.value;
    const line = keyword ? fill(words, 'card.textKeyword', { keyword, number }) : fill(words, 'card.text', { number });
    lines.push(shown(service.text, line, words));
  }
  if (service.email) lines.push(shown(service.email, fill(words, 'card.email', { email: service.email.value }), words));
  lines.push(hoursLine(service, words, now));
  lines.push(shown(service.cost, fill(words, 'card.cost', { cost: service.cost.value }), words));
  for (const note of service.notes) lines.push(shown(note, note.value, words));
  return lines;
}

/** Buttons: call, text, chat, website. Unconfirmed numbers get no one-tap button. */
function serviceButtons(service: Service, words: Content['words']): CardAction[] {
  const buttons: CardAction[] = [];
  const add = (title: string, value: string) => buttons.push({ type: 'openUrl', title, value });
  if (service.phone && !service.phone.unconfirmed) {
    add(fill(words, 'card.callButton', { number: service.phone.value.display }), `tel:${service.phone.value.dial}`);
  }
  if (service.text && !service.text.unconfirmed) {
    const { number, keyword } = service.text.value;
    add(fill(words, 'card.textButton', { number }), keyword ? `sms:${number}?body=${encodeURIComponent(keyword)}` : `sms:${number}`);
  }
  // Button names carry the service's name, so a screen reader can tell one card's buttons from another's.
  const name = { name: service.name };
  if (service.chat && !service.chat.unconfirmed) add(fill(words, 'card.chatButton', name), service.chat.value);
  if (service.web && !service.web.unconfirmed) add(fill(words, 'card.webButton', name), service.web.value);
  return buttons;
}

export function serviceCard(service: Service, words: Content['words'], now: Date): Attachment {
  return CardFactory.heroCard(
    service.name,
    serviceLines(service, words, now).join('\n\n'),
    undefined,
    serviceButtons(service, words)
  );
}

/**
 * A card is the same for everyone until its service opens or closes, so each is built once per
 * status and shared, frozen: content is fixed once loaded, and a reply only ever reads it.
 */
const cardCache = new WeakMap<Content, Map<string, Attachment>>();

function cachedCard(service: Service, content: Content, now: Date): Attachment {
  let cards = cardCache.get(content);
  if (!cards) cardCache.set(content, (cards = new Map()));
  const key = `${service.id}:${openStatus(service, now)}`;
  let card = cards.get(key);
  if (!card) cards.set(key, (card = deepFreeze(serviceCard(service, content.words, now))));
  return card;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export function serviceCards(ids: readonly string[], content: Content, now: Date): Attachment[] {
  return ids.flatMap((id) => {
    const service = content.services.get(id);
    return service ? [cachedCard(service, content, now)] : [];
  });
}
