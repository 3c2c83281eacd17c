// Every resting state of the graph, rendered with the real content: a question never comes
// without its buttons, and every button works however it arrives: as its value typed, as a
// value alone (messageBack or postBack with no text; a string or an object), or as its label
// typed. Each way does the same (the same words, the same next state), and moves the conversation on.
import { describe, expect, it } from 'vitest';
import type { GuideEvent } from '../../dialogs/events.js';
import { step, where } from '../../dialogs/step.js';
import { renderTurn } from '../../src/render/reply.js';
import { createUnderstanding, createUnderstandingParts } from '../../src/understanding/index.js';
import { createListener } from '../../src/understanding/listener.js';
import { content } from '../support/botHarness.js';
import { live } from './graph.js';

const c = content();
const { normalise, conversational } = createUnderstandingParts(undefined, c);
const listener = createListener(createUnderstanding(c), c, { normalise, conversational });
const NOW = new Date('2026-12-02T21:00:00Z');

const notUnderstood = (e: GuideEvent) =>
  e.type === 'MESSAGE' && Object.keys(e.slots).length === 0 && e.urgent.length === 0 && e.candidates.length === 0 && !e.followUp;

describe('buttons, in every state the conversation can rest in', () => {
  it('a question always comes with its buttons, on the last message of the turn', () => {
    let questions = 0;
    for (const state of live.filter((s) => s.value !== 'start')) {
      const { says, outcome } = step(state, { type: 'HELP' });
      const activities = renderTurn(says, outcome, c, NOW);
      const last = activities[activities.length - 1];
      expect(last, String(state.value)).toBeDefined();
      const actions = last?.suggestedActions?.actions ?? [];
      expect(actions.length, `${String(state.value)} offers buttons`).toBeGreaterThan(0);
      for (const a of actions) expect(a.title, String(a.value)).not.toMatch(/^(button|audience|age|region)\./);
      if (outcome.expects !== 'free-text') questions++;
      // Only the last message carries buttons.
      for (const a of activities.slice(0, -1)) expect(a.suggestedActions).toBeUndefined();
    }
    expect(questions).toBeGreaterThan(200);
  });

  it('every button does the same as its value, its value alone, and its label typed, and moves the conversation on', () => {
    let checked = 0;
    for (const state of live.filter((s) => s.value !== 'start')) {
      const shown = step(state, { type: 'HELP' });
      const actions = renderTurn(shown.says, shown.outcome, c, NOW).at(-1)?.suggestedActions?.actions ?? [];
      const at = where(shown.snapshot);
      const hint = { state: at.state, ...(at.expects && { expects: at.expects }), ...at.context };
      const effect = (e: GuideEvent) => {
        const next = step(shown.snapshot, e);
        return { says: next.says, state: next.outcome.state, context: next.outcome.context };
      };
      for (const action of actions) {
        const value = String(action.value);
        const typed = listener.hear({ text: value }, hint);
        const why = `${at.state}: ${value} / "${action.title}"`;
        expect(typed, why).not.toSatisfy(notUnderstood);
        const done = effect(typed);
        expect(done.says.map((s) => s.key), why).not.toContain('notUnderstood');
        expect(effect(listener.hear({ text: '', value }, hint)), `${why} as a value alone`).toEqual(done);
        expect(effect(listener.hear({ value: { value } }, hint)), `${why} as an object value`).toEqual(done);
        expect(effect(listener.hear({ text: String(action.title) }, hint)), `${why} as its label typed`).toEqual(done);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
