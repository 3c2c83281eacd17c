// The one who shared someone else's picture, or their parent (content/understanding/responsible.yaml):
// they are answered as the one responsible (content/situations/image-shared.yaml `responsible`),
// never with the words for the one harmed ("this is not your fault", "get your picture taken down").
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Conversation, type Reply } from '../support/botHarness.js';
import { understand } from './support.js';

const cases = parse(readFileSync(new URL('./responsible-cases.yaml', import.meta.url), 'utf8')) as { responsible: string[]; calm: string[] };
const said = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
const services = (replies: Reply[]) => replies.flatMap((r) => r.guide.services ?? []);

describe('who did it', () => {
  it.each(cases.responsible)('is read as the one responsible: %s', (text) => {
    expect(understand(text).slots.responsible).toBe(true);
  });

  it.each(cases.calm)('is not read so when they, or their child, were harmed or looked on: %s', (text) => {
    expect(understand(text).slots.responsible).toBeUndefined();
  });

  it('keeps a question about the law or the school as that, and any other reading becomes the act itself', () => {
    expect(understand("my son is 15 and he forwarded a girl's nudes to his mates, will he get a police record").slots).toMatchObject({ responsible: true });
    expect(understand('i sent my ex girlfriends pics round the group chat').slots).toMatchObject({ situation: 'image-shared', responsible: true });
  });

  it('leaves urgent help, and its worry, first', () => {
    const understood = understand("i shared her nudes and now her brother says he's outside my house with a knife");
    expect(understood.urgent).toContain('danger');
  });
});

describe('the answer for the one responsible', () => {
  it('helps a young person stop it spreading, with no words for the one harmed', async () => {
    const convo = new Conversation();
    await convo.open();
    const first = await convo.say("i shared my ex's nudes in the year 10 group chat and now she won't come to school. i feel awful");
    expect(first.some((r) => r.guide.state === 'askRegion')).toBe(true);
    const answer = await convo.say('uk');
    const text = said(answer);
    expect(text).toMatch(/stop it spreading/);
    expect(text).toMatch(/Don't send it on again/);
    expect(text).not.toMatch(/not your fault/i);
    expect(services(answer)).toContain('childline');
    const law = said(await convo.say('what-the-law-says'));
    expect(law).toMatch(/against the law to share a nude of anyone under 18/);
    const telling = said(await convo.say('how do i tell my mum'));
    expect(telling).toMatch(/I did something online I regret/);
    expect(telling).not.toMatch(/not your fault/i);
  });

  it("gives a parent whose child shared a girl's picture Stop It Now and what to say, and keeps their question about the law", async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say("my son is 15 and he sent round a picture of a girl from his class that she'd sent him. will he get a police record?");
    const answer = await convo.say('uk');
    expect(answer.some((r) => r.guide.situation === 'law')).toBe(true);
    expect(said(answer)).toMatch(/your child needs your help to put this right/);
    expect(services(answer)[0]).toBe('stop-it-now');
    expect(said(answer)).not.toMatch(/not to blame|help your child use Report Remove/i);
    expect(said(await convo.say('what-to-say'))).toMatch(/How do you think they feel/);
  });

  it("never asks an adult who posted someone else's pictures how old they were in them, and names their own country's help", async () => {
    const convo = new Conversation();
    await convo.open();
    const first = await convo.say('im 24 and i posted my ex girlfriends private photos online after we broke up. what happens now');
    expect(said(first)).not.toMatch(/Were you under 18 in the picture/);
    const answer = await convo.say('us');
    expect(said(answer)).toMatch(/Take it down wherever you posted it/);
    expect(services(answer)).toContain('stop-it-now-us');
    expect(services(answer)).not.toContain('stop-it-now');
  });

  it('shows what the law says for them when they ask about it in their own words, and the steps again for "what happens now"', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say("i posted my ex's nudes on reddit last night to get back at her. im 28, in the uk");
    expect(said(await convo.say('will I go to prison'))).toMatch(/sharing an intimate image without consent is a crime/);
    expect(said(await convo.say('what happens now'))).toMatch(/Take it down wherever you posted it/);
  });

  it("keeps to the act through questions about it, and answers another worry as the person's own", async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('i shared my friends nudes when we fell out, im 15');
    expect(said(await convo.say('uk'))).toMatch(/stop it spreading/);
    const again = said(await convo.say('what if its already been posted everywhere'));
    expect(again).not.toMatch(/not your fault/i);
    const threatened = await convo.say('now her brother has my nudes and says he will post them unless i pay him');
    expect(threatened.some((r) => r.guide.urgent)).toBe(true);
    expect(said(threatened)).toMatch(/not your fault/i);
  });

  it('answers the one harmed as before', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('im 15 and my ex shared my nudes round the whole school');
    expect(said(await convo.say('uk'))).toMatch(/This is not your fault/);
  });
});
