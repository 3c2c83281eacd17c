// An adult who says their age is never sent to children's services, in urgent help too: whatever
// the danger, wherever they live (and before they have said where).
import { describe, expect, it } from 'vitest';
import { REGIONS, SITUATIONS, URGENT_KINDS } from '../../dialogs/vocabulary.js';
import { urgentHelp } from '../../src/render/urgent.js';
import { content } from '../support/botHarness.js';
import { CHILD_SERVICE_WORDS, FOR_CHILDREN } from '../support/childrensServices.js';
import { followUpsReached } from '../support/followUpsReached.js';

/** Services only for children, or for adults worried about a child; Kids Helpline (5 to 25) is not for an adult of any age. */
const NOT_FOR_AN_ADULT = [...FOR_CHILDREN, 'kids-helpline-au'];

describe('urgent help for an adult asking about themself', () => {
  for (const region of [undefined, ...REGIONS]) {
    it.each(URGENT_KINDS)(`%s, in ${region ?? 'an unknown country'}, names and offers no children's service`, (kind) => {
      const context = { piiNoted: false, welcomed: true, asides: 0, audience: 'adult', ageBand: '18-plus', ...(region && { region }) } as const;
      const help = urgentHelp([kind], context, content());
      expect(help.services.filter((id) => NOT_FOR_AN_ADULT.includes(id))).toEqual([]);
      // A step may still speak to both ages ("Under 18? Report it to CEOP. 18 or over? Call 101."),
      // but never sends an adult to a children's service.
      const steps = help.text.split('\n').filter((line) => line.startsWith('- ') && !/\bUnder 18\b/.test(line));
      expect(steps.join('\n')).not.toMatch(CHILD_SERVICE_WORDS);
    });
  }
});

describe('urgent help for an adult threatened with a picture taken when they were under 18', () => {
  it.each(REGIONS)('offers Take It Down, never StopNCII (only for images of adults), in %s', (region) => {
    const context = { piiNoted: false, welcomed: true, asides: 0, audience: 'adult', ageBand: '18-plus', imageUnder18: true, region } as const;
    const help = urgentHelp(['sextortion'], context, content());
    expect(help.services).not.toContain('stopncii');
    expect(help.services).toContain('take-it-down');
  });
});

// An adult, or a young person who says they are 18 or over, reads the follow-up answers too.
describe('the follow-up answers an adult asking about themself is offered', () => {
  for (const audience of ['adult', 'young-person'] as const) {
    for (const region of REGIONS) {
      it.each(SITUATIONS)(`after %s, for ${audience === 'adult' ? 'an adult' : 'a young person of 18 or over'} in ${region}: no children's service`, (situation) => {
        for (const { id, text, services } of followUpsReached({ audience, ageBand: '18-plus', region, situation })) {
          const lines = text.split('\n').filter((line) => !/\bunder[- ]18\b/i.test(line));
          expect(lines.join('\n'), id).not.toMatch(CHILD_SERVICE_WORDS);
          expect(services.filter((s) => NOT_FOR_AN_ADULT.includes(s)), id).toEqual([]);
        }
      });
    }
  }
});
