// The real-world development set (../shared/eval/real-world-dev.jsonl, read in place, never
// copied): long messages of the kind real people send, scored as its README says. One new
// conversation per message over /api/messages; when the guide asks who, the age, the country,
// yes/no or the worry, the labelled answer is tapped; when it asks a gentle safety question,
// the person answers yes if the message is labelled urgent.
//
// A fixed half (every second line, 1-based even lines) is HELD OUT: never look at its misses
// while tuning. The other half is for tuning. Both are reported.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SAFETY_ANSWERS, SITUATIONS } from '../../dialogs/vocabulary.js';
import { activity, post } from '../support/server.js';

export const REAL_WORLD_FILE =
  process.env['REAL_WORLD_SET'] ?? fileURLToPath(new URL('../../../shared/eval/real-world-dev.jsonl', import.meta.url));

const Item = z.object({
  text: z.string().min(1),
  speaker: z.enum(['young_person', 'parent', 'professional', 'adult_victim', 'other']),
  age_band: z.enum(['under13', '13to17', 'adult', 'unknown']),
  region: z.enum(['uk', 'ie', 'us', 'au', 'ca', 'other', 'unknown']),
  urgent: z.boolean(),
  expected_routes: z.array(z.string()),
  situations: z.array(z.enum(SITUATIONS)),
  image_under18: z.enum(['yes', 'no', 'unknown'])
});
export type RealItem = z.infer<typeof Item> & { line: number; half: 'tuning' | 'held-out' };

export function loadRealWorld(path = REAL_WORLD_FILE): RealItem[] | undefined {
  if (!existsSync(path)) return undefined;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l, i) => ({ ...Item.parse(JSON.parse(l)), line: i + 1, half: (i + 1) % 2 === 0 ? 'held-out' : 'tuning' }));
}

/** The buttons a person taps, from the labels (README "How the review scores it"). */
const AUDIENCE = { young_person: 'young-person', parent: 'parent', professional: 'professional', adult_victim: 'adult', other: 'parent' } as const;
function ageButton(item: RealItem): string {
  if (item.age_band === 'under13') return 'under-13';
  if (item.age_band === 'adult') return '18-plus';
  if (item.age_band === '13to17') return '13-17';
  return item.speaker === 'adult_victim' ? '18-plus' : '13-17';
}
const regionButton = (item: RealItem) => (item.region === 'unknown' ? 'uk' : item.region);

/** Each region's emergency number card ("the region's emergency number"). */
const EMERGENCY: Record<string, string> = {
  uk: 'emergency-999',
  ie: 'emergency-112-ie',
  us: 'emergency-911-us',
  au: 'emergency-000',
  ca: 'emergency-911-ca'
};

/** Route labels to the service ids that satisfy them (README "Fields"), for a person in `region`. */
export const ROUTE_SERVICES: Record<string, (id: string, region: string) => boolean> = {
  ceop_report: (id) => id === 'ceop',
  report_remove: (id) => id === 'report-remove',
  take_it_down: (id) => id === 'take-it-down',
  iwf_report: (id) => id === 'iwf' || id === 'report-remove',
  childline: (id) => id === 'childline',
  nspcc_helpline: (id) => id === 'nspcc-helpline',
  samaritans_or_crisis: (id) => ['samaritans', 'shout', 'childline', 'emergency-999'].includes(id),
  police_101: (id) => id === 'police-101' || id === 'emergency-999',
  emergency_999: (id) => id === 'emergency-999',
  // Outside the five countries no emergency number is known: any emergency card is a fair answer.
  emergency_local: (id, region) => (EMERGENCY[region] ? id === EMERGENCY[region] : id.startsWith('emergency-')),
  revenge_porn_helpline_or_stopncii: (id) => id === 'revenge-porn-helpline' || id === 'stopncii',
  stop_it_now: (id) => id.startsWith('stop-it-now'),
  posh_professionals: (id) => id === 'posh',
  marie_collins_foundation: (id) => id === 'marie-collins-foundation',
  ncmec_cybertipline: (id) => id === 'ncmec-cybertipline' || id === 'take-it-down',
  crisis_988: (id) => id === 'lifeline-988' || id.startsWith('crisis-988'),
  esafety_au: (id) => id === 'esafety',
  kids_helpline_au: (id) => id === 'kids-helpline-au',
  cybertip_ca: (id) => id === 'cybertip-ca' || id === 'needhelpnow-ca',
  kids_help_phone_ca: (id) => id === 'kids-help-phone',
  childline_ie: (id) => id === 'childline-ie',
  hotline_ie: (id) => id === 'hotline-ie'
};

