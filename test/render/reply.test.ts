// What a user sees when the guide is unsure: the likeliest worries as buttons, asked once.
import { describe, expect, it } from 'vitest';
import { renderTurn } from '../../src/render/reply.js';
import { content } from '../support/botHarness.js';

describe('a clarifying question', () => {
  it('offers the likeliest worries as buttons and does not ask the worry twice', () => {
    const activities = renderTurn(
      [{ key: 'notUnderstood', candidates: ['sent-image', 'image-shared'] }, { key: 'ask', expects: 'situation' }],
      { state: 'askSituation', context: { piiNoted: false, audience: 'professional' }, expects: 'situation' },
      content(),
      new Date()
    );
    expect(activities).toHaveLength(1);
    const values = activities[0]?.suggestedActions?.actions.map((a) => a.value);
    expect(values).toEqual(['sent-image', 'image-shared', 'something-else']);
  });
});
