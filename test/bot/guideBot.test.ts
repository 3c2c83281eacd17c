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

  it('names the person\'s own emergency number in the welcome when the first message says where they live', async () => {
    const replies = await new Conversation().say('we live in the us and my daughter sent a nude to a boy');
    const welcome = replies.find((r) => /Safe to Ask/.test(r.text));
    expect(welcome?.text).toMatch(/Call \*\*911\*\*/);
    expect(replies.map((r) => r.text).join('\n')).not.toMatch(/999/);
  });

  it('puts urgent help before the welcome when the very first message is a disclosure', async () => {
    const replies = await new Conversation().say("he says he'll post my nudes unless i pay him");
    expect(replies[0]?.guide.urgent).toBe(true);
    expect(replies[1]?.text).toMatch(/Safe to Ask/);
  });

  it('meets a first message it cannot place with the welcome and one question, not "Sorry, I didn\'t get that"', async () => {
    const convo = new Conversation();
    const replies = await convo.say('It gets in your head, and bit by bit it wears you down.');
    const text = replies.map((r) => r.text).join('\n');
    expect(text).toMatch(/Safe to Ask/);
    expect(text).not.toMatch(/didn't (?:quite )?get that/i);
    expect(text.match(/who is asking|are you a young person/gi)).toHaveLength(1);
    expect(last(replies).choices).toEqual(['parent', 'young-person', 'professional', 'adult']);
    // Later, a message it cannot place while a question is open is said to be so.
    expect((await convo.say('bit by bit')).map((r) => r.text).join('\n')).toMatch(/didn't quite get that/i);
  });

  it('does not welcome twice when the conversation is opened again', async () => {
    const convo = new Conversation();
    await convo.open();
    expect(await convo.open()).toEqual([]);
  });
});

