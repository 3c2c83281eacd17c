// Normalisation: lower case, NFKC, leetspeak, repeated letters, text-speak, spaces.
import { describe, expect, it } from 'vitest';
import { parts } from './support.js';

const cases: [string, string][] = [
  ['PLEASEEE HELP', 'please help'],
  ['sooooo scared', 'so scared'],
  ['k1ll mys3lf', 'kill myself'],
  ['n00dz', 'noodz'],
  ['im 15', "i'm 15"],
  ['ur gonna b ok', 'your going to b ok'],
  ['he’s   blackmaling me', "he's blackmailing me"],
  ['threatning', 'threatening'],
  ['ｋｍｓ', 'kms'],
  ['self-harm', 'self harm'],
  ['13 y/o', '13yo'],
  ['£100', '£100'],
  ['15yo', '15yo'],
  ["my 14yo's phone", "my 14yo's phone"],
  ['hes 20something', "he's 20something"],
  ['u17s team', 'u17s team'],
  ['F14 here, he is M24', 'f14 here he is m24'],
  ['y9', 'y9'],
  ['he sayz hell post it', "he says he'll post it"],
  ['what the hell', 'what the hell'],
  ['askin 4 pics', 'asking for pics'],
  ['sent 4 pics', 'sent 4 pics'],
  ['get my teen 2 open up', 'get my teen to open up'],
  ['in the U.K.', 'in the uk'],
  ['zero\u200bwidth', 'zerowidth']
];

describe('normalisation', () => {
  it.each(cases)('%s -> %s', (input, output) => {
    expect(parts().normalise(input)).toBe(output);
  });
});
