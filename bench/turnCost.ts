// Child process of the bench (node --import tsx bench/turnCost.ts): where a guide request's time
// goes, in-process (no HTTP), over the same message mix as the load runs. Prints one line:
// TURNCOST {json}.
import type { Activity } from 'botbuilder';
import { composeParts } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { buttonSlots, commandOf } from '../src/understanding/buttons.js';
import { createUnderstanding } from '../src/understanding/index.js';
import { requestAt, textFor } from './messages.js';

const REQUESTS = Number(process.env.BENCH_TURNCOST_REQUESTS ?? 6000);
const parts = composeParts(loadConfig({ LOG_LEVEL: 'silent' }));
const understanding = createUnderstanding(parts.content);

const mix = Array.from({ length: REQUESTS }, (_, i) => {
  const { conversation, step } = requestAt(i);
  return { conversation, text: textFor(conversation, step) };
});
const isFreeText = (text: string) => !buttonSlots(text) && !commandOf(text);

function turn(i: number, prefix: string): Promise<unknown> {
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
  return parts.adapter.deliver(activity, (context) => parts.bot.run(context));
}

// Warm up, then the whole turn (adapter + bot + storage + rendering), one at a time.
for (let i = 0; i < 1000; i++) await turn(i, 'warm');
let started = performance.now();
for (let i = 0; i < REQUESTS; i++) await turn(i, 'run');
const turnMs = (performance.now() - started) / REQUESTS;

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
  `TURNCOST ${JSON.stringify({ turnMs, understandMs, freeTextMs, buttonMs, freeTextShare: free.length / mix.length })}\n`
);
await parts.store.close();
process.exit(0);
