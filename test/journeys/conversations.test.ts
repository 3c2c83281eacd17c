// Replays every conversation in conversations.yaml through the real bot and checks what the
// person would notice each turn (the format is described at the top of that file).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { FOLLOW_UPS } from '../../dialogs/vocabulary.js';
import { followUpAnswer, textIn } from '../../src/content/followUps.js';
import { resolveAnswer } from '../../src/render/answer.js';
import type { GuideChannelData } from '../../src/render/reply.js';
import { Conversation, content, last, type Reply } from '../support/botHarness.js';

const Guide = z.record(z.string(), z.unknown());
const TurnSchema = z
  .object({
    say: z.string().optional(),
    value: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
    expect: z
      .object({
        first: Guide.optional(),
        last: Guide.optional(),
        replies: z.number().int().optional(),
        followUp: z.enum(FOLLOW_UPS).optional(),
        answer: z.boolean().optional(),
        text: z.string().optional(),
        notText: z.string().optional(),
        buttons: z.array(z.string()).optional(),
        services: z.array(z.string()).optional()
      })
      .strict()
      .default({})
  })
  .strict()
  .refine((t) => (t.say === undefined) !== (t.value === undefined), 'say or value, not both');
const FileSchema = z.object({ conversations: z.array(z.object({ name: z.string(), turns: z.array(TurnSchema).min(1) }).strict()).min(1) }).strict();

const file = fileURLToPath(new URL('./conversations.yaml', import.meta.url));
const { conversations } = FileSchema.parse(parse(readFileSync(file, 'utf8')));

const contextOf = (guide: GuideChannelData) => ({
  piiNoted: false,
  welcomed: true,
  asides: 0,
  ...(guide.audience && { audience: guide.audience }),
  ...(guide.ageBand && { ageBand: guide.ageBand }),
  ...(guide.region && { region: guide.region }),
  ...(guide.situation && { situation: guide.situation as never })
});

function checkTurn(replies: Reply[], expected: z.infer<typeof TurnSchema>['expect'], why: string): void {
  expect(replies.length, `${why}: some reply`).toBeGreaterThan(0);
  const texts = replies.map((r) => r.text);
  const guide = last(replies).guide;
  if (expected.first) expect(replies[0]?.guide, why).toMatchObject(expected.first);
  if (expected.last) expect(guide, why).toMatchObject(expected.last);
  if (expected.replies !== undefined) expect(replies.length, `${why}: replies`).toBe(expected.replies);
  if (expected.text) expect(texts.some((t) => new RegExp(expected.text!, 'i').test(t)), `${why}: says /${expected.text}/\n${texts.join('\n---\n')}`).toBe(true);
  if (expected.notText) expect(texts.some((t) => new RegExp(expected.notText!, 'i').test(t)), `${why}: never /${expected.notText}/`).toBe(false);
  if (expected.buttons) expect(last(replies).choices, `${why}: buttons`).toEqual(expect.arrayContaining(expected.buttons));
  if (expected.services) {
    const starts = replies.some((r) => expected.services!.every((id, i) => r.guide.services[i] === id));
    expect(starts, `${why}: services start ${expected.services.join(', ')} (${replies.map((r) => r.guide.services.join(',')).join(' | ')})`).toBe(true);
  }
  const context = contextOf(guide);
  if (expected.followUp) {
    const followUp = content().conversation.followUps.get(expected.followUp)!;
    const answer = followUpAnswer(followUp, context);
    expect(answer, `${why}: ${expected.followUp} has an answer here`).toBeDefined();
    const words = textIn(answer!.text, context.region);
    expect(texts.some((t) => t.includes(words)), `${why}: answers ${expected.followUp}\n${texts.join('\n---\n')}`).toBe(true);
  }
  if (expected.answer !== undefined) {
    const lead = resolveAnswer(context, content())?.text.slice(0, 80) ?? '\u0000';
    expect(texts.some((t) => t.includes(lead)), `${why}: the full answer ${expected.answer ? 'is' : 'is not'} given`).toBe(expected.answer);
  }
}

describe('conversations', () => {
  it.each(conversations.map((c) => [c.name, c] as const))('%s', async (_name, conversation) => {
    const convo = new Conversation();
    await convo.open();
    for (const [i, turn] of conversation.turns.entries()) {
      const replies = turn.say !== undefined ? await convo.say(turn.say) : await convo.say({ type: 'message', text: '', value: turn.value });
      checkTurn(replies, turn.expect, `turn ${i + 1} (${turn.say ?? JSON.stringify(turn.value)})`);
    }
  });
});
