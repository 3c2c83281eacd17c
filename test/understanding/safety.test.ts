// The safety layer (content/safety.yaml): every urgent example from the issue, the BBC test
// prompt, coded words, and the near misses that must NOT raise urgent help (safety-cases.yaml),
// then how the layer combines with the urgency model and reports what fired.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { content } from '../support/botHarness.js';
import { createUnderstanding } from '../../src/understanding/index.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/content/load.js';
import { parseSafetyFile, readSafetyFile } from '../../src/understanding/safety.js';
import { URGENT_KINDS } from '../../dialogs/vocabulary.js';
import { parse } from 'yaml';
import { z } from 'zod';
import { parts, understand } from './support.js';

// The cases are data (safety-cases.yaml), as Rasa keeps its tests, so a content editor can add one;
// the schema keeps a mistyped kind or an emptied list from passing unnoticed.
const Cases = z.object({
  urgent: z.array(z.tuple([z.string().min(1), z.enum(URGENT_KINDS)])).min(100),
  calm: z.array(z.string().min(1)).min(100)
});
const { urgent, calm } = Cases.parse(parse(readFileSync(join(import.meta.dirname, 'safety-cases.yaml'), 'utf8')));

describe('safety layer', () => {
  it.each(urgent)('%s -> %s', (text, kind) => {
    expect(understand(text).urgent).toContain(kind);
  });

  it.each(calm)('not urgent: %s', (text) => {
    expect(understand(text).urgent).toEqual([]);
  });

  it('raises urgent help from any point of the chat, whatever question was asked', () => {
    for (const expects of ['audience', 'age', 'region', 'situation', 'yes-no', 'free-text'] as const) {
      expect(understand('kms', { expects }).urgent).toEqual(['self-harm']);
    }
  });

  it('treats the sextortion and grooming quick replies as disclosures', () => {
    expect(understand('sextortion').urgent).toEqual(['sextortion']);
    expect(understand('grooming').urgent).toEqual(['grooming']);
  });

  it('always wins: the result holds every kind the patterns found', () => {
    const layer = parts().safety;
    for (const [text] of urgent) expect(understand(text).urgent).toEqual(expect.arrayContaining(layer.urgentKinds(text)));
  });

  it('lets the classifier add sextortion or grooming the patterns missed, never remove a kind', () => {
    // the same training, with a safety file that knows nothing about blackmail or grooming
    const dir = mkdtempSync(join(tmpdir(), 'safety-'));
    for (const folder of ['training', 'understanding']) cpSync(join(DEFAULT_CONTENT_DIR, folder), join(dir, folder), { recursive: true });
    writeFileSync(join(dir, 'safety.yaml'), "rules:\n  - kind: danger\n    name: only-danger\n    patterns: ['\\bin danger\\b']\n");
    const bare = createUnderstanding(content(), dir);
    expect(bare.understand('he says he will post my nudes unless i pay him', {}).urgent).toEqual(['sextortion']);
    expect(bare.understand('an older man on roblox keeps asking my 12 year old for pictures', {}).urgent).toEqual(['grooming']);
    // never without pictures or money in the message, nor (with the real file's `ignore` frames) on a question about the subject
    expect(bare.understand('I felt threatened by the question in class', {}).urgent).toEqual([]);
    expect(understand('what does sextortion mean').urgent).toEqual([]);
    // and what the patterns found stays
    expect(bare.understand("i'm in danger", {}).urgent).toEqual(['danger']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a risk the patterns only suggested urgent when the model reading the whole story is sure of it, unless the story says it is long over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'safety-'));
    for (const folder of ['training', 'understanding']) cpSync(join(DEFAULT_CONTENT_DIR, folder), join(dir, folder), { recursive: true });
    const file = [
      'historic:',
      "  patterns: ['\\byears ago\\b']",
      "  ongoing: ['\\bstill\\b']",
      '  kinds: [grooming]',
      'rules:',
      '  - kind: grooming',
      '    name: only-older',
      '    level: possible',
      "    patterns: ['\\bolder\\b']"
    ].join('\n');
    writeFileSync(join(dir, 'safety.yaml'), `${file}\n`);
    const only = createUnderstanding(content(), dir);
    const story = "this older man from discord keeps asking me for photos, he says he loves me and i'm so mature, he wants to meet up at the weekend";
    expect(only.understand(story, {}).urgent).toEqual(['grooming']);
    // a word that only suggests it, and nothing else the model knows, stays a gentle question
    expect(only.understand('my older brother keeps messaging me', {})).toMatchObject({ urgent: [], possible: ['grooming'] });
    // said to be long over: only ever possible, however sure the model is
    expect(only.understand(`years ago, when i was a kid, ${story}`, {})).toMatchObject({ urgent: [], possible: ['grooming'] });
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks gently, instead of sending crisis lines, when the writer says the words of self-harm are a joke', () => {
    const joke = "lmaooo if my mum sees my search history i'll literally kms, not actually gonna do anything obvs, just dying of cringe";
    expect(understand(joke)).toMatchObject({ urgent: [], possible: ['self-harm'] });
    expect(understand('he left me on read and i genuinely want to die (not literally calm down)')).toMatchObject({ urgent: [], possible: ['self-harm'] });
    // the same words without the disclaimer are urgent; a joke about one risk leaves another urgent
    expect(understand("i'll literally kms if he posts it").urgent).toContain('self-harm');
    expect(understand('he says he will send my nudes to everyone unless i pay, i want to die (not literally)').urgent).toEqual(['sextortion']);
  });

  it.each([
    "my best friend says she's going to kill herself because her nudes got out",
    'my mate took a load of pills after his ex leaked his pics',
    "my bestie said she's going to kms tonight",
    "my girlfriend doesn't want to live anymore since the video went round",
    'my best friend just posted a goodbye message on her story'
  ])("reads self-harm told as a friend's as theirs, still urgent: %s", (text) => {
    expect(understand(text)).toMatchObject({ urgent: expect.arrayContaining(['self-harm']), others: ['self-harm'] });
  });

  it.each([
    'i want to kill myself, everyone has seen my nudes',
    'my friend killed herself last year and now i feel the same',
    'my best friend says she wants to die and so do i'
  ])("reads self-harm that is the writer's own as theirs, even beside a friend's: %s", (text) => {
    const understood = understand(text);
    expect(understood.urgent).toContain('self-harm');
    expect(understood.others).toBeUndefined();
  });

  it('reads "kms" about an exam or a crush as a figure of speech, and "kms" about the pictures as meant', () => {
    expect(understand('kms this exam is so hard')).toMatchObject({ urgent: [], possible: ['self-harm'] });
    expect(understand('everyone has seen my nudes kms').urgent).toContain('self-harm');
  });

  it('reads self-harm hinted without its words as urgent, and the subject talked about as calm', () => {
    for (const hint of [
      "ive already taken them. just wanted to say bye to someone",
      'ive sorted who gets my switch and my hoodies',
      "i'm not scared of dying anymore since the pics went round",
      'this is the last time youll hear from me'
    ]) expect(understand(hint).urgent, hint).toContain('self-harm');
    for (const subject of [
      'what are the real warning signs a teenager might be suicidal?',
      "what's the difference between self harm and being suicidal?",
      'my brother died by suicide two years ago, im not thinking about anything like that'
    ]) expect(understand(subject).urgent, subject).toEqual([]);
  });

  it('tells an undressed picture asked of a child from one a child was sent', () => {
    expect(understand('he keeps saying lift ur top up and take a pic im only 10').urgent).toContain('grooming');
    expect(understand('a girl in year 8 sent me a pic of her boobs out of nowhere, i just sent lol').urgent).toEqual([]);
  });

  it("gives a parent whose son or daughter is an adult no child grooming help, unless a younger child is named or the pictures are from under 18", () => {
    expect(understand('my daughter is 22 and a man of 31 keeps asking for pictures of her')).toMatchObject({ urgent: [], possible: [] });
    expect(understand("my son is 19 and some woman online keeps asking him for nudes, she says she's 25").urgent).toEqual([]);
    // blackmail is urgent at any age
    expect(understand('my daughter is 20 and her ex is threatening to post her nudes unless she pays').urgent).toEqual(['sextortion']);
    expect(understand('my daughter is 22 and a man of 40 is asking my 14 year old for pictures')).toMatchObject({ urgent: ['grooming'], slots: { ageBand: '13-17' } });
    // the parent's own adult son is the one messaging a younger child: the help is for that child's age
    expect(understand("my adult son (he's 24) has been messaging a 13 year old girl and asked her for photos")).toMatchObject({
      urgent: ['grooming'],
      slots: { audience: 'parent', ageBand: '13-17' }
    });
    expect(understand('my daughter is 19 and a man keeps messaging her little sister asking for pics').urgent).toContain('grooming');
    expect(understand('my daughter is 22 and a man of 31 has been grooming her since she was 15').urgent).toContain('grooming');
  });

  it('gives an adult who says so no child grooming help about themself, unless someone under 18 is named', () => {
    expect(understand("im 31 and my manager keeps sending me sexual messages at work, he sent a photo of himself and wants one back").urgent).not.toContain('grooming');
    expect(understand("i'm 27, matched with a woman on an app, did stuff on cam and now a man says he'll send the recording to my wife unless i pay").urgent).toEqual(['sextortion']);
    // their own past, or a child they write of, keeps it
    expect(understand("i'm 24 and i was groomed by a man when i was 14, he still messages me asking for pictures").urgent).toContain('grooming');
    expect(understand("i'm 25 and a man of 40 keeps asking my 13 year old sister for pictures").urgent).toContain('grooming');
    // a job is not an age: a 16-year-old has a manager at the cafe
    expect(understand("my manager at the cafe (he's 31) keeps messaging me after shifts and says our chats stay between us. im 16").urgent).toContain('grooming');
  });

  it("tells an adult's report of someone grooming a child from their own grooming", () => {
    expect(understand("i'm 32 and my partner admitted he's been sexting a 14 year old he met online")).toMatchObject({ urgent: ['grooming'], others: ['grooming'] });
    expect(understand("i'm 24 and i was groomed by a man when i was 14, he still messages me asking for pictures").others).toBeUndefined();
  });

  it('believes grooming of an adult son or daughter with learning difficulties: a much older man asking them to meet', () => {
    expect(understand('my son is 20 with learning difficulties and a man of 45 online keeps asking him to meet and send pictures')).toMatchObject({
      urgent: ['grooming'],
      slots: { audience: 'parent', ageBand: '18-plus' }
    });
    expect(understand('my son is 20 and a man of 45 online keeps asking him to meet and send pictures').urgent).toEqual([]);
  });

  it('tells a groomer paying a child for pictures from blackmail: no "Don\'t pay" without a threat, a demand or a picture held', () => {
    for (const offer of [
      "a man who says he's a modelling scout offered me paid work if i send him pics in my underwear first. he's 28, im 15",
      'a guy on telegram offered me 50 quid for pics of my feet and said he would pay more for more. im 16',
      "my son is 14 and a man of 20 from his xbox party has been sending him vape money and asked him to turn his camera on in the bathroom"
    ]) {
      const { urgent } = understand(offer);
      expect(urgent, offer).toContain('grooming');
      expect(urgent, offer).not.toContain('sextortion');
    }
    for (const threat of [
      "he's 25 and i'm 14, he has my pics and says he'll send them to my school unless i send more",
      'a man of 30 paid me for pics and now says i owe him and he will show my mum if i stop, im 15'
    ]) {
      expect(understand(threat).urgent, threat).toContain('sextortion');
    }
  });

  it('asks gently after a scam on a nude video call, where blackmail is the usual end but no threat is said', () => {
    for (const told of ["our son is 24 and he's been scammed with a nude video call", 'he got caught in a webcam scam last night']) {
      expect(understand(told), told).toMatchObject({ urgent: [], possible: ['sextortion'] });
    }
    expect(understand('he got caught in a webcam scam and now they say they will send the video to his family unless he pays').urgent).toEqual(['sextortion']);
    for (const calm of ['what is a webcam scam', 'someone sent me an email saying they hacked my webcam and recorded me, it is a scam', 'a scam call pretending to be the bank']) {
      expect(understand(calm), calm).toMatchObject({ urgent: [], possible: [] });
    }
  });

  it('reads danger told as long over as a question, and danger back again as urgent', () => {
    const past = 'when i was 14 a boy kept hanging around outside my house, it has been over for nearly two years now and he moved away';
    expect(understand(past)).toMatchObject({ urgent: [], possible: ['danger'] });
    expect(understand(`${past}, but he's been sat outside my house all weekend again`).urgent).toContain('danger');
  });

  it('reads money given to a child by an adult who wants pictures as grooming, not blackmail ("don\'t pay" would not fit)', () => {
    const gift = understand('a man at the park gave my 13 year old son money and asked him for photos');
    expect(gift.urgent).toEqual(['grooming']);
    // a child who paid the one blackmailing them is still blackmailed
    expect(understand("she says i owe her for the pics. ive already given her £300 from my birthday money and she keeps messaging").urgent).toContain('sextortion');
  });

  it('reads old self-harm as over, and a recent relapse as now', () => {
    expect(understand('today is exactly one year since i last hurt myself, i used to cut at uni and i am in a good place now').urgent).toEqual([]);
    expect(understand("i've been self harm free for 6 years but i cut again last night").urgent).toEqual(['self-harm']);
  });

  it('keeps words that can only be of now urgent after a story of the past, and asks gently about the same story told as it happened', () => {
    expect(understand('it was ages ago now. i keep looking at the bridge on my way home').urgent).toEqual(['self-harm']);
    const told = understand('two years ago, after the pics went round, i sat on the wall by the river and didnt want to get down. im doing ok now');
    expect(told.urgent).toEqual([]);
    expect(told.possible).toContain('self-harm');
  });

  it("believes a rule that says whose worry it is: a young person afraid of harming a younger child is asked about their own thoughts, not answered as the one harmed", () => {
    const told = understand("im 14 and my stepbrother is 6, ive been touching him when mum goes out and she's going out again tonight");
    expect(told.urgent).toContain('abuse');
    expect(told.slots).toMatchObject({ situation: 'own-thoughts', audience: 'young-person', ageBand: '13-17' });
    // a child made to join in by an older cousin is the one at risk: no such reading
    expect(understand("im 11 and my older cousin told me its normal to do touching games with my little sister, he's coming back this weekend").slots.situation).not.toBe('own-thoughts');
  });

  it('reports which rule fired, for audits', () => {
    expect(parts().safety.explain('he wants £100 or he posts them').map((m) => m.rule)).toContain('money-for-silence');
  });

  it('refuses a pattern with a capital letter, which could never match the lower-case message', () => {
    const file = (pattern: string) => `rules:\n  - kind: danger\n    patterns: ['${pattern}']\n`;
    expect(() => parseSafetyFile(file('\\bHelp me\\b'))).toThrow(/lower case/);
    // Escapes and Unicode classes are not letters to match: \W, \S, \p{Lu} stay allowed.
    expect(parseSafetyFile(file('\\bhelp\\W+me\\S*\\p{Lu}?')).rules).toHaveLength(1);
    // The message is lower case by the time a pattern reads it, however it was typed.
    expect(understand('HE SAYS HE WILL POST MY NUDES UNLESS I PAY').urgent).toContain('sextortion');
  });

  it('is auditable: every rule has a name and every group of rules a comment saying what it catches', () => {
    const file = readSafetyFile();
    expect(file.rules.every((r) => r.name)).toBe(true);
    // each name once: a match is explained by its rule's name
    const names = file.rules.map((r) => r.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const lines = readFileSync(`${DEFAULT_CONTENT_DIR}/safety.yaml`, 'utf8').split('\n');
    let previousKind = '';
    lines.forEach((line, i) => {
      const kind = /^ {2}- kind: (\S+)/.exec(line)?.[1];
      if (!kind || kind === previousKind) return;
      previousKind = kind;
      const above = lines.slice(Math.max(0, i - 4), i).join('\n');
      expect(above, `comment above the first ${kind} rule`).toMatch(/#/);
    });
  });
});
