// Identifying details are recognised (only their kinds are returned) and masked out of the
// text before anything else reads it.
import { describe, expect, it } from 'vitest';
import type { PiiKind } from '../../src/understanding/types.js';
import { understand } from './support.js';

const found: [string, PiiKind][] = [
  ['my name is Jess', 'name'],
  ["I'm called Callum and I need help", 'name'],
  ['hi im jess', 'name'],
  ["Hi, I'm Priya, I'm 15", 'name'],
  ['my number is 07700 900123', 'phone'],
  ['ring me on 07700900123', 'phone'],
  ['+44 7700 900123', 'phone'],
  ['call 020 7946 0018', 'phone'],
  ['my mum is on (555) 123-4567', 'phone'],
  ['+1 415 555 0134', 'phone'],
  ['+353 87 123 4567', 'phone'],
  ['email me at jess.smith99@gmail.com', 'email'],
  ['I live at 14 Acacia Avenue', 'address'],
  ['12 Station Road, Leeds', 'address'],
  ['my postcode is SW1A 1AA', 'postcode'],
  ['we are in m1 1ae', 'postcode'],
  ['D02 X285', 'postcode'],
  ['we live near N1 0DZ', 'postcode'],
  ['she goes to Westfield Academy', 'school'],
  ["he's at St Mary's", 'school'],
  ['at Oakwood High School', 'school'],
  ['my snap is jake_123', 'handle'],
  ['insta: lily.rose', 'handle'],
  ['add me @sammy_01', 'handle'],
  ['his tiktok is @dancer99', 'handle'],
  ['i met him on discord called dan_99', 'handle'],
  ['add me on snap as jakey_12', 'handle']
];

const notPii = [
  'my insta is private',
  "I'm called names at school",
  "I'm called a slut at school",
  'i rang childline on 0800 1111',
  'samaritans 116 123',
  'he wants £100 or he posts them',
  // leetspeak with a postcode's shape
  'he has my n00dz and wants money',
  'im 15 and in year 10',
  'my school is rubbish',
  "my daughter's school isn't helping",
  'the whole school has seen it',
  'i sent him 2 pics',
  "I'm scared",
  'Hi, I\'m Worried about my son',
  // a word that only begins like "as", "is" or "called" after the platform is not a handle's name
  'a man on roblox asked my son for pics',
  'someone on snapchat asked me for nudes',
  'he messaged me on snapchat asking for pics',
  'my snapchat issues keep getting worse'
];

describe('identifying details', () => {
  it.each(found)('%s -> %s', (text, kind) => {
    expect(understand(text).pii).toContain(kind);
  });

  it.each(notPii)('not identifying: %s', (text) => {
    expect(understand(text).pii).toEqual([]);
  });

  it('returns only the kinds, never the detail itself', () => {
    const result = JSON.stringify(understand('my name is Jess, my number is 07700 900123, email jess@example.com, snap jess_x'));
    for (const detail of ['Jess', 'jess', '07700', '900123', 'example.com', 'jess_x']) expect(result).not.toContain(detail);
  });

  it('still understands the rest of a message that holds identifying details', () => {
    const u = understand('my name is Jess and my ex is threatening to post my nudes');
    expect(u.pii).toEqual(['name']);
    expect(u.urgent).toEqual(['sextortion']);
  });
});
