import { Conversation } from './test/support/botHarness.js';
const lines = process.argv.slice(2);
const c = new Conversation();
for (const l of lines) {
  const replies = await c.say(l);
  console.log('>>> ' + l);
  for (const r of replies) console.log(r.text.slice(0, 900), '\n  [choices]', r.choices.join(' | '), '\n  [cards]', r.cards.join(' | '), '\n  [guide]', JSON.stringify(r.guide).slice(0, 300));
}
