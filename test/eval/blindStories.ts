// Blind labelled first messages (test/eval/stories-blind.txt): is the worry understood from the first
// message? Written by helpers who never saw the evaluation sets or the training data, so, like the
// real-world held-out half, this measures understanding of words nobody tuned for. Figures only.
import { readFileSync } from 'node:fs';
import { SITUATIONS } from '../../dialogs/vocabulary.js';
import { activity, post } from '../support/server.js';
import { repliesOf } from './realWorld.js';

export const BLIND_STORIES_FILE = new URL('./stories-blind.txt', import.meta.url);

interface Story {
  labels: string[];
  text: string;
}

export function loadBlindStories(path: URL = BLIND_STORIES_FILE): Story[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => /^([a-z-]+(?:\/[a-z-]+)*) \| (.+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const labels = m[1]!.split('/');
      const unknown = labels.find((l) => !(SITUATIONS as readonly string[]).includes(l));
      if (unknown) throw new Error(`stories-blind.txt: unknown situation "${unknown}"`);
      return { labels, text: m[2]! };
    });
}

/** Sends each story as the first message of a new conversation; prints how many were understood at once. */
export async function reportBlindStories(url: string, conversationPrefix: string): Promise<void> {
  const stories = loadBlindStories();
  let understood = 0;
  let asked = 0;
  const wrong = new Map<string, number>();
  for (const [i, story] of stories.entries()) {
    const res = await post(url, activity(story.text, `${conversationPrefix}-${i}`));
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for a blind story`);
    const situation = repliesOf(res.json).map((r) => r.guide.situation).filter(Boolean).pop();
    if (situation && story.labels.includes(situation)) understood++;
    else {
      if (!situation) asked++;
      const key = `${story.labels[0]} -> ${situation ?? '(a question)'}`;
      wrong.set(key, (wrong.get(key) ?? 0) + 1);
    }
  }
  const pct = (100 * understood) / stories.length;
  console.log(`=== BLIND STORIES (test/eval/stories-blind.txt): ${stories.length} labelled first messages`);
  console.log(`  worry understood at once: ${understood}/${stories.length} = ${pct.toFixed(1)}%; a clarifying question instead: ${asked}`);
  const common = [...wrong].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`  commonest misreadings: ${common.map(([k, n]) => `${k} ${n}`).join('; ')}`);
}
