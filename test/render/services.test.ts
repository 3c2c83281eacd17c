// Service cards: open now in the service's own time zone, and unconfirmed facts never shown as certain.
import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/content/schema.js';
import { isOpenNow, weeklyText } from '../../src/render/openingHours.js';
import { serviceCard, serviceCards, serviceLines } from '../../src/render/services.js';
import { content } from '../support/botHarness.js';


describe('opening hours', () => {
  it.each([
    ['a Monday at 9am in London (summer time)', '2026-06-01T08:00:00Z', true],
    ['a Monday at 7:59am in London (summer time)', '2026-06-01T06:59:00Z', false],
    ['a Monday at 9:59pm in London (winter)', '2026-11-30T21:59:00Z', true],
    ['a Monday at 10pm in London (winter)', '2026-11-30T22:00:00Z', false],
    ['a Saturday at noon', '2026-11-28T12:00:00Z', false]
  ])('%s: open is %s', (_name, iso, open) => {
    expect(isOpenNow(weekdaysCopy(), new Date(iso))).toBe(open);
  });

  it('24/7 is always open', () => {
    expect(isOpenNow({ always: true }, new Date('2026-11-28T03:00:00Z'))).toBe(true);
  });

  it('reads a timetable in plain words', () => {
    expect(weeklyText({ timeZone: 'Europe/London', weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '22:00' }, { days: ['sat', 'sun'], open: '09:00', close: '18:00' }] })).toBe(
      'Mon–Fri 8am–10pm; Sat, Sun 9am–6pm'
    );
  });
});

describe('service cards', () => {
  const c = content();
  const now = new Date('2026-11-28T03:00:00Z');

  it('gives every service a way to reach it and its hours', () => {
    for (const service of c.services.values()) {
      const lines = serviceLines(service, c.words, now);
      expect(lines.length, service.id).toBeGreaterThan(2);
    }
  });

  it('offers a one-tap call only for confirmed numbers', () => {
    for (const service of c.services.values()) {
      const card = serviceCard(service, c.words, now).content as { buttons: Array<{ value: string }> };
      const tel = card.buttons.find((b) => b.value.startsWith('tel:'));
      if (service.phone && !service.phone.unconfirmed) expect(tel?.value, service.id).toBe(`tel:${service.phone.value.dial}`);
      else expect(tel, service.id).toBeUndefined();
    }
  });

  it('never shows an unconfirmed fact as certain', () => {
    const service: Service = {
      id: 'made-up',
      region: 'uk',
      alsoServes: [],
      name: 'Made-up line',
      aka: [],
      does: { value: 'Listens.', sources: ['S1'], checked: '2026-11-27' },
      for: { value: 'Anyone.', sources: ['S1'], checked: '2026-11-27' },
      phone: { value: { display: '0800 000 000', dial: '0800000000' }, sources: ['S1'], checked: '2026-11-27', unconfirmed: 'U6' },
      hours: { value: weekdaysCopy(), sources: ['S1'], checked: '2026-11-27', unconfirmed: 'U3' },
      cost: { value: 'Free', sources: ['S1'], checked: '2026-11-27' },
      notes: [],
      urgent: false
    };
    const text = serviceLines(service, c.words, now).join('\n');
    expect(text).toMatch(/0800 000 000 \(We couldn't confirm/);
    expect(text).toMatch(/may have changed/);
    expect(text).not.toMatch(/Open now|Closed now/);
  });

  it('says open or closed as the clock moves, though each card is built once per status and shared', () => {
    const timetabled = [...c.services.values()].find((s) => 'weekly' in s.hours.value && !s.hours.unconfirmed);
    expect(timetabled, 'a service with confirmed weekly hours').toBeDefined();
    const id = timetabled!.id;
    const text = (iso: string) => (serviceCards([id], c, new Date(iso))[0]!.content as { text: string }).text;
    const open = (iso: string) => isOpenNow(timetabled!.hours.value, new Date(iso));
    const times = ['2026-11-30T12:00:00Z', '2026-11-29T03:00:00Z', '2026-11-30T12:30:00Z', '2026-11-29T03:30:00Z'];
    for (const iso of times) expect(text(iso)).toContain(open(iso) ? 'Open now.' : 'Closed now.');
    expect(new Set(times.map(open)).size).toBe(2);
    // Shared cards are frozen: no reply can change what the next person sees.
    const card = serviceCards([id], c, new Date(times[0]!))[0]!;
    expect(Object.isFrozen(card) && Object.isFrozen(card.content)).toBe(true);
    expect(serviceCards([id], c, new Date(times[2]!))[0]).toBe(card);
  });

  it('does not repeat a caveat the content already gives', () => {
    for (const service of c.services.values()) {
      const text = serviceLines(service, c.words, now).join('\n');
      expect(text, service.id).not.toMatch(/check their website\.?\s*\(We couldn't confirm/i);
    }
  });
});

function weekdaysCopy() {
  return { timeZone: 'Europe/London', weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri'>, open: '08:00', close: '22:00' }] };
}
