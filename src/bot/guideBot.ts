// The guide's bot: for each activity it takes the conversation's lock, runs one turn (the pure
// function in turn.ts), saves the dialog and sends the replies, like BotBuilder-Samples'
// dialogBot.ts. The only botbuilder types here are the turn context and the activities, so the
// dialog core could move to another SDK unchanged.
import { ActivityHandler, type TurnContext } from 'botbuilder';
import type { Content } from '../content/load.js';
import type { ConversationStore } from '../storage/conversationStore.js';
import { createUnderstandingParts } from '../understanding/index.js';
import type { Understanding } from '../understanding/types.js';
import { dialogKey, readDialog, writeDialog, type StoredDialog } from './dialogState.js';
import { createTurn, type GuideTurn, type TurnInput, type TurnResult } from './turn.js';
import { noObserver, type TurnObserver } from './turnObserver.js';


export interface GuideBotDeps {
  content: Content;
  understanding: Understanding;
  store: ConversationStore;
  now?: () => Date;
  observer?: TurnObserver;
  /** Called after a conversation is deleted ("delete this chat"), e.g. to drop its Direct Line history. */
  onConversationEnded?: (conversationId: string, channelId: string) => Promise<void>;
  /** The normaliser the safety patterns use; by default the one built for the content folder. */
  normalise?: (text: string) => string;
}

export class GuideBot extends ActivityHandler {
  private readonly now: () => Date;
  private readonly observer: TurnObserver;
  private readonly turn: GuideTurn;

  constructor(private readonly deps: GuideBotDeps) {
    super();
    this.now = deps.now ?? (() => new Date());
    this.observer = deps.observer ?? noObserver;
    const parts = createUnderstandingParts(undefined, deps.content);
    this.turn = createTurn({ content: deps.content, understanding: deps.understanding, normalise: deps.normalise ?? parts.normalise, conversational: parts.conversational });
    this.onMessage(async (context, next) => {
      const { text, value, attachments } = context.activity;
      await this.take(context, { type: 'message', text, value, attachments: Array.isArray(attachments) && attachments.length > 0 });
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const someoneJoined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient?.id);
      if (someoneJoined) await this.take(context, { type: 'open' });
      await next();
    });
  }

  /** One turn under the conversation's lock; sending happens after, so a slow channel never holds the lock. */
  private async take(context: TurnContext, input: TurnInput): Promise<void> {
    const started = Date.now();
    const key = dialogKey(context.activity.channelId ?? 'unknown', context.activity.conversation?.id ?? 'unknown');
    const replies = await this.deps.store.withLock(key, async () => {
      const now = this.now();
      let stored: StoredDialog | undefined;
      let readable = true;
      try {
        stored = await readDialog(this.deps.store.storage, key);
      } catch {
        readable = false;
      }
      const result = this.turn(stored, input, now, { memoryDown: !readable });
      // Nothing changed (the website opened a conversation already under way): nothing to save or say.
      if (input.type === 'open' && result.replies.length === 0) return [];
      const saved = readable && (await this.persist(key, result));
      if (result.ended) await this.deps.onConversationEnded?.(context.activity.conversation.id, context.activity.channelId);
      const activities = saved ? result.replies : [this.turn.storageNotice(result, now), ...result.replies];
      this.observer.turn({ ...result.summary, result: saved ? 'ok' : 'storage-error', durationMs: Date.now() - started });
      return activities;
    });
    if (replies.length > 0) await context.sendActivities(replies);
  }

  /** Saves (or, when the conversation ended, deletes) the dialog. False when storage failed. */
  private async persist(key: string, result: TurnResult): Promise<boolean> {
    try {
      if (result.save) await writeDialog(this.deps.store.storage, key, result.save);
      else await this.deps.store.storage.delete([key]);
      return true;
    } catch {
      return false;
    }
  }
}