type Guide = { state: string; situation?: string; urgent: boolean; services: string[]; expects?: string; audience?: string; ageBand?: string; region?: string };
type Reply = { guide: Guide; values: string[]; text: string };

export interface RealOutcome {
  item: RealItem;
  /** Urgent help (marked urgent, with services) in the first reply. */
  urgentFirst: boolean;
  /** Urgent help came only in a later turn (after a safety question or a tapped worry). */
  urgentAfterCheck: boolean;
  /** The guide asked a gentle safety question in its first reply. */
  checkedFirst: boolean;
  understood: boolean;
  firstSituation?: string;
  routeTurn?: number;
  turns: number;
  firstChars: number;
  error?: string;
}

const situationIds = new Set<string>(SITUATIONS);
const SAFETY_VALUES: readonly string[] = SAFETY_ANSWERS;

/** The guide's replies in a Direct Line-shaped response: its contract, the button values, the text. */
export function repliesOf(json: { activities?: Array<Record<string, any>> } | undefined): Reply[] {
  return (json?.activities ?? [])
    .filter((a) => a['type'] === 'message' && a['channelData']?.guide)
    .map((a) => ({
      guide: a['channelData'].guide as Guide,
      values: ((a['suggestedActions']?.actions ?? []) as Array<{ value: unknown }>).map((x) => String(x.value)),
      text: String(a['text'] ?? '')
    }));
}

const routeHit = (item: RealItem, services: Iterable<string>) => {
  const labels = item.expected_routes.filter((r) => r !== 'advice_only');
  if (labels.length === 0) return true;
  for (const id of services) if (labels.some((l) => ROUTE_SERVICES[l]?.(id, regionButton(item)))) return true;
  return false;
};

/** Which button a person with this story taps to the guide's question, or undefined to stop. */
function answerTo(item: RealItem, end: Reply, seen: { menu: boolean; situation: boolean }): string | undefined {
  const g = end.guide;
  const safety = end.values.find((v) => SAFETY_VALUES.includes(v));
  if (safety) {
    // A gentle safety question: "is someone threatening you / are you safe?"
    if (end.values.includes('risk-yes')) return item.urgent ? 'risk-yes' : 'risk-no';
    return item.urgent ? 'safe-no' : 'safe-yes';
  }
  const offered = end.values.filter((v) => situationIds.has(v));
  if (offered.length > 0 && (g.expects === 'situation' || g.expects === undefined || g.expects === 'free-text')) {
    const pick = item.situations.find((s) => offered.includes(s));
    if (pick) return pick;
    if (!seen.menu && end.values.includes('something-else')) {
      seen.menu = true;
      return 'something-else';
    }
    return undefined;
  }
  switch (g.expects) {
    case 'audience':
      return AUDIENCE[item.speaker];
    case 'age':
      return ageButton(item);
    case 'region':
      return regionButton(item);
    case 'yes-no':
      return item.image_under18 === 'yes' ? 'yes' : 'no';
    case 'situation':
      if (!seen.menu && end.values.includes('something-else')) {
        seen.menu = true;
        return 'something-else';
      }
      return undefined;
    default:
      return undefined;
  }
}

const MAX_TURNS = 6;

