// Urgent help for a parent, carer or professional asking about a child speaks to them: what they
// can do and where the child can talk, not "tell an adult you trust", which is written to the child.
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../dialogs/vocabulary.js';
import { urgentHelp } from '../../src/render/urgent.js';
import { content } from '../support/botHarness.js';

const base = { piiNoted: false, welcomed: true, asides: 0 } as const;

describe('urgent help about grooming, for the adult who is worried about a child', () => {
  for (const region of [undefined, ...REGIONS]) {
    it.each(['parent', 'professional'] as const)(`%s, in ${region ?? 'an unknown country'}: steps for them, the same services`, (audience) => {
      const carer = urgentHelp(['grooming'], { ...base, audience, ageBand: '13-17', ...(region && { region }) }, content());
      const child = urgentHelp(['grooming'], { ...base, audience: 'young-person', ageBand: '13-17', ...(region && { region }) }, content());
      expect(carer.text).not.toMatch(/tell (?:an|a safe) adult/i);
      expect(carer.text).toMatch(/don't let the child meet them/i);
      expect(child.text).toMatch(/tell (?:an|a safe) adult/i);
      expect(carer.services).toEqual(child.services);
    });
  }
});
