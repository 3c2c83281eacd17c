// Child process of the bench (node --import tsx bench/turnCost.ts): where a guide request's time
// goes, in-process (no HTTP), over the same message mix as the load runs. Prints one line:
// TURNCOST {json}.
// Understanding is timed twice: inside real turns (the bot's own calls, between the adapter, the
// dialog and rendering) and alone in a tight loop over the same texts. Measured on 2 December 2026,
// the same calls cost about 2.3 times as much inside turns as in the loop (0.116 against 0.050 ms a
// turn): code that runs between other code runs with colder caches, so the loop flatters it.
import type { Activity } from 'botbuilder';
import { GuideBot } from '../src/bot/guideBot.js';
import { composeParts } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { buttonSlots, commandOf } from '../src/understanding/buttons.js';
import { createUnderstanding } from '../src/understanding/index.js';
import type { Understanding } from '../src/understanding/types.js';
import { requestAt, textFor } from './messages.js';

const REQUESTS = Number(process.env.BENCH_TURNCOST_REQUESTS ?? 6000);
const parts = composeParts(loadConfig({ LOG_LEVEL: 'silent' }));
const understanding = createUnderstanding(parts.content);

const mix = Array.from({ length: REQUESTS }, (_, i) => {
  const { conversation, step } = requestAt(i);
  return { conversation, text: textFor(conversation, step) };
});
const isFreeText = (text: string) => !buttonSlots(text) && !commandOf(text);

// The same bot as parts.bot, but its understanding is timed where the turn calls it.
let understandingInTurns = 0;
const timed: Understanding = {
  understand(text, hint) {
    const t0 = performance.now();
    const understood = understanding.understand(text, hint);
    understandingInTurns += performance.now() - t0;
    return understood;
  }
};
const timedBot = new GuideBot({ content: parts.content, understanding: timed, store: parts.store, observer: parts.metrics.observer });

function turn(i: number, prefix: string, bot: GuideBot = parts.bot): Promise<unknown> {
  const { conversation, text } = mix[i % mix.length]!;
  const activity: Partial<Activity> = {
    type: 'message',
    id: `t${i}`,
    channelId: 'bench',
    serviceUrl: 'http://127.0.0.1:1',
    conversation: { id: `${prefix}-${conversation}` } as Activity['conversation'],
    from: { id: 'user', name: '' },
    recipient: { id: 'bot', name: '' },
    text
  };
  return parts.adapter.deliver(activity, (context) => bot.run(context));
}

// Warm up, then the whole turn (adapter + bot + storage + rendering), one at a time.
for (let i = 0; i < 1000; i++) await turn(i, 'warm');
let started = performance.now();
for (let i = 0; i < REQUESTS; i++) await turn(i, 'run');
const turnMs = (performance.now() - started) / REQUESTS;
for (let i = 0; i < 1000; i++) await turn(i, 'warm-timed', timedBot);
understandingInTurns = 0;
for (let i = 0; i < REQUESTS; i++) await turn(i, 'run-timed', timedBot);
const understandInTurnMs = understandingInTurns / REQUESTS;

// Understanding alone, split by kind of message.
const time = (texts: string[]) => {
  if (texts.length === 0) return 0;
  for (const t of texts.slice(0, 500)) understanding.understand(t, {});
  const t0 = performance.now();
  for (const t of texts) understanding.understand(t, {});
  return (performance.now() - t0) / texts.length;
};
const free = mix.map((m) => m.text).filter(isFreeText);
const fixed = mix.map((m) => m.text).filter((t) => !isFreeText(t));
const freeTextMs = time(free);
const buttonMs = time(fixed);
started = performance.now();
const understandMs = (freeTextMs * free.length + buttonMs * fixed.length) / mix.length;

process.stdout.write(
  `TURNCOST ${JSON.stringify({ turnMs, understandMs, understandInTurnMs, freeTextMs, buttonMs, freeTextShare: free.length / mix.length })}\n`
);
await parts.store.close();
process.exit(0);