describe('a journey by buttons', () => {
  it('asks who, then the worry, then where they live, then answers with services', async () => {
    const convo = new Conversation();
    await convo.open();
    // A young person's age is asked only when their own picture is the worry (its removal differs at 18).
    const topic = await convo.say('young-person');
    expect(last(topic).guide).toMatchObject({ state: 'askSituation', expects: 'situation', audience: 'young-person' });
    expect(last(topic).choices).toContain('sextortion');
    const where = await convo.say('sextortion');
    // Choosing "someone is threatening me" is itself a disclosure: urgent help comes first.
    expect(where[0]?.guide.urgent).toBe(true);
    expect(last(where).guide).toMatchObject({ state: 'askRegion', expects: 'region' });
    expect(last(where).choices).toEqual(['uk', 'ie', 'us', 'au', 'ca', 'other']);
    const answer = await convo.say('uk');
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
  it.each([['askAudience', []], ['askAge', ['parent']], ['askSituation', ['young-person']]])('gives urgent help first from %s, then asks again', async (_state, before) => {
    const convo = new Conversation();
    await convo.open();
    for (const step of before) await convo.say(step);
    const replies = await convo.say("he says he's gonna post my pics unless i pay");
    expect(replies[0]?.guide.urgent).toBe(true);
    expect(replies[0]?.guide.services.length).toBeGreaterThan(0);
    // to the one blackmailed, or (once they have said they are a parent) to them about whoever it is
    expect(replies[0]?.text).toMatch(before[0] === 'parent' ? /being blackmailed is never to blame/ : /It is not your fault/);
    expect(allHaveGuide(replies)).toBe(true);
    expect(last(replies).guide.expects).not.toBe('free-text');
    expect(last(replies).choices.length).toBeGreaterThan(0);
  });

  it('gives urgent help first after an answer, without repeating the answer', async () => {
    const convo = new Conversation();
    await convo.open();
    for (const step of ['parent', '13-17', 'uk', 'sextortion']) await convo.say(step);
    const replies = await convo.say("he says he's gonna post her pics unless she pays");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.guide).toMatchObject({ urgent: true, state: 'answer' });
    expect(replies[0]?.choices).toContain('something-else');
  });

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


  it('tells someone afraid of harming a child how to keep the child safe and where to talk, never "not your fault"', async () => {
    const convo = new Conversation();
    await convo.open();
    const replies = await convo.say("I've had sexual thoughts about children for years. My nephew is staying with me on Saturday and I don't trust myself.");
    const urgent = replies.find((r) => r.guide?.urgent);
    expect(urgent?.guide.services.slice(0, 2)).toEqual(['emergency-999', 'stop-it-now']);
    expect(urgent?.text).toMatch(/Don't be alone with them/);
    expect(urgent?.text).not.toMatch(/not your fault/);
    const inUs = await convo.say('us');
    const again = inUs.find((r) => r.guide?.urgent);
    expect(again?.guide.services).toEqual(expect.arrayContaining(['emergency-911-us', 'stop-it-now-us']));
    expect(again?.text).toMatch(/\*\*call 911\*\*/);
    // the nephew is not their child: no "How old is your child?", straight to the answer
    expect(inUs.map((r) => r.text).join('\n')).not.toMatch(/your child/);
    expect(last(inUs).guide.state).toBe('answer');
  });
  it('sends a young person afraid of harming a child to Childline first, beside keeping the child safe', async () => {
    const convo = new Conversation();
    await convo.open();
    const replies = await convo.say("I'm 16 and I think I'm attracted to younger kids. I babysit my neighbours' 6 year old on Friday and I'm scared I might touch her.");
    const urgent = replies.find((r) => r.guide?.urgent);
    expect(urgent?.guide.services).toEqual(['emergency-999', 'childline', 'stop-it-now']);
    expect(urgent?.text).toMatch(/Don't be alone with them/);
    expect(urgent?.text).toMatch(/Talk to Childline/);
    expect(urgent?.text).not.toMatch(/not your fault/);
    const inUs = await convo.say('us');
    const again = inUs.find((r) => r.guide?.urgent);
    expect(again?.guide.services).toEqual(['emergency-911-us', 'stop-it-now-us']);
    expect(again?.text).toMatch(/an adult you trust/);
    expect(again?.text).not.toMatch(/Childline/);
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
    await convo.say('parent');
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
    expect(replies[0]?.guide.services).toEqual(['report-remove', 'take-it-down']);
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

describe('hearing the person', () => {
  it('takes a button sent as a value alone (postBack or messageBack with no text), a string or an object', async () => {
    const convo = new Conversation();
    await convo.open();
    expect(last(await convo.say({ type: 'message', text: '', value: 'parent' })).guide.expects).toBe('age');
    expect(last(await convo.say({ type: 'message', value: { value: '13-17' } })).guide.expects).toBe('situation');
    expect(last(await convo.say({ type: 'message', value: { action: 'talk-to-child' } })).guide.expects).toBe('region');
    const answer = await convo.say({ type: 'message', text: '', value: 'uk' });
    expect(last(answer).guide).toMatchObject({ state: 'answer', situation: 'talk-to-child', region: 'uk' });
  });

  it("takes a button's label typed", async () => {
    const convo = new Conversation();
    await convo.open();
    expect(last(await convo.say("I'm a parent or carer")).guide.audience).toBe('parent');
    expect(last(await convo.say('13 to 17')).guide.ageBand).toBe('13-17');
  });

  it('understands "how do I delete this chat so my parents don\'t see it" as deleting it', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('young-person');
    const replies = await convo.say("how do I delete this chat so my parents don't see it");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.guide.state).toBe('forgotten');
    expect(replies[0]?.text).toMatch(/deleted this chat/);
    expect(await convo.store.storage.read([dialogKey('test', convo.adapter.conversation.conversation.id)])).toEqual({});
  });

  it.each(['please delete everything I\'ve told you', 'forget this conversation'])('deletes the chat when asked in other words: %s', async (text) => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('young-person');
    const replies = await convo.say(text);
    expect(replies[0]?.guide.state).toBe('forgotten');
  });

  it.each(['what should i do', 'who can help', 'how do i get them taken down', 'so what do we do now', 'should i report it', 'what do i do about the group chat'])(
    'answers "%s", after an answer, with the steps again rather than "not understood"',
    async (text) => {
      const convo = new Conversation();
      await convo.open();
      for (const step of ['young-person', '13-17', 'uk', 'image-shared']) await convo.say(step);
      const replies = await convo.say(text);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toMatch(/^\*\*What you can do now\*\*/);
    }
  );

  it('takes a correction at once, after an answer', async () => {
    const convo = new Conversation();
    await convo.open();
    for (const step of ['young-person', 'uk', 'image-shared']) await convo.say(step);
    const corrected = await convo.say('adult');
    expect(last(corrected).guide).toMatchObject({ audience: 'adult', expects: 'yes-no' });
  });

  it.each([
    ['thanks', /welcome|glad|any time/i],
    ['bye', /take care|bye/i],
    ['ffs', /angry|frustrating/i],
    ["what's the weather like", /only help with|not something I can help/i],
    ['are you a real person', /computer program/i],
    ["its my fault tho right", /not your fault/i],
    ['should we call 999 now', /yes\. \*\*Call 999\*\*/]
  ])('answers "%s" kindly, with a way back', async (said, words) => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('parent');
    const replies = await convo.say(said);
    expect(replies[0]?.text).toMatch(words);
    expect(last(replies).guide.expects).toBe('age');
    expect(last(replies).choices).toEqual(['under-13', '13-17', '18-plus']);
  });

  it.each(['my mum is coming i need to go', 'quick exit'])('tells someone leaving in a hurry ("%s") how to leave at once, whatever it was asking', async (said) => {
    const convo = new Conversation();
    await convo.open();
    for (const step of ['young-person', '13-17']) await convo.say(step);
    const replies = await convo.say(said);
    expect(replies[0]?.text).toMatch(/Exit this page/);
    expect(replies[0]?.text).toMatch(/delete this chat/);
  });

  it.each([
    ['uk', 'what is ceop', /\*\*CEOP Safety Centre/, 'ceop'],
    ['ca', 'what is kids help phone', /\*\*Kids Help Phone\*\*/, 'kids-help-phone'],
    ['ca', 'what is cybertip', /\*\*Cybertip\.ca/, 'cybertip-ca'],
    ['uk', 'is childline free', /\*\*Childline\*\*/, 'childline'],
    ['uk', 'what does stopncii do', /\*\*StopNCII\.org\*\*/, 'stopncii']
  ])('in %s, answers "%s" with what the service does and its card, and stays where it was', async (region, asked, named, id) => {
    const convo = new Conversation();
    await convo.open();
    for (const step of ['young-person', '13-17', region, 'image-shared']) await convo.say(step);
    const replies = await convo.say(asked);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(named);
    expect(replies[0]?.guide.services).toEqual([id]);
    expect(replies[0]?.guide.state).toBe('answer');
  });

  it.each([
    ["he's downstairs", /\*\*Call 999\*\*/, 'notSafe'],
    ['kind of', /you don't have to say/, 'askRegion']
  ])('takes "%s" typed to "Are you safe right now?" as its answer', async (typed, words, state) => {
    const convo = new Conversation();
    await convo.open();
    const first = await convo.say("my stepdad took pics of me and says he'll share them if i tell anyone. i feel like dying");
    expect(last(first).guide.state).toBe('safetyCheck');
    const replies = await convo.say(typed);
    expect(replies[0]?.text).toMatch(words);
    expect(replies.map((r) => r.guide.state)).toContain(state);
  });

  it("answers someone who found images of children on a partner's laptop as finding them, never as the one with the thoughts", async () => {
    const convo = new Conversation();
    await convo.open();
    const replies = await convo.say(
      "I found a folder on my husband's laptop with hundreds of pictures of young girls, some look about 12. We have two daughters who are 8 and 11. We live in Birmingham."
    );
    expect(replies.some((r) => r.guide.urgent)).toBe(true);
    expect(replies.map((r) => r.guide.situation)).toContain('found-csam');
    expect(replies.map((r) => r.text).join('\n')).toMatch(/Found it on a device at home/);
  });

  it('takes "its not about me" to "Are you having thoughts of hurting yourself?" as a no, and asks who is asking', async () => {
    const convo = new Conversation();
    await convo.open();
    const asked = await convo.say('a picture got shared in a group chat and everyone has seen it');
    expect(last(asked).guide.state).toBe('riskCheck');
    const replies = await convo.say('its not about me');
    expect(replies.some((r) => r.guide.urgent)).toBe(false);
    expect(last(replies).guide.expects).toBe('audience');
  });

  it('gives urgent help when "hes outside" follows a grooming disclosure, at any question', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('im 14 and a man from a game wants to meet me');
    const replies = await convo.say('hes outside');
    expect(replies[0]?.guide.urgent).toBe(true);
    expect(replies[0]?.text).toMatch(/call 999/i);
  });

  it.each(['i dont know', "can't remember, it was years ago", 'some yes some no'])(
    'takes "%s" to "Were you under 18 in the picture?" as not sure: the country next, then the help for both',
    async (typed) => {
      const convo = new Conversation();
      await convo.open();
      const asked = await convo.say('im 25 and my ex posted my nudes online');
      expect(last(asked).text).toMatch(/Were you under 18 in the picture or video\?/);
      expect(last(await convo.say(typed)).guide.expects).toBe('region');
      const answer = await convo.say('uk');
      expect(answer.map((r) => r.text).join('\n')).toMatch(/Take It Down/);
      expect(answer.some((r) => r.guide.services?.includes('stopncii'))).toBe(true);
    }
  );

  it('answers a question about the answer that names a service ("is ceop going to tell my parents") as that question', async () => {
    const convo = new Conversation();
    await convo.open();
    for (const step of ['young-person', '13-17', 'uk', 'image-shared']) await convo.say(step);
    const replies = await convo.say('is ceop going to tell my parents');
    expect(replies[0]?.text).toMatch(/This chat doesn't tell anyone/);
    expect(replies[0]?.text).toMatch(/CEOP is different/);
  });

  it.each([
    ['uk', /safeguarding lead \(DSL\) first/, ['posh']],
    ['ie', /leads on child protection where you work/, []]
  ])('tells a teacher in %s who asks "do I need to tell her parents" who to talk to first', async (region, words, services) => {
    const convo = new Conversation();
    await convo.open();
    for (const step of ['professional', '13-17', region, 'image-shared']) await convo.say(step);
    const replies = await convo.say('do i need to tell her parents');
    expect(replies[0]?.text).toMatch(words);
    expect(replies[0]?.guide.services).toEqual(services);
  });

  it.each([
    ['professional', 'can I look at the images on her phone to document them', /Don't look at, copy, save or forward it/],
    ['parent', 'should i look at the picture', /Never look at, forward or download the picture yourself/]
  ])('tells a %s who asks "%s" never to look at it, and what to keep instead', async (audience, asked, words) => {
    const convo = new Conversation();
    await convo.open();
    for (const step of [audience, '13-17', 'uk', 'image-shared']) await convo.say(step);
    const replies = await convo.say(asked);
    expect(replies[0]?.text).toMatch(/^No\./);
    expect(replies[0]?.text).toMatch(words);
  });

  it("does not describe another country's service as the person's own", async () => {
    const convo = new Conversation();
    await convo.open();
    for (const step of ['young-person', '13-17', 'uk', 'image-shared']) await convo.say(step);
    const replies = await convo.say('what is kids help phone');
    expect(replies[0]?.text).toMatch(/for people in another country/);
    expect(replies[0]?.guide.services).toEqual([]);
  });

  it('varies what it says when thanked again', async () => {
    const convo = new Conversation();
    await convo.open();
    const first = (await convo.say('thanks'))[0]?.text;
    const second = (await convo.say('thank you'))[0]?.text;
    expect(first).not.toBe(second);
  });
});

describe('after a self-harm disclosure', () => {
  it('asks "Are you safe right now?" with its answers before anything else, and keeps the crisis services on later answers', async () => {
    const convo = new Conversation();
    await convo.open();
    const disclosed = await convo.say('I just want to kill myself');
    expect(disclosed[0]?.guide).toMatchObject({ urgent: true });
    expect(disclosed[0]?.guide.services).toContain('samaritans');
    expect(last(disclosed).text).toBe('Are you safe right now?');
    expect(last(disclosed).choices).toEqual(['safe-yes', 'safe-no', 'safe-unsure']);

    // Nothing else is asked until it is answered (a parent is asked about the child too).
    const elsewhere = await convo.say('parent');
    expect(last(elsewhere).text).toBe('Are you and the child safe right now?');
    expect(elsewhere.map((r) => r.text).join(' ')).not.toMatch(/How old/);

    const safe = await convo.say('yes');
    expect(safe[0]?.text).toMatch(/glad you're both safe/);
    expect(last(safe).guide.expects).toBe('age');
    expect(last(await convo.say('13-17')).guide.expects).toBe('region');
    const answer = last(await convo.say('uk'));
    expect(answer.guide.state).toBe('answer');
    expect(answer.guide.services.slice(0, 4)).toEqual(['emergency-999', 'childline', 'samaritans', 'shout']);
  });

  it('on "no", gives crisis help straight away and asks nothing more', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('i want to end my life');
    const replies = await convo.say('safe-no');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.guide).toMatchObject({ urgent: true, state: 'notSafe', expects: 'free-text' });
    expect(replies[0]?.text).toMatch(/Call 999/);
    expect(replies[0]?.guide.services[0]).toBe('emergency-999');
    expect(replies[0]?.choices).toContain('safe-yes');
  });

  it('on "no" where it knows the country, tells them to call that country\'s emergency number, never the UK\'s', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say("i'm in australia and i want to end my life");
    const replies = await convo.say('safe-no');
    expect(replies[0]?.text).toMatch(/Call 000/);
    expect(replies.map((r) => r.text).join('\n')).not.toMatch(/999/);
    expect(replies[0]?.guide.services).toEqual(expect.arrayContaining(['emergency-000', 'lifeline-au']));
  });

  it('asks a parent whether they and the child are safe, in words for them, and speaks to them', async () => {
    const convo = new Conversation();
    await convo.open();
    const disclosed = await convo.say('my son is 15 and he said he wants to kill himself');
    expect(disclosed[0]?.text).toMatch(/if you or the child might act on these thoughts now/i);
    expect(last(disclosed).text).toBe('Are you and the child safe right now?');
    const yes = last(disclosed).activity.suggestedActions?.actions.find((a) => a.value === 'safe-yes');
    expect(yes?.title).toBe("Yes, we're safe");
    expect((await convo.say('safe-yes'))[0]?.text).toMatch(/glad you're both safe/);
  });

  it("speaks to a young person about a friend's risk as about both of them, with their own helplines", async () => {
    const convo = new Conversation();
    await convo.open();
    const disclosed = await convo.say("im 15 and my best friend just texted that she's taken a load of pills, we're in the uk");
    expect(disclosed[0]?.text).toMatch(/if either of you might act on these thoughts now, or has already taken something/i);
    expect(disclosed[0]?.text).not.toMatch(/if you might act/i);
    expect(disclosed[0]?.guide.services).toEqual(expect.arrayContaining(['emergency-999', 'childline', 'samaritans']));
    expect(last(disclosed).text).toBe('Are you both safe right now?');
    expect((await convo.say('safe-yes'))[0]?.text).toMatch(/glad you're both safe/);
  });

  it("tells an adult about a friend's risk where both can talk, not children's services", async () => {
    const disclosed = await new Conversation().say("i'm 23 and my friend keeps saying she wants to die since her ex posted her pics, we're in the uk");
    expect(disclosed[0]?.text).toMatch(/either of you/i);
    expect(disclosed[0]?.guide.services).toEqual(expect.arrayContaining(['emergency-999', 'samaritans']));
    expect(disclosed[0]?.guide.services).not.toContain('childline');
  });

  it('speaks to the writer when they say the thoughts are theirs too', async () => {
    const disclosed = await new Conversation().say("im 16, my friend said she wants to kill herself and honestly i feel the same");
    expect(disclosed[0]?.text).toMatch(/if you might act on these thoughts now/i);
  });

  it('on "no" with the country unknown, brings their own country\'s crisis numbers one tap away', async () => {
    const convo = new Conversation();
    await convo.open();
    await convo.say('i want to end my life');
    const notSafe = await convo.say('safe-no');
    expect(last(notSafe).choices).toContain('not-uk');
    expect(last(await convo.say('not-uk')).guide.expects).toBe('region');
    const ownCountry = (await convo.say('us')).flatMap((r) => r.guide.services);
    expect(ownCountry).toEqual(expect.arrayContaining(['emergency-911-us', 'lifeline-988']));
    expect(ownCountry).not.toContain('emergency-999');
  });
});
