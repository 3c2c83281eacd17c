// `npm run eval`: the labelled dev set (test/eval/devset.yaml) through the real bot over
// HTTP. Each message opens a new conversation; when the bot asks who is asking, the age,
// the region, yes/no or the topic, the labelled answer is tapped, so the route can be
// checked on the final answer. Prints urgent recall (and per kind), the false-urgent rate,
// situation accuracy, slot accuracy, route hit rate and a confusion table. Exits non-zero
// when a target is missed.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../../src/content/load.js';
import { createUnderstanding, createUnderstandingParts } from '../../src/understanding/index.js';
import type { Understanding } from '../../src/understanding/types.js';
import { SITUATIONS, URGENT_KINDS, type UrgentKind } from '../../dialogs/vocabulary.js';
import { activity, post, startServer } from '../support/server.js';
import { loadDevset, type DevItem } from './devset.js';
import { converseReal, loadRealWorld, REAL_WORLD_FILE, reportReal, type RealOutcome } from './realWorld.js';
import { reportBlindStories } from './blindStories.js';

const TARGETS = { urgentRecall: 1, falseUrgent: 0.03, situation: 0.92, routes: 0.95 };

type Guide = {
  state: string;
  audience?: string;
  ageBand?: string;
  region?: string;
  situation?: string;
  urgent: boolean;
  services: string[];
  expects?: string;
};
type Act = { guide: Guide; values: string[] };

interface Outcome {
  item: DevItem;
  urgentFirst: boolean;
  kinds: UrgentKind[];
  /** What content/safety.yaml alone found. */
  patternKinds: UrgentKind[];
  /** The situation understood from the first message: an id, "ask" (clarifying question) or "none". */
  understood: string;
  candidates: string[];
  /** Topic quick replies the bot showed after the first message. */
  shownChoices: string[];
  first: Guide;
  services: Set<string>;
  answered?: string;
  reasked: string[];
  turns: number;
  error?: string;
}

const situationIds = new Set<string>(SITUATIONS);

function acts(json: { activities?: Array<Record<string, any>> } | undefined): Act[] {
  return (json?.activities ?? [])
    .filter((a) => a['type'] === 'message' && a['channelData']?.guide)
    .map((a) => ({
      guide: a['channelData'].guide as Guide,
      values: ((a['suggestedActions']?.actions ?? []) as Array<{ value: unknown }>).map((x) => String(x.value))
    }));
}

async function converse(url: string, item: DevItem, n: number, understanding: Understanding): Promise<Outcome> {
  const kinds = understanding.understand(item.t, { expects: 'audience' }).urgent;
  const patternKinds = createUnderstandingParts().safety.urgentKinds(item.t);
  const conversation = `eval-${process.pid}-${n}`;
  const say = async (text: string) => {
    const res = await post(url, activity(text, conversation));
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    return acts(res.json);
  };
  const services = new Set<string>();
  const reasked: string[] = [];
  let replies = await say(item.t);
  const last = (r: Act[]) => r[r.length - 1];
  const firstLast = last(replies);
  if (!firstLast) throw new Error('no reply');
  const first = firstLast.guide;
  const urgentFirst = replies.some((r) => r.guide.urgent);
  const offered = firstLast.values.filter((v) => situationIds.has(v));
  // What understanding made of the first message (the dialog may show a full topic menu
  // instead of the 2-3 candidates when the message also said who is asking).
  const nlu = understanding.understand(item.t, { expects: 'audience' });
  const understood = nlu.slots.situation ?? (nlu.candidates.length > 0 ? 'ask' : 'none');
  const said = item.said?.split(' ') ?? [];
  let answered: string | undefined;
  let turns = 1;
  let tappedSituation = false;
  for (; turns <= 8; turns++) {
    for (const r of replies) for (const s of r.guide.services) services.add(s);
    const end = last(replies);
    if (!end) break;
    const g = end.guide;
    if (g.state === 'answer' || replies.some((r) => r.guide.state === 'answer' && r.guide.services.length > 0 && !r.guide.urgent)) {
      answered = g.situation;
      break;
    }
    const candidates = end.values.filter((v) => situationIds.has(v));
    let next: string | undefined;
    if (candidates.length > 0 && g.expects !== 'situation') {
      // a clarifying question: the person taps their topic if it is offered
      next = candidates.includes(item.s) ? item.s : 'something-else';
    } else if (g.expects === 'audience') {
      if (said.includes('a')) reasked.push('audience');
      next = item.who;
    } else if (g.expects === 'age') {
      if (said.includes('g')) reasked.push('age');
      next = item.age;
    } else if (g.expects === 'region') {
      if (said.includes('r')) reasked.push('region');
      next = item.reg ?? 'uk';
    } else if (g.expects === 'yes-no') {
      next = item.u18 ? 'yes' : 'no';
    } else if (g.expects === 'situation') {
      if (item.s === 'none' || tappedSituation) break;
      tappedSituation = true;
      next = item.s;
    } else break;
    replies = await say(next);
  }
  return { item, urgentFirst, kinds, patternKinds, understood, candidates: nlu.candidates, shownChoices: offered, first, services, reasked, turns, ...(answered && { answered }) };
}

