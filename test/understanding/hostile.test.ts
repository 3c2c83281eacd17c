// Hostile and very long input: every pattern must run in linear time (a catastrophic pattern makes
// this file hang until the runner gives up), nothing crashes, and gibberish raises no alarm. The
// whole message is read, up to the same limit the server accepts, so a disclosure at the end of a
// long story is found. How fast is a benchmark's question: `npm run bench:nlu`.
import { describe, expect, it } from 'vitest';
import { MAX_ACTIVITY_TEXT } from '../../src/activityGuard.js';
import { parts, understand } from './support.js';

const fill = (unit: string, length = MAX_ACTIVITY_TEXT) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

const HOSTILE: Record<string, string> = {
  'b-b-b-': fill('b-'),
  '1+1+1+': fill('1+'),
  'uk uk uk': fill('uk '),
  'e-mail-like run': `${fill('a.', 5000)}@${fill('b.', 4999)}`,
  'one letter': fill('a'),
  'digits and spaces': fill('07700 '),
  'apostrophes': fill("'a"),
  'school names': `${fill('st ', 9990)}school`,
  'ages': fill("i'm 1 "),
  'years': fill('year 9 '),
  'half a threat, repeated': fill('he says he will send my pics to '),
  'conditions, repeated': fill('unless if i dont '),
  'half a grooming story, repeated': fill('my son is 14 and a man '),
  'emoji': fill('😭🙏'),
  'invisible characters': fill('\u200b\u200d'),
  'combining marks': fill('a\u0301\u0302\u0303')
};

describe('hostile input', () => {
  it.each(Object.entries(HOSTILE))('%s (10,000 characters) is understood without a crash', (_, text) => {
    const result = understand(text);
    expect(Array.isArray(result.urgent)).toBe(true);
    expect(result.pii.length).toBeLessThanOrEqual(7);
  });

  it.each(Object.entries(HOSTILE))('%s is read by the conversation\'s phrases (conversation.yaml) without a crash', (_, text) => {
    const { normalise, conversational } = parts();
    const normalised = normalise(text);
    expect(conversational.asksToDeleteChat(normalised)).toBe(false);
    expect(conversational.saysSomeoneIsNear(normalised) || conversational.saysMeetingSoon(normalised)).toBe(false);
    expect([true, false].map((toCarers) => conversational.saysOtherIsAdult(normalised, toCarers))).toEqual([false, false]);
    expect(conversational.saysNotMe(normalised)).toBe(false);
    expect(conversational.asideOf(normalised)).toBeUndefined();
    expect(conversational.serviceAskedAbout(normalised, [['ceop', 'ceop']])).toBeUndefined();
    conversational.yesNoOf(normalised);
    conversational.detailAskedFor(normalised);
  });

  it('raises no alarm for gibberish', () => {
    for (const name of ['b-b-b-', '1+1+1+', 'uk uk uk', 'one letter', 'digits and spaces', 'emoji']) {
      expect(understand(HOSTILE[name] as string).urgent, name).toEqual([]);
    }
  });

  it('reads a long story to its end: a disclosure in the last sentence gets urgent help', () => {
    const story = fill('We talked about school and football and what we did at the weekend. ', MAX_ACTIVITY_TEXT - 100);
    expect(understand(`${story} He says he'll post my nudes tonight unless I pay.`).urgent).toContain('sextortion');
    expect(understand(`${story} I don't want to be alive anymore.`).urgent).toContain('self-harm');
  });
});
