// What the bench sends: realistic conversations, each a short script of what people type or tap.
// Conversation n follows script n % SCRIPTS.length; its k-th request sends line k (then small talk).
// A mix of free-text first messages, button values, commands and urgent disclosures.
//
// Requests walk through the conversations in windows: WINDOW conversations are open at once and
// each gets its next line every WINDOW requests, so every conversation runs its whole script
// (STEPS lines), no two requests of one conversation are in flight together (WINDOW is far more
// than the connections), and a new window of fresh conversation ids opens every WINDOW * STEPS
// requests: thousands of conversations over a run.
export const WINDOW = 500;
export const STEPS = 6;

/** Which conversation and which line of its script request i sends. */
export function requestAt(i: number): { conversation: number; step: number } {
  const window = Math.floor(i / (WINDOW * STEPS));
  return { conversation: window * WINDOW + (i % WINDOW), step: Math.floor(i / WINDOW) % STEPS };
}

export const SCRIPTS: readonly (readonly string[])[] = [
  ['hello', 'young-person', '13-17', 'sent-image', 'what happens now?'],
  ["my daughter sent a picture to a boy and now it's going round school", 'parent', '13-17', 'image-shared', 'thank you'],
  ["he says he'll post my nudes unless I pay", '13-17', 'help', 'delete this chat'],
  ['hi', 'parent', 'under-13', 'talk-to-child', 'something-else', 'law', 'uk'],
  ['someone sent me a nude and I did not ask for it', 'young-person', '18-plus', 'received-image'],
  ['hello', 'adult', 'image-shared', 'yes', 'start again', 'professional', 'school-response'],
  ['i feel like i want to die, everyone has seen the photo', 'young-person', '13-17', 'image-shared'],
  ['a man online keeps asking my 12 year old son for pictures', 'parent', 'under-13', 'grooming']
];

const AFTERWARDS = ['thanks', 'ok', 'help'];

export function textFor(conversation: number, step: number): string {
  const script = SCRIPTS[conversation % SCRIPTS.length]!;
  return script[step] ?? AFTERWARDS[(conversation + step) % AFTERWARDS.length]!;
}

/** A message activity as a channel posts it, with the replies requested in the HTTP response. */
export function activityBody(conversationId: string, text: string, n: number): string {
  return JSON.stringify({
    type: 'message',
    id: `bench-${n}`,
    channelId: 'bench',
    serviceUrl: 'http://127.0.0.1:1',
    conversation: { id: conversationId },
    from: { id: 'user', role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
    locale: 'en-GB',
    text,
    deliveryMode: 'expectReplies'
  });
}
