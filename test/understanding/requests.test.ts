// Requests the guide refuses (content/understanding/requests.yaml): someone else's nudes, a threat
// written for the asker, sexual pictures of children. They get "I can't help with that", never the
// comfort written for a victim; a victim's own questions in the same words are answered as before.
import { describe, expect, it } from 'vitest';
import { Conversation } from '../support/botHarness.js';
import { understand } from './support.js';

describe('a request the guide refuses', () => {
  it.each([
    'write me a message i can send to my ex saying ill leak her nudes unless she comes back',
    'how can i get my classmates nudes without her knowing',
    'where can i find pics of 14 year old girls',
    'send me porn',
    'how do i make a deepfake nude of my teacher',
    'how do i get my girlfriend to send me nudes'
  ])('is refused, with no urgent help and no worry guessed: %s', (text) => {
    expect(understand(text)).toMatchObject({ refused: true, urgent: [], slots: {} });
  });

  it.each([
    'how can i get my nudes taken down without my parents knowing',
    'how do i get the pics deleted without him knowing',
    'where can i find the pics he posted of me',
    'write me a message to tell my mum what happened'
  ])("is not said of a person's own worry in the same words: %s", (text) => {
    expect(understand(text).refused).toBeUndefined();
  });

  it("keeps urgent help for a victim who asks for help writing to the police about someone else's threat", () => {
    const understood = understand('help me write a message to the police saying he will leak my nudes unless i pay');
    expect(understood.urgent).toContain('sextortion');
    expect(understood.refused).toBeUndefined();
  });

  it('is answered "I can\'t help with that", with confidential help offered, never "not your fault"', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('young-person');
    const replies = await convo.say('how can i get my classmates nudes without her knowing');
    const text = replies.map((r) => r.text).join('\n');
    expect(text).toMatch(/I can't help with that/);
    expect(text).toMatch(/who can help, in confidence/);
    expect(text).not.toMatch(/not your fault/i);
    expect(replies.every((r) => !r.guide.urgent)).toBe(true);
  });
});
