// Loads and saves one conversation's dialog: the machine's persisted snapshot with the
// machine version that wrote it. Nothing else is stored: no text, no user id.
import type { Storage } from 'botbuilder';
import { createActor, type ActorScope, type ExecutableActionsFrom } from 'xstate';
import type { GuideEvent } from '../../dialogs/events.js';
import {
  GUIDE_MACHINE_VERSION,
  guideMachine,
  type GuideContext,
  type GuideStateMeta,
  type SayParams
} from '../../dialogs/guideMachine.js';
import type { TurnOutcome } from '../render/reply.js';

type Snapshot = ReturnType<typeof guideMachine.resolveState>;

export interface StoredDialog {
  machineVersion: number;
  value: string;
  context: GuideContext;
  eTag?: string;
}

export interface Decision {
  says: SayParams[];
  outcome: TurnOutcome;
  /** The conversation ended ("delete this chat"): delete it rather than save it. */
  ended: boolean;
  snapshot: Snapshot;
}

export const dialogKey = (channelId: string, conversationId: string) => `${channelId}/conversations/${conversationId}/dialog`;

function saysOf(actions: ReadonlyArray<{ type: string; params?: unknown }>): SayParams[] {
  return actions.filter((a) => a.type === 'say').map((a) => a.params as SayParams);
}

function outcomeOf(snapshot: Snapshot): TurnOutcome {
  const meta = Object.values(snapshot.getMeta())[0] as GuideStateMeta | undefined;
  return { state: String(snapshot.value), context: snapshot.context, ...(meta && { expects: meta.expects }) };
}

/**
 * Restores a stored dialog, or undefined when it was written by another machine version
 * or names a state that no longer exists (tech-notes §7: such snapshots must never crash).
 */
export function restore(stored: StoredDialog | undefined): Snapshot | undefined {
  if (!stored || stored.machineVersion !== GUIDE_MACHINE_VERSION) return undefined;
  try {
    return guideMachine.resolveState({ value: stored.value, context: stored.context });
  } catch {
    return undefined;
  }
}

type Scope = ActorScope<Snapshot, GuideEvent>;
type Action = ExecutableActionsFrom<typeof guideMachine>;

/**
 * What xstate's own pure `transition()` does, minus its cost: that builds a throwaway actor, and
 * the actor's initial snapshot, on every call (two thirds of the dialog's time per turn). This
 * machine invokes no actors and its actions are collected, never run, so one inert scope serves
 * every transition; each use is synchronous, so no two turns ever share the collected actions.
 */
let collected: Action[] = [];
const self = createActor(guideMachine);
const inertScope: Scope = {
  self,
  id: '',
  sessionId: '',
  system: self.system,
  logger: () => undefined,
  defer: () => undefined,
  emit: () => undefined,
  stopChild: () => undefined,
  actionExecutor: (action) => void collected.push(action as Action)
};

/** Runs one pure step of the machine with the shared inert scope; returns the actions it chose. */
function step(run: (scope: Scope) => Snapshot): [Snapshot, Action[]] {
  collected = [];
  const next = run(inertScope);
  return [next, collected];
}

/** The welcome is the same for every conversation (the machine takes no input), so it is worked out once. */
const opening: Decision = (() => {
  const [snapshot, actions] = step((scope) => guideMachine.getInitialSnapshot(scope));
  return { says: saysOf(actions), outcome: outcomeOf(snapshot), ended: false, snapshot };
})();

/** The welcome a new conversation starts with (the snapshot is immutable, like every xstate snapshot). */
export function begin(): Decision {
  return { ...opening, says: [...opening.says] };
}

/**
 * Recent decisions, by state, context and event. The machine is pure, so the same inputs always
 * decide the same, and conversations follow a few well-worn paths: a hit saves running xstate's
 * interpreter (about half of the dialog's time). Keys hold only the dialog's own values (who is
 * asking, an age band, a region, a situation id, urgent kinds), never text or ids; the oldest
 * entry goes first once there are DECISIONS_KEPT.
 */
const DECISIONS_KEPT = 4096;
const recent = new Map<string, Decision>();

/** One event through the machine: pure. */
export function decide(snapshot: Snapshot, event: GuideEvent): Decision {
  const key = JSON.stringify([snapshot.value, snapshot.context, event]);
  let decision = recent.get(key);
  if (!decision) {
    const [next, actions] = step((scope) => guideMachine.transition(snapshot, event, scope));
    decision = { says: saysOf(actions), outcome: outcomeOf(next), ended: next.status === 'done', snapshot: next };
    if (recent.size >= DECISIONS_KEPT) recent.delete(recent.keys().next().value!);
    recent.set(key, decision);
  }
  return { ...decision, says: [...decision.says] };
}

/** How many decisions are remembered (for tests). */
export const rememberedDecisions = () => recent.size;

export function toStored(snapshot: Snapshot, eTag?: string): StoredDialog {
  // The machine invokes no actors and keeps only plain values in its context, so its value and
  // context are all of its persisted snapshot (getPersistedSnapshot would copy them first).
  return { machineVersion: GUIDE_MACHINE_VERSION, value: String(snapshot.value), context: snapshot.context, ...(eTag && { eTag }) };
}

export async function readDialog(storage: Storage, key: string): Promise<StoredDialog | undefined> {
  const items = await storage.read([key]);
  return items[key] as StoredDialog | undefined;
}

export async function writeDialog(storage: Storage, key: string, snapshot: Snapshot, eTag: string | undefined): Promise<void> {
  await storage.write({ [key]: toStored(snapshot, eTag ?? '*') });
}
