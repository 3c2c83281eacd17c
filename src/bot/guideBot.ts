// One turn of the guide: guard -> understand -> decide -> render -> send
// (../shared/design.md). The only botbuilder types here are the turn context and the
// activities, so the dialog core could move to another SDK unchanged.
import { ActivityHandler, type Activity, type TurnContext } from 'botbuilder';
import type { GuideEvent } from '../../dialogs/events.js';
import type { Content } from '../content/load.js';
import { urgentServices } from '../render/urgent.js';
import { renderNotice, renderTurn, type GuideChannelData, type TurnOutcome } from '../render/reply.js';
import type { ConversationStore } from '../storage/conversationStore.js';
import { toEvent } from '../understanding/toEvent.js';
import type { Understanding } from '../understanding/types.js';
import { begin, decide, dialogKey, readDialog, restore, writeDialog, type Decision, type StoredDialog } from './dialogState.js';
import { noObserver, type TurnObserver, type TurnSummary } from './turnObserver.js';

/** Longer messages are cut before understanding; the safety layer still reads this much. */
export const MAX_TEXT_LENGTH = 4000;

export interface GuideBotDeps {
  content: Content;
  understanding: Understanding;
  store: ConversationStore;
  now?: () => Date;
  observer?: TurnObserver;
  /** Called after a conversation is deleted ("delete this chat"), e.g. to drop its Direct Line history. */
  onConversationEnded?: (conversationId: string, channelId: string) => Promise<void>;
}

type Snapshot = Decision['snapshot'];

export class GuideBot extends ActivityHandler {
  private readonly now: () => Date;
  private readonly observer: TurnObserver;

  constructor(private readonly deps: GuideBotDeps) {
    super();
    this.now = deps.now ?? (() => new Date());
    this.observer = deps.observer ?? noObserver;
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const someoneJoined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient?.id);
      if (someoneJoined) await this.welcome(context);
      await next();
    });
  }

  private key(context: TurnContext): string {
    return dialogKey(context.activity.channelId ?? 'unknown', context.activity.conversation?.id ?? 'unknown');
  }

  /** The website opened a conversation: welcome it, once. */
  private async welcome(context: TurnContext): Promise<void> {
    const key = this.key(context);
    const activities = await this.deps.store.withLock(key, async () => {
      const stored = await readDialog(this.deps.store.storage, key).catch(() => undefined);
      if (restore(stored)) return [];
      const start = begin();
      await writeDialog(this.deps.store.storage, key, start.snapshot, undefined).catch(() => undefined);
      return renderTurn(start.says, start.outcome, this.deps.content, this.now());
    });
    await this.send(context, activities);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const started = Date.now();
    const key = this.key(context);
    // Only the read-decide-write runs under the conversation's lock; sending happens after,
    // so a slow channel can never hold the lock past its expiry.
    const activities = await this.deps.store.withLock(key, async () => {
      let stored: StoredDialog | undefined;
      try {
        stored = await readDialog(this.deps.store.storage, key);
      } catch {
        return this.answerWithoutMemory(context, started);
      }
      const { snapshot, opening } = this.resume(stored);
      const event = this.eventFor(context.activity, snapshot);
      const decision = this.decideWithOpening(snapshot, opening, event);
      const saved = await this.persist(key, decision, stored?.eTag);
      const replies = renderTurn(decision.says, decision.outcome, this.deps.content, this.now());
      if (!saved) replies.unshift(this.storageNotice(decision.outcome));
      if (decision.ended) await this.deps.onConversationEnded?.(context.activity.conversation.id, context.activity.channelId);
      this.observe(event, decision, replies, saved ? 'ok' : 'storage-error', started);
      return replies;
    });
    await this.send(context, activities);
  }

  /**
   * A new conversation opens with the welcome. A greeting gets the welcome and its first
   * question; anything else gets the welcome, then the answer to what was said. Urgent help
   * always comes first, even before the welcome.
   */
  private decideWithOpening(snapshot: Snapshot, opening: Decision['says'], event: GuideEvent): Decision {
    if (opening.length > 0 && event.type === 'GREETING') return { ...begin(), says: opening };
    const decision = decide(snapshot, event);
    const urgent = decision.says.filter((s) => s.key === 'urgent');
    const rest = decision.says.filter((s) => s.key !== 'urgent');
    return { ...decision, says: [...urgent, ...opening.filter((s) => s.key !== 'ask'), ...rest] };
  }

  /** The stored dialog, or a fresh one with its opening words (welcome, or a kind restart note). */
  private resume(stored: StoredDialog | undefined): { snapshot: Snapshot; opening: Decision['says'] } {
    const restored = restore(stored);
    if (restored) return { snapshot: restored, opening: [] };
    const start = begin();
    const opening = stored ? [{ key: 'restarted' as const }, ...start.says.filter((s) => s.key !== 'welcome')] : start.says;
    return { snapshot: start.snapshot, opening };
  }

  private eventFor(activity: Activity, snapshot: Snapshot): GuideEvent {
    const text = typeof activity.text === 'string' ? activity.text.slice(0, MAX_TEXT_LENGTH) : '';
    const expects = (Object.values(snapshot.getMeta())[0] as { expects?: TurnOutcome['expects'] } | undefined)?.expects;
    const understood = this.deps.understanding.understand(text, { expects });
    // Files are never downloaded or opened: only their presence is noticed.
    const hasAttachment = Array.isArray(activity.attachments) && activity.attachments.length > 0;
    if (hasAttachment && understood.urgent.length === 0) return { type: 'ATTACHMENT' };
    return toEvent(understood, { expects });
  }

  /** Saves (or, when the conversation ended, deletes) the dialog. False when storage failed. */
  private async persist(key: string, decision: Decision, eTag: string | undefined): Promise<boolean> {
    try {
      if (decision.ended) await this.deps.store.storage.delete([key]);
      else await writeDialog(this.deps.store.storage, key, decision.snapshot, eTag);
      return true;
    } catch {
      return false;
    }
  }

  /** Storage is unreachable: still answer (urgent help needs no storage), and say we may forget. */
  private answerWithoutMemory(context: TurnContext, started: number): Partial<Activity>[] {
    const start = begin();
    const event = this.eventFor(context.activity, start.snapshot);
    const decision = decide(start.snapshot, event);
    const activities = renderTurn(decision.says, decision.outcome, this.deps.content, this.now());
    activities.unshift(this.storageNotice(decision.outcome));
    this.observe(event, decision, activities, 'storage-error', started);
    return activities;
  }

  private storageNotice(outcome: TurnOutcome): Partial<Activity> {
    const services = urgentServices('danger', outcome.context, this.deps.content);
    return renderNotice('storageDown', services, outcome, this.deps.content, this.now());
  }

  private async send(context: TurnContext, activities: Partial<Activity>[]): Promise<void> {
    if (activities.length > 0) await context.sendActivities(activities);
  }

  private observe(
    event: GuideEvent,
    decision: Decision,
    activities: Partial<Activity>[],
    result: TurnSummary['result'],
    started: number
  ): void {
    const urgentSay = decision.says.find((s) => s.key === 'urgent');
    const offered = activities.flatMap((a) => (a.channelData as { guide?: GuideChannelData } | undefined)?.guide?.services ?? []);
    this.observer.turn({
      event: event.type,
      urgent: urgentSay?.key === 'urgent' ? urgentSay.kinds : [],
      situation: decision.says.some((s) => s.key === 'answer') ? decision.outcome.context.situation : undefined,
      services: [...new Set(offered)],
      expects: decision.outcome.expects,
      result,
      durationMs: Date.now() - started
    });
  }
}
