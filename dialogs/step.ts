// One step of the conversation, pure: the stored dialog and one event in, what to say and the
// dialog to store out. It steps the machine with xstate's own initialTransition()/transition()
// and keeps nothing between calls.
import { initialTransition, transition } from 'xstate';
import type { GuideInput } from './context.js';
import type { GuideEvent } from './events.js';
import { GUIDE_MACHINE_VERSION, guideMachine, type GuideContext, type GuideStateMeta, type SayParams } from './guideMachine.js';
import { offersFor, type Offer } from './offers.js';
import type { Expects } from './vocabulary.js';

export type Snapshot = ReturnType<typeof guideMachine.resolveState>;

/** What is stored for a conversation: the machine's persisted state and the version that wrote it. Nothing else. */
export interface StoredDialog {
  machineVersion: number;
  value: string;
  context: GuideContext;
  eTag?: string;
}

/** Where the dialog rests after a turn: enough to render it and fill the guide contract. */
export interface Outcome {
  state: string;
  context: GuideContext;
  expects?: Expects;
  /** The quick replies to offer (dialogs/offers.ts). */
  offers: Offer[];
}

export interface Step {
  says: SayParams[];
  outcome: Outcome;
  /** The conversation ended ("delete this chat"): delete it rather than store it. */
  ended: boolean;
  snapshot: Snapshot;
}

function expectsOf(snapshot: Snapshot): Expects | undefined {
  const meta = Object.values(snapshot.getMeta())[0] as GuideStateMeta | undefined;
  return meta?.expects;
}

/** Where a snapshot rests, before an event: for understanding the next message in context. */
export function where(snapshot: Snapshot): { state: string; context: GuideContext; expects?: Expects } {
  const expects = expectsOf(snapshot);
  return { state: String(snapshot.value), context: snapshot.context, ...(expects && { expects }) };
}

/**
 * The stored dialog, or undefined when it was written by another machine version or names a
 * state that no longer exists (a stored snapshot must never crash a turn).
 */
export function restore(stored: StoredDialog | undefined): Snapshot | undefined {
  if (!stored || stored.machineVersion !== GUIDE_MACHINE_VERSION) return undefined;
  try {
    return guideMachine.resolveState({ value: stored.value, context: stored.context });
  } catch {
    return undefined;
  }
}

/** A new conversation; `lost` when a stored one could not be read, so it opens with a kind restart note. */
export function begin(input: GuideInput = {}): Snapshot {
  return initialTransition(guideMachine, input)[0];
}

/** One event through the machine. */
export function step(snapshot: Snapshot, event: GuideEvent): Step {
  const [next, actions] = transition(guideMachine, snapshot, event);
  const says = actions.filter((a) => a.type === 'say').map((a) => a.params as SayParams);
  const state = String(next.value);
  const expects = expectsOf(next);
  const outcome: Outcome = { state, context: next.context, ...(expects && { expects }), offers: offersFor(state, next.context, says) };
  return { says, outcome, ended: next.status === 'done', snapshot: next };
}

/** What is stored: value and context are all of this machine's persisted snapshot (it invokes no actors). */
export function toStored(snapshot: Snapshot, eTag?: string): StoredDialog {
  const { value, context } = guideMachine.getPersistedSnapshot(snapshot) as unknown as { value: string; context: GuideContext };
  return { machineVersion: GUIDE_MACHINE_VERSION, value, context, ...(eTag && { eTag }) };
}
