// The content quality checks (src/content/quality.ts, rules in content/quality.yaml) on what help
// is offered, where, and on what authority: small bad fixtures show the sources and dates,
// coverage, routes and country checks can fail.
import { describe, expect, it } from 'vitest';
import { ContentError, loadContent, type Content } from '../../src/content/load.js';
import type { Localised } from '../../src/content/localised.js';
import { REGIONS } from '../../dialogs/vocabulary.js';
import { WordsSchema } from '../../src/content/schema.js';
import { countryTerms, foreignMentions, formatReport } from '../../src/content/quality.js';
import { check, errors, fixture, real, warnings, youngSextortion } from './support.js';

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
    // A word written per country must say what anyone reads before they say where they live.
    expect(WordsSchema.safeParse({ ...real.words, 'welcome.danger': { us: 'In danger right now? Call **911**.' } }).success).toBe(false);
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

  it("fails a carer's or an adult's own urgent wording that drops the emergency number, or pushes the first card off a phone's screen", () => {
    const bad = fixture((c) => {
      const help = c.urgent.get('self-harm')!;
      help.carerText = 'Thank you for telling me. You are not alone.';
      help.adultSteps = [...(help.adultSteps ?? []), 'One more long step that goes on and on about many things.', 'And another long step that goes on and on about more.'];
    });
    const messages = errors(check(bad), 'coverage').map((f) => `${f.where}: ${f.message}`);
    expect(messages).toContain('urgent self-harm for a carer (uk): a life may be at risk: say to call 999');
    expect(messages.some((m) => /^urgent self-harm for an adult \(uk\): takes about \d+ lines on a phone/.test(m))).toBe(true);
    expect(messages.some((m) => /^urgent self-harm \(uk\)/.test(m))).toBe(false);
  });

  it('fails urgent help with no steps for a parent, carer or professional', () => {
    const bad = fixture((c) => {
      delete c.urgent.get('sextortion')!.carerSteps;
    });
    expect(errors(check(bad), 'coverage').map((f) => `${f.where}: ${f.message}`)).toContain(
      'urgent sextortion: has no carerSteps: write what a parent, carer or professional does now'
    );
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

  it('fails a word written for one country that names another country\'s emergency number or service', () => {
    const bad = fixture((c) => {
      const words = c.words as Record<string, unknown>;
      words['safety.no'] = { unknown: 'Please get help now. **Call 999** in the UK, or your local emergency number.', au: 'Please get help now. **Call 999**. You can text SHOUT.' };
    });
    const messages = errors(check(bad), 'countries').map((f) => `${f.where}: ${f.message}`);
    expect(messages.some((m) => /words safety\.no\.au: is read in au but shows 999/.test(m))).toBe(true);
    expect(messages.some((m) => /words safety\.no\.unknown/.test(m))).toBe(false);
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
