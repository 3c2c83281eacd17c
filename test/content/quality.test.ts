// The content quality checks (src/content/quality.ts, rules in content/quality.yaml): the
// real content passes them, and small bad fixtures show each check can fail.
import { describe, expect, it } from 'vitest';
import { ContentError, loadContent, type Content } from '../../src/content/load.js';
import type { Localised } from '../../src/content/localised.js';
import { REGIONS } from '../../dialogs/vocabulary.js';
import { WordsSchema } from '../../src/content/schema.js';
import {
  checkQuality,
  errorsIn,
  foreignMentions,
  countryTerms,
  formatReport,
  loadQualityConfig,
  phoneNumbersIn,
  readingGrade,
  reachableCombinations,
  riskHits,
  stripMarkdown,
  type CheckName,
  type QualityReport
} from '../../src/content/quality.js';

const real = loadContent();
const config = loadQualityConfig();
const TODAY = new Date('2026-12-02T12:00:00Z');

/** A deep copy of the real content, changed by `change`: a small bad fixture. */
function fixture(change: (c: Content) => void): Content {
  const copy = structuredClone(real) as Content;
  change(copy);
  return copy;
}

const check = (content: Content, options: Parameters<typeof checkQuality>[2] = {}) =>
  checkQuality(content, config, { today: TODAY, ...options });
const errors = (report: QualityReport, name: CheckName) => errorsIn(report).filter((f) => f.check === name);
const warnings = (report: QualityReport, name: CheckName) => report.findings.filter((f) => f.check === name && f.level === 'warning');

/** The young person's answer to sextortion, in a fixture, to change. */
function youngSextortion(c: Content) {
  const answer = c.situations.get('sextortion')?.answers['young-person'];
  if (!answer) throw new Error('fixture needs the young-person sextortion answer');
  return answer;
}

describe('the real content', () => {
  const report = check(real);

  it('passes every quality check', () => {
    expect(errorsIn(report), formatReport(report)).toEqual([]);
  });

  it('has no fact checked more than 12 months ago (today)', () => {
    expect(warnings(report, 'sources')).toEqual([]);
  });

  it('keeps young people\'s texts at grade 6 or below, and parents\' and professionals\' at 8 or below', () => {
    const young = report.grades.filter((g) => g.group === 'young people');
    const adults = report.grades.filter((g) => g.group === 'parents and professionals');
    expect(young.length).toBeGreaterThan(50);
    expect(adults.length).toBeGreaterThan(30);
    expect(Math.max(...young.map((g) => g.grade))).toBeLessThanOrEqual(config.readability.youngPeople);
    expect(Math.max(...adults.map((g) => g.grade))).toBeLessThanOrEqual(config.readability.adults);
    // Every answer is graded, in every region: young people's against 6, everyone else's against 8.
    expect(report.grades.some((g) => g.where === 'situations/law young-person (au)' && g.max === 6)).toBe(true);
  });

  it('grades every answer as each region reads it, and every follow-up answer', () => {
    const answers = report.grades.filter((g) => g.kind.endsWith(' answers') && g.kind !== 'follow-up answers');
    const perRegion = [...real.situations.values()].reduce((n, s) => n + Object.keys(s.answers).length, 0) * 6;
    expect(answers.length).toBe(perRegion);
    const followUps = [...real.conversation.followUps.values()].flatMap((f) => f.answers);
    const graded = new Set(report.grades.filter((g) => g.kind === 'follow-up answers').map((g) => g.where.replace(/ text(\.\w+)?$/, '')));
    expect(graded.size).toBe(followUps.length);
  });

  it('checks routes for every combination the dialog can reach', () => {
    expect(report.counts.combinations).toBe(reachableCombinations().length);
    expect(reachableCombinations().length).toBeGreaterThan(500);
  });

  it('prints a readable report that says it passed', () => {
    expect(formatReport(report)).toMatch(/Quality checks passed/);
  });
});

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

