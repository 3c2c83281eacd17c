// What one turn did, in aggregate terms only (never text, never ids): for metrics.
import type { Expects, UrgentKind } from '../../dialogs/vocabulary.js';

export interface TurnSummary {
  event: string;
  urgent: UrgentKind[];
  situation?: string;
  services: string[];
  expects?: Expects;
  /** 'storage-error' when the turn answered without being able to remember the conversation. */
  result: 'ok' | 'storage-error';
  durationMs: number;
}

export interface TurnObserver {
  turn(summary: TurnSummary): void;
}

export const noObserver: TurnObserver = { turn: () => {} };
