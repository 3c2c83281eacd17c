// The content quality checks (src/content/quality.ts, rules in content/quality.yaml) on how the
// texts are written: small bad fixtures show the readability, blaming language and unconfirmed
// facts checks can fail, while kind phrasings and hedged facts pass.
import { describe, expect, it } from 'vitest';
import { phoneNumbersIn, readingGrade, riskHits, stripMarkdown } from '../../src/content/quality.js';
import { check, config, errors, fixture, real, youngSextortion } from './support.js';

describe('readability', () => {
  it('strips markdown before measuring', () => {
    expect(stripMarkdown('**Call 999** now.\n- Tell [Childline](https://www.childline.org.uk/).')).toBe('Call 999 now.\nTell Childline.');
  });

  it('grades plain words low and long, dense words high', () => {
    expect(readingGrade('You are not in trouble. Tell someone you trust. We can help.')).toBeLessThan(3);
    expect(
      readingGrade('Notwithstanding the aforementioned considerations, institutional safeguarding responsibilities necessitate comprehensive multi-agency documentation.')
    ).toBeGreaterThan(12);
  });

  it('fails a young person\'s answer that is too hard to read', () => {
    const bad = fixture((c) => {
      youngSextortion(c).text =
        'Financially motivated sexual extortion constitutes a serious criminal offence, and organisations responsible for safeguarding will investigate comprehensively, notwithstanding any apprehension regarding potential consequences.';
    });
    const found = errors(check(bad), 'readability');
    expect(found.map((f) => f.where)).toContain('situations/sextortion young-person (uk)');
    expect(found[0]?.message).toMatch(/above 6/);
  });

  it('holds parents\' answers to grade 8, not 6', () => {
    const parentGrade = check(real).grades.find((g) => g.where === 'situations/law parent (uk)');
    expect(parentGrade?.max).toBe(8);
  });
});

describe('blaming language', () => {
  it.each([
    'Why did you send it?',
    'You should have known better than to trust them.',
    'It is your fault for sending it.',
    'That was a careless thing to do.',
    'What were you thinking?',
    'Honestly, that was stupid.'
  ])('fails "%s"', (phrase) => {
    const bad = fixture((c) => {
      youngSextortion(c).steps = [...youngSextortion(c).steps, phrase];
    });
    expect(errors(check(bad), 'blaming').map((f) => f.where)).toContain(`situations/sextortion young-person steps.${youngSextortion(bad).steps.length}`);
  });

  it.each(['It is not your fault.', 'This was never your fault.', 'Your child is not to blame.', "It isn't your fault."])('allows "%s"', (phrase) => {
    const fine = fixture((c) => {
      youngSextortion(c).steps = [...youngSextortion(c).steps, phrase];
    });
    expect(errors(check(fine), 'blaming')).toEqual([]);
  });

  it('fails words we avoid, such as "child pornography"', () => {
    const bad = fixture((c) => {
      const words = c.words as Record<string, string>;
      words.help = 'Report child pornography here.';
    });
    expect(errors(check(bad), 'blaming').map((f) => f.where)).toContain('words help');
  });
});

describe('unconfirmed facts', () => {
  it('fails a text that states an UNCONFIRMED fact as certain (U2: Report Remove ID check)', () => {
    const bad = fixture((c) => {
      youngSextortion(c).steps = [...youngSextortion(c).steps, 'You must prove your age with Yoti to use Report Remove.'];
    });
    const found = errors(check(bad), 'unconfirmed');
    expect(found.map((f) => f.message).join('\n')).toMatch(/U2/);
  });

  it('allows the same fact when it is hedged', () => {
    const fine = fixture((c) => {
      youngSextortion(c).steps = [...youngSextortion(c).steps, 'If you are 13 to 17, you may be asked to prove your age.'];
    });
    expect(errors(check(fine), 'unconfirmed')).toEqual([]);
  });

  it('fails Childline chat hours stated as fact (U1)', () => {
    const bad = fixture((c) => {
      const answer = c.situations.get('talk-to-child')?.answers.parent;
      if (answer) answer.steps = [...answer.steps, 'Childline chat is open 24/7.'];
    });
    expect(errors(check(bad), 'unconfirmed').map((f) => f.message).join('\n')).toMatch(/U1/);
  });

  it('fails an unconfirmed number (Marie Collins Foundation, U6) and an invented one', () => {
    const bad = fixture((c) => {
      const answer = c.situations.get('image-shared')?.answers.parent;
      if (answer) answer.steps = [...answer.steps, 'Call the Marie Collins Foundation on 01765 688827.', 'Or call 0800 123 4567.'];
    });
    const messages = errors(check(bad), 'unconfirmed').map((f) => f.message).join('\n');
    expect(messages).toMatch(/U6/);
    expect(messages).toMatch(/0800 123 4567.*never invent a number/);
  });

  it('fails a statement the fact sheet contradicts (CEOP reports are not anonymous)', () => {
    const bad = fixture((c) => {
      youngSextortion(c).steps = [...youngSextortion(c).steps, 'You can report to CEOP anonymously.'];
    });
    expect(errors(check(bad), 'unconfirmed').map((f) => f.message).join('\n')).toMatch(/S46/);
  });

  const rule = (id: string) => {
    const found = [...config.unconfirmed, ...config.contradicted].find((r) => r.id === id);
    if (!found) throw new Error(`no rule ${id} in quality.yaml`);
    return found;
  };
  it.each([
    ['U1', 'You can chat to Childline online 24/7.'],
    ['U4', 'Text the NSPCC on 88858.'],
    ['U9', 'Stop It Now is open Monday to Thursday, 9am to 9pm.'],
    ['U12', 'The Revenge Porn Helpline is only for adults.'],
    ['U13', 'POSH is open 10am to 4pm on weekdays.'],
    ['U14', 'Report at ceop.police.uk.'],
    ['U24', 'You could face up to 2 years in prison.'],
    ['U25', 'Making a sexual deepfake is a crime.'],
    ['U26', 'Take It Down works on Instagram and TikTok.'],
    ['U27', 'Report it to the FBI.'],
    ['U31', 'Shore can help under-18s.'],
    ['S40', 'You can text Samaritans.'],
    ['S34', 'StopNCII can help under-18s.'],
    ['S116', 'Send the image to the IWF.']
  ])('rule %s catches "%s"', (id, sentence) => {
    expect(riskHits(sentence, rule(id))).toHaveLength(1);
  });
  it.each([
    ['U2', 'Under 13s do not have to prove their age.'],
    ['U1', 'Childline is free, day and night.'],
    ['S46', "Reports to CEOP can't be anonymous."],
    ['S40', 'Samaritans has no text service.'],
    ['S34', 'If you were under 18 in it, use Take It Down instead of StopNCII.'],
    ['U24', 'In Ireland, sharing intimate images to cause harm can mean up to 7 years in prison.']
  ])('rule %s lets "%s" through', (id, sentence) => {
    expect(riskHits(sentence, rule(id))).toEqual([]);
  });

  it('finds phone numbers, but not ages, years or counts', () => {
    expect(phoneNumbersIn('Call **0800 1111** or 116 123, or text 85258.')).toEqual(['0800 1111', '116 123', '85258']);
    expect(phoneNumbersIn('Since 31 January 2024, for ages 13 to 17, within 48 hours.')).toEqual([]);
  });
});