describe('sources and dates', () => {
  it('fails an answer with no source', () => {
    const bad = fixture((c) => {
      youngSextortion(c).sources = [];
    });
    expect(errors(check(bad), 'sources').map((f) => `${f.where}: ${f.message}`)).toContain(
      'situations/sextortion young-person: has no source: add the [S#] ids it comes from'
    );
  });

  it('fails a source id that is not in sources.yaml', () => {
    const bad = fixture((c) => {
      youngSextortion(c).sources = ['S999'];
    });
    expect(errors(check(bad), 'sources').map((f) => f.message)).toContain('cites S999, which is not in sources.yaml');
  });

  it('fails a missing or impossible checked date, and one in the future', () => {
    const bad = fixture((c) => {
      youngSextortion(c).checked = '2026-02-30';
      const parent = c.situations.get('sextortion')?.answers.parent;
      if (parent) parent.checked = '2027-01-01';
    });
    const messages = errors(check(bad), 'sources').map((f) => f.message).join('\n');
    expect(messages).toMatch(/no real "checked" day/);
    expect(messages).toMatch(/after today/);
  });

  it('lists a fact checked more than 12 months ago as a warning, and fails it with --strict', () => {
    const stale = fixture((c) => {
      youngSextortion(c).checked = '2025-10-01';
      const service = c.services.get('childline');
      if (service) service.phone = service.phone && { ...service.phone, checked: '2024-01-15' };
    });
    const lenient = check(stale);
    expect(warnings(lenient, 'sources').map((f) => f.where)).toEqual(
      expect.arrayContaining(['situations/sextortion young-person', 'service childline.phone'])
    );
    expect(errors(lenient, 'sources')).toEqual([]);
    expect(lenient.counts.stale).toBe(2);
    expect(formatReport(lenient)).toMatch(/\[WARN\] Sources/);

    const strict = check(stale, { strict: true });
    expect(errors(strict, 'sources').length).toBe(2);
  });

  it('finds every real fact stale two years from now', () => {
    const later = check(real, { today: new Date('2028-11-28T00:00:00Z') });
    expect(later.counts.stale).toBe(later.counts.facts);
  });
});

