// One turn of the guide as one pure function: (stored dialog, incoming activity, now) ->
// (replies to send, dialog to store). Understanding, the dialog machine and rendering, with
// no I/O: the bot (guideBot.ts) only takes the conversation's lock, calls this, saves and sends.
import type { Activity } from 'botbuilder';
import type { GuideEvent } from '../../dialogs/events.js';
import { begin, restore, step, toStored, where, type Step, type StoredDialog } from '../../dialogs/step.js';
import type { Content } from '../content/load.js';
import { hasPart } from '../render/messages.js';
import { renderNotice, renderTurn } from '../render/reply.js';
import { MAX_ACTIVITY_TEXT } from '../activityGuard.js';
import { urgentServices } from '../render/urgent.js';
import type { ConversationReader } from '../understanding/conversational.js';
import { createListener, type Incoming } from '../understanding/listener.js';
import type { ConversationHint, Understanding } from '../understanding/types.js';
import type { TurnSummary } from './turnObserver.js';

/**
 * Understanding reads a message as long as the edge accepts: one limit for both, so a disclosure at
 * the end of a long story is never cut off before the safety layer sees it.
 */
export const MAX_TEXT_LENGTH = MAX_ACTIVITY_TEXT;

/** What arrived: the website opening the chat, or a message (text, a button's value, a file). */
export type TurnInput = { type: 'open' } | ({ type: 'message'; attachments: boolean } & Incoming);

export interface TurnResult {
  replies: Partial<Activity>[];
  /** The dialog to store, or undefined when the conversation ended and must be deleted. */
  save?: StoredDialog;
  ended: boolean;
  summary: Omit<TurnSummary, 'result' | 'durationMs'>;
}

export interface TurnOptions {
  /** Storage could not be read: answer without the conversation's memory, and without a welcome. */
  memoryDown?: boolean;
}

export interface GuideTurn {
  (stored: StoredDialog | undefined, input: TurnInput, now: Date, options?: TurnOptions): TurnResult;
  /** The notice put first when the dialog could not be stored or read. */
  storageNotice(result: TurnResult, now: Date): Partial<Activity>;
}

export interface TurnDeps {
  content: Content;
  understanding: Understanding;
  /** The normaliser the safety patterns use (src/understanding/index.ts createUnderstandingParts). */
  normalise: (text: string) => string;
  /** The phrases of the conversation around the worry, read with the normaliser (the same parts). */
  conversational: ConversationReader;
}

function summaryOf(event: GuideEvent, stepped: Step, replies: Partial<Activity>[]): TurnResult['summary'] {
  const urgent = stepped.says.flatMap((s) => (s.key === 'urgent' ? s.kinds : []));
  const offered = replies.flatMap((a) => (a.channelData as { guide?: { services?: string[] } } | undefined)?.guide?.services ?? []);
  return {
    event: event.type,
    urgent: [...new Set(urgent)],
    situation: stepped.says.some((s) => s.key === 'answer') ? stepped.outcome.context.situation : undefined,
    services: [...new Set(offered)],
    expects: stepped.outcome.expects
  };
}

export function createTurn({ content, understanding, normalise, conversational }: TurnDeps): GuideTurn {
  const listener = createListener(understanding, content, {
    normalise,
    conversational,
    maxLength: MAX_TEXT_LENGTH,
    hasPart: (part, hint) => hasPart(part, { context: { piiNoted: false, welcomed: true, asides: 0, ...hint } }, content)
  });

  function eventFor(input: TurnInput, at: ReturnType<typeof where>): GuideEvent {
    if (input.type === 'open') return { type: 'OPEN' };
    const { state, expects, context } = at;
    const hint: ConversationHint = { state, ...(expects && { expects }), ...slotsOf(context) };
    const event = listener.hear(input, hint);
    // Files are never downloaded or opened: only their presence is noticed (urgent words still win).
    const urgent = event.type === 'MESSAGE' && event.urgent.length > 0;
    return input.attachments && !urgent ? { type: 'ATTACHMENT' } : event;
  }

  const turn = ((stored, input, now, options = {}) => {
    const restored = options.memoryDown ? undefined : restore(stored);
    // With memory unreachable a message belongs to a chat under way (no second welcome), but the
    // website opening a chat is a new one: it is welcomed.
    const underWay = options.memoryDown && input.type !== 'open';
    const snapshot = restored ?? begin(underWay ? { welcomed: true } : { lost: stored !== undefined });
    const event = eventFor(input, where(snapshot));
    const stepped = step(snapshot, event);
    const replies = renderTurn(stepped.says, stepped.outcome, content, now);
    return {
      replies,
      save: stepped.ended ? undefined : toStored(stepped.snapshot, stored?.eTag ?? '*'),
      ended: stepped.ended,
      summary: summaryOf(event, stepped, replies)
    };
  }) as GuideTurn;

  turn.storageNotice = (result, now) => {
    const context = result.save?.context ?? { piiNoted: false, welcomed: true, asides: 0 };
    const outcome = { state: result.save?.value ?? 'start', context, offers: [] };
    return renderNotice('storageDown', urgentServices('danger', context, content), outcome, content, now);
  };
  return turn;
}

function slotsOf(context: ReturnType<typeof where>['context']) {
  const { situation, audience, ageBand, region, responsible } = context;
  const selfHarm = context.crisis || context.safetyOpen || context.riskOpen?.includes('self-harm') || context.othersRisk?.includes('self-harm');
  return {
    ...(situation && { situation }),
    ...(audience && { audience }),
    ...(ageBand && { ageBand }),
    ...(region && { region }),
    ...(responsible && { responsible }),
    ...(selfHarm && { selfHarm: true as const })
  };
}