export async function converseReal(url: string, item: RealItem, conversation: string): Promise<RealOutcome> {
  const say = async (text: string) => {
    const res = await post(url, activity(text, conversation));
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    return repliesOf(res.json);
  };
  let replies = await say(item.text);
  const urgentHelp = (rs: Reply[]) => rs.some((r) => r.guide.urgent && r.guide.services.length > 0);
  const urgentFirst = urgentHelp(replies);
  const checkedFirst = replies.some((r) => r.values.some((v) => SAFETY_VALUES.includes(v)));
  const firstSituation = replies.map((r) => r.guide.situation).filter(Boolean).pop();
  const understood = item.situations.length === 0 || (firstSituation !== undefined && (item.situations as string[]).includes(firstSituation));
  const firstChars = replies.reduce((n, r) => n + r.text.length, 0);
  const services = new Set<string>();
  let urgentAfterCheck = false;
  let routeTurn: number | undefined;
  const seen = { menu: false, situation: false };
  let turn = 1;
  for (;;) {
    for (const r of replies) for (const s of r.guide.services) services.add(s);
    if (turn > 1 && !urgentFirst && urgentHelp(replies)) urgentAfterCheck = true;
    if (routeTurn === undefined && routeHit(item, services)) routeTurn = turn;
    const end = replies[replies.length - 1];
    if (!end || turn >= MAX_TURNS || routeTurn !== undefined) break;
    const next = answerTo(item, end, seen);
    if (next === undefined) break;
    replies = await say(next);
    turn++;
  }
  return {
    item,
    urgentFirst,
    urgentAfterCheck,
    checkedFirst,
    understood,
    ...(firstSituation && { firstSituation }),
    ...(routeTurn !== undefined && { routeTurn }),
    turns: turn,
    firstChars
  };
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const short = (text: string) => (text.length > 160 ? `${text.slice(0, 157)}...` : text);

export interface RealScores {
  urgentRecall: number;
  falseUrgent: number;
  understood: number;
  routes: number;
  medianTurns: number;
}

/** Prints one half's figures and every urgent miss and false alarm (`quiet`: by line number only). */
export function reportReal(title: string, outcomes: RealOutcome[], quiet: boolean): RealScores {
  console.log(`--- ${title}: ${outcomes.length} messages`);
  const errors = outcomes.filter((o) => o.error);
  if (errors.length > 0) console.log(`  ${errors.length} conversations failed: ${errors[0]?.error}`);
  const urgent = outcomes.filter((o) => o.item.urgent);
  const calm = outcomes.filter((o) => !o.item.urgent);
  const recalled = urgent.filter((o) => o.urgentFirst);
  const afterCheck = urgent.filter((o) => o.urgentAfterCheck);
  const falseUrgent = calm.filter((o) => o.urgentFirst);
  const calmChecked = calm.filter((o) => o.checkedFirst && !o.urgentFirst);
  const understood = outcomes.filter((o) => o.understood);
  const routed = outcomes.filter((o) => o.routeTurn !== undefined);
  const turns = routed.map((o) => o.routeTurn as number);
  console.log(`  urgent help in the first reply: ${recalled.length}/${urgent.length} = ${pct(recalled.length, urgent.length)}`);
  console.log(`    only later in the conversation (e.g. after a safety question): ${afterCheck.length}; never: ${urgent.length - recalled.length - afterCheck.length}`);
  console.log(`  calm messages marked urgent: ${falseUrgent.length}/${calm.length} = ${pct(falseUrgent.length, calm.length)}; asked a safety question: ${calmChecked.length}`);
  console.log(`  worry understood at once: ${understood.length}/${outcomes.length} = ${pct(understood.length, outcomes.length)}`);
  console.log(`  right service within ${MAX_TURNS} turns: ${routed.length}/${outcomes.length} = ${pct(routed.length, outcomes.length)}; median turns ${median(turns)}`);
  console.log(`  first reply: median ${median(outcomes.map((o) => o.firstChars))} characters, longest ${Math.max(...outcomes.map((o) => o.firstChars))}`);
  if (quiet) {
    // The held-out half's misses by line number only, so nobody tunes on their words.
    const lines = (os: RealOutcome[]) => os.map((o) => o.item.line).join(', ') || 'none';
    console.log(`  urgent misses (lines): ${lines(urgent.filter((o) => !o.urgentFirst))}`);
    console.log(`  false alarms (lines): ${lines(falseUrgent)}`);
  } else {
    for (const o of urgent.filter((o) => !o.urgentFirst)) console.log(`  URGENT MISS line ${o.item.line}${o.urgentAfterCheck ? ' (after check)' : ''}: ${short(o.item.text)}`);
    for (const o of falseUrgent) console.log(`  FALSE ALARM line ${o.item.line}: ${short(o.item.text)}`);
    for (const o of outcomes.filter((o) => !o.understood)) {
      console.log(`  NOT UNDERSTOOD line ${o.item.line} (${o.item.situations.join('/')}) got ${o.firstSituation ?? '-'}: ${short(o.item.text)}`);
    }
    for (const o of outcomes.filter((o) => o.routeTurn === undefined)) {
      console.log(`  NO ROUTE line ${o.item.line} (${o.item.expected_routes.join('/')}, ${o.item.region}): ${short(o.item.text)}`);
    }
  }
  return {
    urgentRecall: recalled.length / Math.max(1, urgent.length),
    falseUrgent: falseUrgent.length / Math.max(1, calm.length),
    understood: understood.length / Math.max(1, outcomes.length),
    routes: routed.length / Math.max(1, outcomes.length),
    medianTurns: median(turns)
  };
}