describe('words, coverage and routes', () => {
  it('refuses words.yaml without a key the code can ask for, or with one it cannot', () => {
    const { 'answer.stepsHeading': _dropped, ...missing } = real.words;
    expect(WordsSchema.safeParse(missing).success).toBe(false);
    expect(WordsSchema.safeParse({ ...real.words, 'answer.typo': 'Hello' }).success).toBe(false);
    expect(WordsSchema.safeParse(real.words).success).toBe(true);
    expect(() => loadContent('/nonexistent/')).toThrow();
    expect(ContentError).toBeDefined();
  });

  it('fails a situation with no answer for an audience that meets it', () => {
    const bad = fixture((c) => {
      delete c.situations.get('law')?.answers.parent;
    });
    const messages = errors(check(bad), 'coverage').map((f) => `${f.where}: ${f.message}`);
    expect(messages).toEqual(expect.arrayContaining(['situations/law: has no answer for parent', 'situations/law label.parent: is offered to parent, who has no answer']));
  });

  it('fails an answer with more than three steps in a region, or one too long for a phone', () => {
    const bad = fixture((c) => {
      const answer = youngSextortion(c);
      answer.steps = [...answer.steps, { au: 'Tell a teacher too.' }];
      answer.text = { ...(typeof answer.text === 'string' ? { uk: answer.text } : answer.text), ie: 'Long. '.repeat(250) };
    });
    const messages = errors(check(bad), 'coverage').map((f) => `${f.where}: ${f.message}`);
    expect(messages).toContain('situations/sextortion young-person (au): has 4 steps: at most 3, move the rest to law, talk or sayToChild');
    expect(messages.some((m) => /young-person \(ie\): lead and steps are \d+ characters: at most 1200/.test(m))).toBe(true);
  });

  it('fails a first reply that would push its first service card below a phone\'s first screen', () => {
    // 99 characters: a step may be this long, but not three of them with a lead.
    const long = 'Tell an adult you trust about it today, and keep every message they sent you as evidence for later.';
    const everywhere = (text: Localised): Localised => (typeof text === 'string' ? Object.fromEntries(REGIONS.map((r) => [r, text])) : text);
    const bad = fixture((c) => {
      const answer = youngSextortion(c);
      answer.text = { ...(everywhere(answer.text) as object), us: `${long} ${long}` };
      answer.steps = [answer.steps[0]!, { ...(answer.steps[1] as object), au: long }, { uk: `${long} ${long}`, au: long, ca: 'Block them.' }];
      // Short sentences, but many paragraphs: few characters, too many lines.
      const parent = c.situations.get('sextortion')!.answers.parent!;
      parent.text = { ...(everywhere(parent.text) as object), ca: Array.from({ length: 9 }, () => 'Stay calm.').join('\n\n') };
      const help = c.urgent.get('sextortion')!;
      help.text = { ...(everywhere(help.text) as object), ie: `${long} ${long} ${long}` };
    });
    const messages = errors(check(bad), 'coverage').map((f) => `${f.where}: ${f.message}`);
    const found = (pattern: RegExp) => messages.some((m) => pattern.test(m));
    expect(found(/^situations\/sextortion young-person \(us\): the lead is 199 characters: at most 105/)).toBe(true);
    expect(found(/^situations\/sextortion young-person \(uk\): step 3 is 199 characters: at most 100/)).toBe(true);
    expect(found(/^situations\/sextortion young-person \(au\): lead and steps are \d+ characters: at most 310/)).toBe(true);
    expect(found(/^situations\/sextortion young-person \(uk\): takes about \d+ lines on a phone: at most 13/)).toBe(true);
    expect(found(/^situations\/sextortion parent \(ca\): takes about \d+ lines on a phone: at most 13/)).toBe(true);
    expect(found(/^situations\/sextortion parent \(ca\): (the lead|lead and steps)/)).toBe(false);
    expect(found(/^urgent sextortion \(ie\): takes about \d+ lines on a phone: at most 13/)).toBe(true);
    // Only the regions that do not fit are named: a short step fits where the others are long.
    expect(found(/^situations\/sextortion young-person \(ca\)/)).toBe(false);
    expect(found(/^situations\/sextortion parent \(uk\)/)).toBe(false);
  });

  it('fails urgent help without the emergency number first, or with no crisis line, in a country we cover', () => {
    const bad = fixture((c) => {
      const help = c.urgent.get('self-harm')!;
      help.services = { ...help.services, au: ['kids-helpline-au', 'emergency-000'], ca: ['emergency-911-ca'] };
    });
    const messages = errors(check(bad), 'coverage').map((f) => `${f.where}: ${f.message}`);
    expect(messages).toContain('urgent self-harm (au): a life may be at risk: emergency-000 comes first');
    expect(messages).toContain('urgent self-harm (ca): offers no crisis line (crisis-988-ca, kids-help-phone)');
  });

  it('fails when a reachable combination gets no service', () => {
    const bad = fixture((c) => {
      (c as { routes: Content['routes'] }).routes = c.routes.filter((r) => !r.region?.includes('ca'));
    });
    expect(errors(check(bad), 'routes').some((f) => /\/ ca: gets no service/.test(f.where + ': ' + f.message))).toBe(true);
  });

  it('fails a service offered to someone it is not for (Report Remove to an adult)', () => {
    const bad = fixture((c) => {
      (c as { routes: Content['routes'] }).routes = [{ situation: 'image-shared', audience: ['adult'], services: ['report-remove'] }, ...c.routes];
    });
    expect(errors(check(bad), 'routes').map((f) => f.message)).toContain('offers "report-remove": Report Remove is only for under-18s (an adult can use Take It Down for images taken under 18)');
  });

  it('fails a UK-only service offered in another country', () => {
    const bad = fixture((c) => {
      (c as { routes: Content['routes'] }).routes = [{ situation: 'law', region: ['us'], services: ['ceop'] }, ...c.routes];
    });
    expect(errors(check(bad), 'routes').some((f) => /"ceop" \(uk\) in us: it does not serve there/.test(f.message))).toBe(true);
  });

  it('fails a UK crisis line offered somewhere we do not cover, and a route left empty in a country we do', () => {
    const bad = fixture((c) => {
      (c as { routes: Content['routes'] }).routes = [
        { situation: 'feeling-low', region: ['other'], services: ['samaritans'] },
        { situation: 'feeling-low', region: ['au'], services: [] },
        ...c.routes
      ];
    });
    const found = errors(check(bad), 'routes').map((f) => `${f.where}: ${f.message}`);
    expect(found.some((m) => /feeling-low \/ young-person \/ 13-17 \/ other: offers "samaritans" \(uk\) in other/.test(m))).toBe(true);
    expect(found.some((m) => /feeling-low \/ young-person \/ 13-17 \/ au: gets no service/.test(m))).toBe(true);
  });
});