async function pool<T, R>(items: T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    })
  );
  return out;
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
const pad = (s: string, n: number) => s.padEnd(n);

async function main() {
  const content = loadContent();
  const understanding = createUnderstanding(content);
  const server = await startServer({ RATE_LIMIT_PER_CLIENT: '0', RATE_LIMIT_PER_CONVERSATION: '0' });
  const realOnly = process.argv.includes('--real');
  try {
    const failures = realOnly ? [] : await report('DEV SET (test/eval/devset.yaml)', loadDevset(), server.url, understanding, true);
    if (!realOnly) {
      for (const file of readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((f) => /^holdout.*\.yaml$/.test(f)).sort()) {
        console.log('\n');
        const holdout = loadDevset(fileURLToPath(new URL(`./${file}`, import.meta.url)));
        await report(`HELD-OUT SET (test/eval/${file}: not used for tuning; targets not applied)`, holdout, server.url, understanding, false);
      }
    }
    console.log('\n');
    await reportRealWorld(server.url);
    if (!realOnly) {
      console.log('\n');
      await reportBlindStories(server.url, `blind-${process.pid}`);
    }
    if (!realOnly) console.log(`\nTargets (dev set): urgent recall 100%, false urgent <= 3%, situation >= 92%, routes >= 95%`);
    if (failures.length > 0) {
      console.log(`MISSED: ${failures.join('; ')}`);
      process.exitCode = 1;
    } else if (!realOnly) console.log('All targets met.');
  } finally {
    await server.stop();
  }
}

/** The real-world set, its tuning half in full and its held-out half by figures and line numbers. */
async function reportRealWorld(url: string): Promise<void> {
  const items = loadRealWorld();
  console.log(`=== REAL-WORLD SET (${REAL_WORLD_FILE})`);
  if (!items) {
    console.log('  not found: set REAL_WORLD_SET to the path of real-world-dev.jsonl');
    return;
  }
  const outcomes: RealOutcome[] = await pool(items, 8, async (item) => {
    try {
      return await converseReal(url, item, `real-${process.pid}-${++conversations}`);
    } catch (error) {
      return { item, urgentFirst: false, urgentAfterCheck: false, checkedFirst: false, understood: false, turns: 0, firstChars: 0, error: (error as Error).message };
    }
  });
  console.log('Targets on each half: urgent help first 100%, calm marked urgent <= 5%, understood at once >= 85%, right service >= 95%, median turns <= 2\n');
  reportReal('TUNING HALF (odd lines)', outcomes.filter((o) => o.item.half === 'tuning'), false);
  console.log('');
  reportReal('HELD-OUT HALF (even lines: never tune on these)', outcomes.filter((o) => o.item.half === 'held-out'), true);
}

let conversations = 0;

