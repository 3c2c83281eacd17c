// `npm run chat`: the same bot in a terminal, to try it without a browser. Type a number
// to press a quick-reply button, or type freely. Ctrl+D or "quit" leaves.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Activity, CardAction, ChannelAccount, ConversationAccount } from 'botbuilder';
import { loadConfig } from './config.js';
import { composeParts } from './compose.js';
import { ANSI_STYLE, PLAIN_STYLE, renderForTerminal } from './terminalMarkdown.js';

const parts = composeParts({ ...loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }) });
const conversation = { id: `terminal-${randomUUID()}` } as ConversationAccount;
const user: ChannelAccount = { id: `user-${randomUUID()}`, name: 'you', role: 'user' };
const bot: ChannelAccount = { id: 'bot', name: 'Safe to Ask', role: 'bot' };
let choices: CardAction[] = [];
// Styles only where they show: a terminal with colours (hasColors honours NO_COLOR), not a pipe.
const style = process.stdout.hasColors?.() ? ANSI_STYLE : PLAIN_STYLE;
const markdown = (text: string) => renderForTerminal(text, style);

function show(activity: Partial<Activity>): void {
  if (activity.type !== 'message') return;
  console.log(`\n${markdown(activity.text ?? '')}`);
  for (const attachment of activity.attachments ?? []) {
    const card = attachment.content as { title?: string; text?: string; buttons?: CardAction[] };
    console.log(`\n  ┌ ${style.bold(card.title ?? '')}`);
    for (const line of markdown(card.text ?? '').split('\n')) if (line) console.log(`  │ ${line}`);
    for (const button of card.buttons ?? []) console.log(`  │ → ${button.title}: ${String(button.value)}`);
  }
  if (activity.suggestedActions?.actions.length) {
    choices = activity.suggestedActions.actions;
    console.log('');
    choices.forEach((c, i) => console.log(`  [${i + 1}] ${c.title}`));
  }
}

async function send(activity: Partial<Activity>): Promise<void> {
  const replies = await parts.adapter.deliver(
    { channelId: 'terminal', serviceUrl: 'http://127.0.0.1:1', conversation, from: user, recipient: bot, ...activity },
    (context) => parts.bot.run(context)
  );
  replies.forEach(show);
}

async function main(): Promise<void> {
  await send({ type: 'conversationUpdate', membersAdded: [user] });
  const terminal = createInterface({ input: process.stdin, output: process.stdout, prompt: '\n> ' });
  terminal.prompt();
  // Lines are handled one at a time, to the end of input (so piped input works too).
  for await (const raw of terminal) {
    const line = raw.trim();
    if (line === 'quit' || line === 'exit') break;
    const picked = /^\d+$/.test(line) ? choices[Number(line) - 1] : undefined;
    await send({ type: 'message', text: picked ? String(picked.value) : line });
    terminal.prompt();
  }
  terminal.close();
  await parts.store.close();
}

void main();