describe("each country's own help", () => {
  const terms = countryTerms(real);

  it.each([
    ['au', 'Report it to CEOP, or call 999.', ['CEOP', '999']],
    ['us', 'Call Samaritans on 116 123.', ['Samaritans', '116 123']],
    ['ca', 'Text SHOUT to 85258, or call the NSPCC.', ['85258', 'NSPCC']],
    ['ie', 'Use Report Remove, or call the police on 101.', ['Report Remove', '101']],
    ['ie', 'Call the 988 Lifeline.', ['988 Lifeline']],
    ['other', 'Call Childline on 0800 1111.', ['Childline', '0800 1111']],
    ['uk', 'Report it to the ACCCE, or Hotline.ie.', ['ACCCE', 'Hotline.ie']],
    ['au', 'Read about Outcome 21 and the TAKE IT DOWN Act.', ['Outcome 21', 'TAKE IT DOWN Act']]
  ] as const)('in %s, "%s" names another country\'s help', (region, text, named) => {
    const problems = foreignMentions(text, region, terms).join('\n');
    for (const name of named) expect(problems).toContain(name);
  });

  it.each([
    ['ie', 'Call Samaritans on 116 123, or Childline (ISPCC). In danger? Call 112 or 999. Stop It Now takes calls from Ireland.'],
    ['us', 'Call or text 988. Use Take It Down and StopNCII. In danger? Call 911.'],
    ['ca', 'Call or text 988, or 911. Report to Cybertip.ca.'],
    ['au', 'Call Lifeline on 13 11 14 or Kids Helpline. Report to the ACCCE. In danger? Call 000.'],
    ['other', 'Take It Down and StopNCII work anywhere. Report the link to the IWF.']
  ] as const)('in %s, "%s" is that country\'s own help', (region, text) => {
    expect(foreignMentions(text, region, terms)).toEqual([]);
  });

  it('fails an answer that names another country\'s service in a region map, and an urgent text that names 999 before the country is known without the local number', () => {
    const bad = fixture((c) => {
      const answer = youngSextortion(c);
      answer.steps = [...answer.steps.slice(0, 2), { uk: 'Tell CEOP.', au: 'Tell CEOP.' }];
      const danger = c.urgent.get('danger')!;
      danger.text = { ...(danger.text as Record<string, string>), unknown: 'If you are in danger, **call 999**.' };
    });
    const messages = errors(check(bad), 'countries').map((f) => `${f.where}: ${f.message}`);
    expect(messages.some((m) => /situations\/sextortion young-person \(au\): is read in au but names "CEOP"/.test(m))).toBe(true);
    expect(messages.some((m) => /urgent danger \(unknown\): names an emergency number before we know where the person lives/.test(m))).toBe(true);
  });

  it('fails a global card whose note names one country\'s service for everyone', () => {
    const bad = fixture((c) => {
      const tool = c.services.get('take-it-down')!;
      tool.notes = tool.notes.map((n) => ({ ...n, regions: undefined }));
    });
    const messages = errors(check(bad), 'countries').map((f) => `${f.where}: ${f.message}`);
    expect(messages.some((m) => /service take-it-down\.notes\.\d+ \(au\): is read in au but names "CyberTipline"/.test(m))).toBe(true);
  });
});
