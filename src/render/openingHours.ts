// Opening hours in the service's own time zone, so "open now" is right for a user
// anywhere, at any hour, and across daylight-saving changes.
import type { z } from 'zod';
import type { HoursSchema } from '../content/schema.js';

export type Hours = z.infer<typeof HoursSchema>;
type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

const DAY_ORDER: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES: Record<Day, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun'
};

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The weekday and minutes since midnight at `now` in `timeZone`. */
function localTime(now: Date, timeZone: string): { day: Day; minutes: number } {
  const parts = formatterFor(timeZone).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Day;
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** True when the service is staffed (or usable) at `now`. */
export function isOpenNow(hours: Hours, now: Date): boolean {
  if ('always' in hours || 'anyTime' in hours) return true;
  const { day, minutes } = localTime(now, hours.timeZone);
  return hours.weekly.some((w) => w.days.includes(day) && minutes >= toMinutes(w.open) && minutes < toMinutes(w.close));
}

function clock12(clock: string): string {
  const total = toMinutes(clock);
  const h = Math.floor(total / 60) % 24;
  const m = total % 60;
  const suffix = h < 12 ? 'am' : 'pm';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  if (total === 24 * 60) return 'midnight';
  return m === 0 ? `${h12}${suffix}` : `${h12}:${String(m).padStart(2, '0')}${suffix}`;
}

/** "Mon–Fri" for consecutive days, "Mon, Wed" otherwise. */
function dayRange(days: Day[]): string {
  const sorted = [...days].sort((a, b) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return '';
  const consecutive = DAY_ORDER.indexOf(last) - DAY_ORDER.indexOf(first) === sorted.length - 1;
  if (sorted.length === 7) return 'Every day';
  if (consecutive && sorted.length > 2) return `${DAY_NAMES[first]}–${DAY_NAMES[last]}`;
  return sorted.map((d) => DAY_NAMES[d]).join(', ');
}

/** Plain words for a weekly timetable, e.g. "Mon–Fri 8am–10pm; Sat, Sun 9am–6pm". */
export function weeklyText(hours: Hours): string {
  if (!('weekly' in hours)) return '';
  return hours.weekly.map((w) => `${dayRange(w.days)} ${clock12(w.open)}–${clock12(w.close)}`).join('; ');
}

/** A readable name for the time zone, e.g. "UK time". */
export function zoneName(timeZone: string): string {
  const names: Record<string, string> = {
    'Europe/London': 'UK time',
    'Europe/Dublin': 'Irish time',
    'America/New_York': 'US Eastern time',
    'America/Toronto': 'Eastern time',
    'Australia/Sydney': 'Sydney time'
  };
  return names[timeZone] ?? timeZone;
}
