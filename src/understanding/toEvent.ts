// Maps what was understood onto the one event the dialog receives this turn.
import type { GuideEvent } from '../../dialogs/events.js';
import { safetyAnswerOf } from '../../dialogs/vocabulary.js';
import type { Command, Understood, UnderstandingHint } from './types.js';

const COMMAND_EVENTS: Record<Exclude<Command, 'yes' | 'no' | 'unsure'>, GuideEvent> = {
  restart: { type: 'RESTART' },
  help: { type: 'HELP' },
  menu: { type: 'MENU' },
  forget: { type: 'FORGET' },
  greeting: { type: 'GREETING' },
  region: { type: 'ASK_REGION' }
};

const ANSWERS: Record<'yes' | 'no' | 'unsure', GuideEvent> = { yes: { type: 'YES' }, no: { type: 'NO' }, unsure: { type: 'UNSURE' } };

export function toEvent(understood: Understood, hint: UnderstandingHint): GuideEvent {
  const possible = understood.possible?.filter((k) => !understood.urgent.includes(k)) ?? [];
  const message: GuideEvent = {
    type: 'MESSAGE',
    slots: understood.slots,
    urgent: understood.urgent,
    pii: understood.pii.length > 0,
    candidates: understood.candidates,
    ...(possible.length > 0 && { possible }),
    ...(understood.others?.length && { others: understood.others }),
    ...(understood.followUp && { followUp: understood.followUp }),
    ...(understood.asked && { asked: true as const })
  };
  // Urgent help comes before any command: "start again, he says he'll post it" is urgent.
  if (understood.urgent.length > 0) return message;
  if (understood.safety) return { type: 'SAFETY', ...safetyAnswerOf(understood.safety) };
  if (understood.service) return { type: 'SERVICE', id: understood.service };
  if (understood.detail) return { type: 'DETAIL', part: understood.detail };
  const { command } = understood;
  if (command === 'yes' || command === 'no' || command === 'unsure') {
    return hint.expects === 'yes-no' ? ANSWERS[command] : message;
  }
  if (command === 'greeting' && Object.keys(understood.slots).length > 0) return message;
  if (command) return COMMAND_EVENTS[command];
  if (understood.aside && !understood.followUp && !understood.asked && possible.length === 0) return { type: 'ASIDE', kind: understood.aside };
  return message;
}
