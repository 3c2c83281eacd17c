// Talks to the real GuideBot, turn by turn, through botbuilder's TestAdapter.
import { TestAdapter, type Activity, type CardAction } from 'botbuilder';
import { GuideBot } from '../../src/bot/guideBot.js';
import type { TurnObserver } from '../../src/bot/turnObserver.js';
import { loadContent, type Content } from '../../src/content/load.js';
import type { GuideChannelData } from '../../src/render/reply.js';
import { createConversationStore, type ConversationStore } from '../../src/storage/conversationStore.js';
import { createUnderstanding } from '../../src/understanding/index.js';

let sharedContent: Content | undefined;
export const content = (): Content => (sharedContent ??= loadContent());

export interface Reply {
  text: string;
  guide: GuideChannelData;
  /** Quick-reply values on this message. */
  choices: string[];
  /** Titles of the service cards attached to this message. */
  cards: string[];
  activity: Partial<Activity>;
}

export function toReply(activity: Partial<Activity>): Reply {
  const guide = (activity.channelData as { guide: GuideChannelData }).guide;
  const choices = (activity.suggestedActions?.actions ?? []).map((a: CardAction) => String(a.value));
  const cards = (activity.attachments ?? []).map((a) => String((a.content as { title?: string }).title));
  return { text: activity.text ?? '', guide, choices, cards, activity };
}

export interface HarnessOptions {
  store?: ConversationStore;
  now?: () => Date;
  observer?: TurnObserver;
  conversationId?: string;
}

export class Conversation {
  readonly adapter: TestAdapter;
  readonly store: ConversationStore;

  constructor(options: HarnessOptions = {}) {
    this.store = options.store ?? createConversationStore({ idleSeconds: 1800 });
    const c = content();
    const bot = new GuideBot({
      content: c,
      understanding: createUnderstanding(c),
      store: this.store,
      now: options.now,
      observer: options.observer
    });
    this.adapter = new TestAdapter((context) => bot.run(context));
    if (options.conversationId) this.adapter.conversation.conversation.id = options.conversationId;
  }

  /** Sends a message (text, or a partial activity) and returns every reply of that turn. */
  async say(input: string | Partial<Activity>): Promise<Reply[]> {
    const activity = typeof input === 'string' ? this.adapter.makeActivity(input) : { ...this.adapter.makeActivity(), ...input };
    await this.adapter.receiveActivity(activity);
    return this.drain();
  }

  /** The website joining: a conversationUpdate adding the user. */
  async open(): Promise<Reply[]> {
    const user = this.adapter.conversation.user ?? { id: 'user1', name: 'user' };
    await this.adapter.receiveActivity({ type: 'conversationUpdate', membersAdded: [user] });
    return this.drain();
  }

  private drain(): Reply[] {
    return this.adapter.activeQueue.splice(0).filter((a) => a.type === 'message').map(toReply);
  }
}

export const last = <T>(items: readonly T[]): T => {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('expected at least one reply');
  return item;
};
