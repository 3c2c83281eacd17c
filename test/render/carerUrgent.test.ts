// Urgent help for a parent, carer or professional asking about a child speaks to them: what they
// can do and where the child can talk, not "tell an adult you trust", which is written to the child.
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../dialogs/vocabulary.js';
import { urgentHelp } from '../../src/render/urgent.js';
import { messageFor } from '../../src/render/messages.js';
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

describe('urgent help about grooming, for an adult who tells of someone grooming another child', () => {
  for (const region of [undefined, ...REGIONS]) {
    it(`in ${region ?? 'an unknown country'}: a carer's steps and services, not a victim's`, () => {
      const told = urgentHelp(['grooming'], { ...base, audience: 'adult', ageBand: '18-plus', othersRisk: ['grooming'], ...(region && { region }) }, content());
      const carer = urgentHelp(['grooming'], { ...base, audience: 'parent', ageBand: '13-17', ...(region && { region }) }, content());
      expect(told).toEqual(carer);
      expect(told.text).not.toMatch(/pictures of you/);
    });
  }
});

describe('urgent help about self-harm, for the adult who is asking', () => {
  for (const region of [undefined, ...REGIONS]) {
    it.each(['parent', 'professional'] as const)(`%s, in ${region ?? 'an unknown country'}: speaks to them and the child, the same services`, (audience) => {
      const context = { ...base, audience, ageBand: '13-17', ...(region && { region }) } as const;
      const carer = urgentHelp(['self-harm'], context, content());
      const child = urgentHelp(['self-harm'], { ...context, audience: 'young-person' }, content());
      // The thoughts may be the child's or their own: both are named, and the emergency number stays.
      expect(carer.text).toMatch(/if you or the child might act on these thoughts now/i);
      expect(child.text).toMatch(/if you might act on these thoughts now/i);
      expect(carer.text).not.toMatch(/tell someone near you how you feel/i);
      expect(carer.text).toMatch(/\*\*call [^*]+\*\*/);
      expect(carer.services).toEqual(child.services);
    });
  }
});

describe('urgent help about blackmail, for the adult who is asking', () => {
  for (const region of [undefined, ...REGIONS]) {
    it.each(['parent', 'professional'] as const)(`%s, in ${region ?? 'an unknown country'}: no blame, what they do now, the same services`, (audience) => {
      const context = { ...base, audience, ageBand: '13-17', ...(region && { region }) } as const;
      const carer = urgentHelp(['sextortion'], context, content());
      const child = urgentHelp(['sextortion'], { ...context, audience: 'young-person' }, content());
      expect(carer.text).toMatch(/never to blame/);
      expect(carer.text).toMatch(/Don't pay or send more/);
      // Written to the one blackmailed, these would speak to the parent as the victim.
      expect(child.text).toMatch(/It is not your fault/);
      expect(carer.text).not.toMatch(/not your fault|tell (?:an|a safe) adult|tell someone you trust/i);
      // the same services, but no police 101 card for a young person who has said they are under 18
      expect(child.services).toEqual(carer.services.filter((id) => id !== 'police-101'));
      expect(child.text).not.toMatch(/18 or over/);
    });
  }
});

describe('urgent help about abuse, for the adult who is told of it', () => {
  for (const region of [undefined, ...REGIONS]) {
    it.each(['parent', 'professional'] as const)(`%s, in ${region ?? 'an unknown country'}: the child's safety, the emergency number, the same services`, (audience) => {
      const context = { ...base, audience, ageBand: 'under-13', ...(region && { region }) } as const;
      const carer = urgentHelp(['abuse'], context, content());
      const child = urgentHelp(['abuse'], { ...context, audience: 'young-person' }, content());
      expect(carer.text).toMatch(/never the child's fault/);
      expect(carer.text).toMatch(/Keep the child safe/);
      expect(carer.text).toMatch(/\*\*call [^*]+\*\*/);
      expect(child.text).toMatch(/What happened is not your fault/);
      expect(carer.text).not.toMatch(/not your fault|you deserve to be safe/i);
      expect(carer.services).toEqual(child.services);
    });
  }
});

describe('urgent help about danger, for the adult who is asking', () => {
  for (const region of [undefined, ...REGIONS]) {
    it(`a parent, in ${region ?? 'an unknown country'}: the child's safety first, not "if you can't talk out loud"`, () => {
      const context = { ...base, audience: 'parent', ageBand: '13-17', ...(region && { region }) } as const;
      const carer = urgentHelp(['danger'], context, content());
      expect(carer.text).toMatch(/get the child somewhere safe/);
      expect(carer.text).not.toMatch(/talk out loud/);
      expect(carer.services).toEqual(urgentHelp(['danger'], { ...context, audience: 'young-person' }, content()).services);
    });
  }
});

describe('urgent help for several kinds at once', () => {
  it.each([undefined, ...REGIONS])('says a sentence the kinds share once, where it first comes (%s)', (region) => {
    const context = { ...base, audience: 'parent', ageBand: 'under-13', ...(region && { region }) } as const;
    const { text } = urgentHelp(['grooming', 'abuse'], context, content());
    expect(text.match(/It is never the child's fault/g)).toHaveLength(1);
    expect(text.match(/If the child is in danger now/g)).toHaveLength(1);
  });

  // A stepdad, an uncle, a man she has already met: abuse's help says what to do, and grooming's
  // "Don't meet them" would not fit; grooming's services stay.
  it.each([undefined, ...REGIONS])('grooming told beside abuse: no "don\'t meet them", every service kept (%s)', (region) => {
    for (const audience of ['parent', 'young-person'] as const) {
      const context = { ...base, audience, ageBand: '13-17', ...(region && { region }) } as const;
      const both = urgentHelp(['grooming', 'abuse'], context, content());
      expect(both.text).not.toMatch(/meet them/i);
      expect(both.text).toMatch(/\*\*call [^*]+\*\*/);
      expect(both.text).toMatch(region === 'other' ? /police/ : /Keep any messages/);
      expect(both.services).toEqual(expect.arrayContaining(urgentHelp(['grooming'], context, content()).services));
    }
  });
});

describe('the gentle risk question', () => {
  type Kind = 'grooming' | 'sextortion' | 'self-harm' | 'danger' | 'abuse';
  const asked = (riskOpen: Kind[], audience?: 'parent' | 'professional' | 'young-person') =>
    messageFor({ key: 'ask', question: 'risk' }, { state: 'riskCheck', context: { ...base, riskOpen, ...(audience && { audience }) }, offers: [] }, content()).text;

  it('fits the risk it asks about, so that "yes" means help is needed', () => {
    expect(asked(['grooming'])).toBe('Is someone threatening you, or asking to meet you?');
    expect(asked(['self-harm', 'sextortion'])).toBe('Is someone threatening you, or asking to meet you?');
    expect(asked(['self-harm'])).toBe('Are you having thoughts of hurting yourself?');
    expect(asked(['danger'])).toBe('Are you in danger, or is someone hurting you?');
    expect(asked(['abuse'], 'young-person')).toBe('Are you in danger, or is someone hurting you?');
  });

  it('asks a parent, carer or professional about the child too', () => {
    expect(asked(['grooming'], 'parent')).toBe('Is someone threatening the child, or asking to meet them?');
    expect(asked(['sextortion'], 'professional')).toBe('Is someone threatening the child, or asking to meet them?');
    expect(asked(['self-harm'], 'parent')).toBe('Are you or the child having thoughts of self-harm?');
    expect(asked(['danger'], 'parent')).toBe('Is the child in danger, or is someone hurting them?');
  });
});
