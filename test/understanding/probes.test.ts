// Messages in the words real people use (long stories, third person, slang, the danger implied),
// written for this project by the team and, blind, by helpers who never saw the evaluation sets:
// each urgent one must get urgent help in the first reply, and few calm ones may. They guard the
// safety patterns against losing what they learnt; the real test stays the held-out real messages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { understand } from './support.js';

const DIR = join(import.meta.dirname, 'probes');
const probes = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((file) =>
    readFileSync(join(DIR, file), 'utf8')
      .split('\n')
      .map((line) => /^([UC]) \| (.+)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ file, urgent: m[1] === 'U', text: m[2]! }))
  );
const urgent = probes.filter((p) => p.urgent).map((p) => [p.text.slice(0, 80), p.text] as const);
const calm = probes.filter((p) => !p.urgent);

describe('probe messages', () => {
  it('has enough of each to mean something', () => {
    expect(urgent.length).toBeGreaterThan(400);
    expect(calm.length).toBeGreaterThan(250);
  });

  it.each(urgent)('gets urgent help: %s', (_, text) => {
    expect(understand(text).urgent).not.toEqual([]);
  });

  // Over four thousand messages in one test: allowed longer than the default when the whole suite
  // shares two cores (a guard against hanging, not a timing).
  it('marks at most 5% of the calm ones urgent', () => {
    const alarms = calm.filter((p) => understand(p.text).urgent.length > 0).map((p) => `${p.file}: ${p.text}`);
    expect(alarms.length / calm.length, alarms.join('\n')).toBeLessThanOrEqual(0.05);
  }, 180_000);
});
