// Maps what was understood onto the one event the dialog receives this turn.
import type { GuideEvent } from '../../dialogs/events.js';
import type { Command, Understood, UnderstandingHint } from './types.js';

const COMMAND_EVENTS: Record<Exclude<Command, 'yes' | 'no'>, GuideEvent> = {
  restart: { type: 'RESTART' },
  help: { type: 'HELP' },
  menu: { type: 'MENU' },
  forget: { type: 'FORGET' },
  greeting: { type: 'GREETING' },
  region: { type: 'ASK_REGION' }
};

export function toEvent(understood: Understood, hint: UnderstandingHint): GuideEvent {
  const message: GuideEvent = {
    type: 'MESSAGE',
    slots: understood.slots,
    urgent: understood.urgent,
    pii: understood.pii.length > 0,
    candidates: understood.candidates,
    ...(understood.possible.length > 0 && { possible: understood.possible })
  };
  // Urgent help comes before any command: "start again, he says he'll post it" is urgent.
  if (understood.urgent.length > 0) return message;
  const { command } = understood;
  if (command === 'yes' || command === 'no') {
    return hint.expects === 'yes-no' ? { type: command === 'yes' ? 'YES' : 'NO' } : message;
  }
  if (command === 'greeting' && Object.keys(understood.slots).length > 0) return message;
  return command ? COMMAND_EVENTS[command] : message;
}