async function report(title: string, items: DevItem[], url: string, understanding: Understanding, full: boolean): Promise<string[]> {
  console.log(`=== ${title}`);
  let outcomes: Outcome[];
  {
    outcomes = await pool(items, 8, async (item) => {
      try {
        return await converse(url, item, ++conversations, understanding);
      } catch (error) {
        return {
          item, urgentFirst: false, kinds: [], patternKinds: [], understood: 'error', candidates: [], shownChoices: [], first: { state: '', urgent: false, services: [] },
          services: new Set<string>(), reasked: [], turns: 0, error: (error as Error).message
        };
      }
    });
  }
  const failures: string[] = [];
  const errors = outcomes.filter((o) => o.error);
  if (errors.length > 0) failures.push(`${errors.length} conversations failed: ${errors[0]?.error}`);

  // --- the dev set itself
  const urgentItems = outcomes.filter((o) => (o.item.u ?? []).length > 0);
  const calm = outcomes.filter((o) => (o.item.u ?? []).length === 0);
  const slang = items.filter((i) => i.slang).length;
  console.log(`Dev set: ${items.length} messages; ${pct(slang, items.length)} with slang, typos or text-speak; ${urgentItems.length} urgent; ${items.filter((i) => i.near).length} near misses`);
  console.log(`  audiences: ${['young-person', 'parent', 'professional', 'adult'].map((a) => `${a} ${items.filter((i) => i.who === a).length}`).join(', ')}`);
  console.log(`  situations: ${[...SITUATIONS, 'none'].map((s) => `${s} ${items.filter((i) => i.s === s).length}`).join(', ')}\n`);
  if (full && (items.length < 400 || slang / items.length < 0.4 || urgentItems.length < 60)) failures.push('dev set is smaller than the brief asks');

  // --- urgency
  const recalled = urgentItems.filter((o) => o.urgentFirst);
  console.log(`Urgent recall (urgent help in the first reply): ${recalled.length}/${urgentItems.length} = ${pct(recalled.length, urgentItems.length)}`);
  for (const kind of URGENT_KINDS) {
    const withKind = urgentItems.filter((o) => o.item.u?.includes(kind));
    const hit = withKind.filter((o) => o.kinds.includes(kind) && o.urgentFirst);
    console.log(`  ${pad(kind, 11)} ${hit.length}/${withKind.length} = ${pct(hit.length, withKind.length)}`);
    if (hit.length < withKind.length) failures.push(`urgent recall for ${kind} below 100%`);
  }
  for (const o of urgentItems.filter((o) => !o.urgentFirst || !(o.item.u ?? []).every((k) => o.kinds.includes(k)))) {
    console.log(`  MISSED ${JSON.stringify(o.item.u)} got ${JSON.stringify(o.kinds)}: ${o.item.t}`);
  }
  if (recalled.length / Math.max(1, urgentItems.length) < TARGETS.urgentRecall) failures.push('urgent recall below 100%');
  const byPatterns = urgentItems.filter((o) => (o.item.u ?? []).every((k) => o.patternKinds.includes(k)));
  console.log(`  by the safety patterns alone: ${byPatterns.length}/${urgentItems.length}; the classifier added a missing kind for ${urgentItems.filter((o) => !(o.item.u ?? []).every((k) => o.patternKinds.includes(k)) && (o.item.u ?? []).every((k) => o.kinds.includes(k))).length}`);
  const falseUrgent = calm.filter((o) => o.urgentFirst);
  const nearMisses = calm.filter((o) => o.item.near);
  console.log(`False urgent (of ${calm.length} non-urgent messages): ${falseUrgent.length} = ${pct(falseUrgent.length, calm.length)}; near misses ${nearMisses.filter((o) => o.urgentFirst).length}/${nearMisses.length}`);
  for (const o of falseUrgent) console.log(`  FALSE ${JSON.stringify(o.kinds)}: ${o.item.t}`);
  if (falseUrgent.length / Math.max(1, calm.length) > TARGETS.falseUrgent) failures.push('false-urgent rate above 3%');

  // --- situations
  const right = outcomes.filter((o) => o.understood === o.item.s);
  const asked = outcomes.filter((o) => o.understood === 'ask');
  const askedRight = asked.filter((o) => o.candidates.includes(o.item.s));
  const wrong = outcomes.filter((o) => o.understood !== o.item.s && o.understood !== 'ask');
  console.log(`\nSituation accuracy (understood outright from the first message): ${right.length}/${outcomes.length} = ${pct(right.length, outcomes.length)}`);
  console.log(`  clarifying question instead: ${asked.length} (${askedRight.length} offering the right one); resolved = ${pct(right.length + askedRight.length, outcomes.length)}`);
  console.log(`  confidently wrong: ${wrong.length} = ${pct(wrong.length, outcomes.length)}`);
  const lostChoices = asked.filter((o) => o.shownChoices.length > 3);
  console.log(`  of the clarifying questions, ${lostChoices.length} became the full topic menu (the likeliest worries were not offered as buttons)`);
  if (right.length / outcomes.length < TARGETS.situation) failures.push('situation accuracy below 92%');

  const labels = [...SITUATIONS, 'none'];
  const columns = [...labels, 'ask'];
  const short = (s: string) => s.replace(/-image$/, '').replace('talk-to-child', 'talk').replace('school-response', 'school').replace('own-thoughts', 'own').replace('feeling-low', 'low').replace('found-csam', 'csam').slice(0, 7);
  console.log('\nConfusion (rows: labelled, columns: understood)');
  console.log(pad('', 16) + columns.map((c) => short(c).padStart(8)).join(''));
  for (const label of labels) {
    const row = outcomes.filter((o) => o.item.s === label);
    if (row.length === 0) continue;
    console.log(pad(label, 16) + columns.map((c) => String(row.filter((o) => o.understood === c).length || '.').padStart(8)).join(''));
  }

  // --- slots
  const slotCheck = (letter: string, field: keyof Guide, truth: (i: DevItem) => string) => {
    const stated = outcomes.filter((o) => o.item.said?.split(' ').includes(letter));
    const ok = stated.filter((o) => o.first[field] === truth(o.item));
    return `${ok.length}/${stated.length} = ${pct(ok.length, stated.length)}`;
  };
  console.log(`\nSlots stated in the first message and understood: who ${slotCheck('a', 'audience', (i) => i.who)}, age ${slotCheck('g', 'ageBand', (i) => i.age)}, region ${slotCheck('r', 'region', (i) => i.reg ?? 'uk')}`);
  const wrongSlots = outcomes.filter(
    (o) =>
      (o.first.audience && o.first.audience !== o.item.who) ||
      (o.first.ageBand && o.first.ageBand !== o.item.age && o.first.audience === o.item.who) ||
      (o.first.region && o.first.region !== (o.item.reg ?? 'uk'))
  );
  console.log(`  slots filled wrongly: ${wrongSlots.length}`);
  for (const o of wrongSlots) console.log(`  SLOT who=${o.first.audience} age=${o.first.ageBand} region=${o.first.region}: ${o.item.t}`);
  const reasked = outcomes.filter((o) => o.reasked.length > 0);
  console.log(`  asked again for something the first message said: ${reasked.length}`);
  for (const o of reasked) console.log(`  REASKED ${o.reasked.join(',')}: ${o.item.t}`);

  // --- routes
  const routed = outcomes.filter((o) => o.item.svc);
  const hits = routed.filter((o) => o.services.has(o.item.svc as string));
  console.log(`\nRoute hit rate (key service offered in the urgent or answer replies): ${hits.length}/${routed.length} = ${pct(hits.length, routed.length)}`);
  const misses = routed.filter((o) => !o.services.has(o.item.svc as string));
  const understoodRight = (o: Outcome) =>
    (o.first.audience ?? o.item.who) === o.item.who && (o.understood === o.item.s || o.understood === 'ask' || o.understood === 'none');
  const contentMisses = misses.filter(understoodRight);
  console.log(`  misses where understanding was right (routes.yaml / urgent.yaml): ${contentMisses.length}; misses after a wrong understanding: ${misses.length - contentMisses.length}`);
  const byRoute = new Map<string, number>();
  for (const o of contentMisses) {
    const key = `${o.item.s} / ${o.item.who} / ${o.item.reg ?? 'uk'}${o.item.u18 !== undefined ? ` / under18=${o.item.u18}` : ''} expects ${o.item.svc}, got [${[...o.services].join(', ')}]`;
    byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
  }
  for (const [key, count] of [...byRoute.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ROUTE ${count}x ${key}`);
  for (const o of misses.filter((o) => !understoodRight(o))) {
    console.log(`  ROUTE-NLU understood ${o.understood}/${o.first.audience ?? '-'} (label ${o.item.s}/${o.item.who}) expects ${o.item.svc}: ${o.item.t}`);
  }
  if (hits.length / Math.max(1, routed.length) < TARGETS.routes) failures.push('route hit rate below 95%');

  if (process.argv.includes('--verbose') || !full) {
    console.log('\nSituation misses:');
    for (const o of outcomes.filter((o) => o.understood !== o.item.s)) console.log(`  ${pad(o.item.s, 15)} ${pad(o.understood, 15)} ${o.candidates.join(',')} | ${o.item.t}`);
  }
  return full ? failures : [];
}

await main();
