// Turn-by-turn tests of the real bot through botbuilder's TestAdapter: what a user sees.
import { describe, expect, it } from 'vitest';
import { dialogKey } from '../../src/bot/dialogState.js';
import { Conversation, last, type Reply } from '../support/botHarness.js';

const allHaveGuide = (replies: Reply[]) =>
  replies.every((r) => r.guide?.version === 1 && typeof r.guide.state === 'string' && Array.isArray(r.guide.services));

describe('welcome', () => {
  it('greets a newly opened conversation, says it is anonymous and cannot see pictures, and asks who is asking', async () => {
    const replies = await new Conversation().open();
    const text = replies.map((r) => r.text).join('\n');
    expect(text).toMatch(/don't need to tell me your name/i);
    expect(text).toMatch(/can't see pictures/i);
    expect(last(replies).choices).toEqual(['parent', 'young-person', 'professional', 'adult']);
    expect(last(replies).guide.expects).toBe('audience');
    expect(allHaveGuide(replies)).toBe(true);
  });

  it('answers "hello" on a new conversation with the welcome and quick replies', async () => {
    const replies = await new Conversation().say('hello');
    expect(replies[0]?.text).toMatch(/Safe to Ask/);
    expect(last(replies).choices).toContain('young-person');
    expect(allHaveGuide(replies)).toBe(true);
  });

  it('puts urgent help before the welcome when the very first message is a disclosure', async () => {
    const replies = await new Conversation().say("he says he'll post my nudes unless i pay him");
    expect(replies[0]?.guide.urgent).toBe(true);
    expect(replies[1]?.text).toMatch(/Safe to Ask/);
  });

  it('does not welcome twice when the conversation is opened again', async () => {
    const convo = new Conversation();
    await convo.open();
    expect(await convo.open()).toEqual([]);
  });
});

describe('a journey by buttons', () => {
  it('asks who, then age, then the worry, then answers with services', async () => {
    const convo = new Conversation();
    await convo.open();
    const age = await convo.say('young-person');
    expect(last(age).guide).toMatchObject({ state: 'askAge', expects: 'age', audience: 'young-person' });
    expect(last(age).choices).toEqual(['under-13', '13-17', '18-plus']);
    const topic = await convo.say('13-17');
    expect(last(topic).guide).toMatchObject({ state: 'askSituation', expects: 'situation', ageBand: '13-17' });
    expect(last(topic).choices).toContain('sextortion');
    const answer = await convo.say('sextortion');
    // Choosing "someone is threatening me" is itself a disclosure: urgent help comes first.
    expect(answer[0]?.guide.urgent).toBe(true);
    const offer = answer.find((r) => r.guide.services.length > 0 && !r.guide.urgent);
    expect(offer?.guide).toMatchObject({ state: 'answer', situation: 'sextortion', urgent: false });
    expect(offer?.guide.services).toContain('ceop');
    expect(offer?.cards.length).toBe(offer?.guide.services.length);
    expect(offer?.text).toMatch(/never your fault/i);
  });

  it('asks a parent how old their child is', async () => {
    const convo = new Conversation();
    await convo.open();
    expect(last(await convo.say('parent')).text).toMatch(/How old is your child/);
  });
});

describe('at any point', () => {
  it.each([['askAudience', []], ['askAge', ['young-person']], ['answer', ['parent', '13-17', 'sextortion']]])(
    'gives urgent help first from %s, then carries on',
    async (_state, before) => {
      const convo = new Conversation();
      await convo.open();
      for (const step of before) await convo.say(step);
      const replies = await convo.say("he says he's gonna post my pics unless i pay");
      expect(replies[0]?.guide.urgent).toBe(true);
      expect(replies[0]?.guide.services.length).toBeGreaterThan(0);
      expect(replies[0]?.text).toMatch(/not your fault/i);
      expect(allHaveGuide(replies)).toBe(true);
      expect(replies.length).toBeGreaterThan(1);
    }
  );

  it("offers an adult's urgent help to an adult, not children's services", async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('adult');
    const replies = await convo.say("he says he'll post my nudes unless i pay");
    expect(replies[0]?.guide.urgent).toBe(true);
    expect(replies[0]?.guide.services[0]).toBe('revenge-porn-helpline');
    expect(replies[0]?.guide.services).not.toContain('ceop');
    expect(replies[0]?.guide.services).not.toContain('childline');
  });

  it('starts again, forgetting what was said', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('parent');
    const replies = await convo.say('start again');
    expect(replies[0]?.text).toMatch(/start again/i);
    expect(last(replies).guide).toMatchObject({ state: 'askAudience', expects: 'audience' });
    expect(last(replies).guide.audience).toBeUndefined();
  });

  it('explains how it helps, and stays where it was', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('young-person');
    const replies = await convo.say('help');
    expect(replies[0]?.text).toMatch(/start again/);
    expect(last(replies).guide.state).toBe('askAge');
    expect(last(replies).choices).toEqual(['under-13', '13-17', '18-plus']);
  });

  it('never opens a file, and says kindly that it cannot see pictures', async () => {
    const convo = new Conversation();
    await convo.open();
    const replies = await convo.say({
      type: 'message',
      text: '',
      attachments: [{ contentType: 'image/jpeg', contentUrl: 'http://127.0.0.1:9/never-fetched.jpg' }]
    });
    expect(replies[0]?.text).toMatch(/can't open pictures/i);
    expect(replies[0]?.guide.services).toEqual(['report-remove']);
  });

  it('deletes the conversation when asked, and says so', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('parent');
    const replies = await convo.say('delete this chat');
    expect(replies[0]?.text).toMatch(/deleted this chat/i);
    const key = dialogKey('test', convo.adapter.conversation.conversation.id);
    expect(await convo.store.storage.read([key])).toEqual({});
  });
});

describe('stored conversations', () => {
  it('restarts kindly when a snapshot was written by an older machine version', async () => {
    const convo = new Conversation();
    const key = dialogKey('test', convo.adapter.conversation.conversation.id);
    await convo.store.storage.write({ [key]: { machineVersion: 0, value: 'askShoeSize', context: {} } });
    const replies = await convo.say('parent');
    expect(replies[0]?.text).toMatch(/start again/i);
    expect(last(replies).guide.audience).toBe('parent');
  });

  it('restarts kindly when a snapshot names a state that no longer exists', async () => {
    const convo = new Conversation();
    const key = dialogKey('test', convo.adapter.conversation.conversation.id);
    const { GUIDE_MACHINE_VERSION } = await import('../../dialogs/guideMachine.js');
    await convo.store.storage.write({ [key]: { machineVersion: GUIDE_MACHINE_VERSION, value: 'askShoeSize', context: {} } });
    const replies = await convo.say('hello');
    expect(replies.length).toBeGreaterThan(0);
    expect(last(replies).guide.expects).toBe('audience');
  });
});
