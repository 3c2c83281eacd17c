// The guide reads English only: a message mostly in another language is told so, never guessed at
// from its few English words; a wish to die in it still gets urgent help first.
import { describe, expect, it } from 'vitest';
import { Conversation, last } from '../support/botHarness.js';
import { understand } from './support.js';

describe('a message in a language the guide cannot read', () => {
  it.each([
    'yo tengo 16 y un hombre de 30 quiere quedar conmigo mañana',
    'مرحبا، شخص يهددني بنشر صوري',
    'Mae rhywun yn bygwth rhannu fy lluniau',
    'hablas español? necesito ayuda'
  ])('is read as foreign, with nothing guessed from it: %s', (text) => {
    expect(understand(text)).toMatchObject({ foreign: true, slots: {}, candidates: [], urgent: [] });
  });

  it.each(['sum lad off insta got pics of my son hes 15 an now wants 200', 'idk wat 2 do hes sayin hel post em', 'ok', 'my ex posted my nudes'])(
    'is not said of English, however it is spelt: %s',
    (text) => {
      expect(understand(text).foreign).toBeUndefined();
    }
  );

  it.each(['chcę umrzeć', 'Mam 15 lat i chcę się zabić bo wszyscy widzieli moje zdjęcie', 'ich will nicht mehr leben', 'أريد أن أموت'])(
    'gets urgent help when it says the writer wants to die: %s',
    (text) => {
      expect(understand(text).urgent).toContain('self-harm');
    }
  );

  it('is told, in the welcome, that the guide reads only English, with the emergency number, and then asked who is asking', async () => {
    const replies = await new Conversation().say('yo tengo 16 y un hombre de 30 quiere quedar conmigo mañana');
    const text = replies.map((r) => r.text).join('\n');
    expect(text).toMatch(/I can only read English/);
    expect(text).toMatch(/call 999\*\* in the UK, or your local emergency number/);
    expect(last(replies).guide.expects).toBe('audience');
  });
});
