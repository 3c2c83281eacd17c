// Urgent help for a set of urgent kinds, in the person's context: the one place that decides
// what urgent help says and which services it offers (content/urgent.yaml).
import type { Content } from '../content/load.js';
import { urgentServiceFields, urgentWording, type UrgentHelpContent, type UrgentReader } from '../content/schema.js';
import { inRegion, linesIn, type LocalisedKey } from '../content/localised.js';
import type { GuideContext } from '../../dialogs/guideMachine.js';
import { asksAboutAChild, URGENT_KINDS, type UrgentKind } from '../../dialogs/vocabulary.js';
import { bullets } from './markdown.js';

export interface UrgentHelp {
  /** Markdown: what to do now, most serious kind first. */
  text: string;
  /** Service ids, most important first, without repeats. */
  services: string[];
}

/** Risks to a child, whoever tells of them. */
const CHILD_RISKS: readonly UrgentKind[] = ['abuse', 'grooming'];

/** An adult asking about themself, not about a child. */
export const isAdultForThemself = (c: Pick<GuideContext, 'audience' | 'ageBand'>) =>
  c.audience === 'adult' || (c.audience === 'young-person' && c.ageBand === '18-plus');

/** A parent, carer or professional asking about someone who is 18 or over: the adults' help, told to them. */
export const isAboutAnAdult = (c: Pick<GuideContext, 'audience' | 'ageBand'>) => asksAboutAChild(c.audience) && c.ageBand === '18-plus';

/** Who is reading: an adult about themself, a carer about a child or about an adult, or the person it is about. */
function baseReader(context: Pick<GuideContext, 'audience' | 'ageBand'>): UrgentReader {
  if (isAdultForThemself(context)) return 'adult';
  if (isAboutAnAdult(context)) return 'carer-of-adult';
  if (asksAboutAChild(context.audience)) return 'carer';
  return context.audience === 'young-person' && (context.ageBand === '13-17' || context.ageBand === 'under-13') ? 'young' : 'child';
}

/**
 * The reader of this kind's help: someone worried about their own thoughts about a child has their
 * own words, where content writes them, and a young person among them (who said so) their own
 * helplines. Someone telling of a friend's risk is told what to do for both of them: a young person
 * in their own words, an adult in a carer's words for someone 18 or over.
 */
function readerOf(help: UrgentHelpContent, context: Pick<GuideContext, 'audience' | 'ageBand' | 'situation' | 'othersRisk'>): UrgentReader {
  const base = baseReader(context);
  // An adult who found images of children (on a partner's laptop), or who tells of someone grooming a
  // child, is not the one harmed: told, as a carer is, to keep the children near that person safe.
  if (base === 'adult' && CHILD_RISKS.includes(help.kind) && (context.situation === 'found-csam' || context.othersRisk?.includes(help.kind))) return 'carer';
  if (context.othersRisk?.includes(help.kind)) {
    if ((base === 'child' || base === 'young') && help.friendSteps) return 'friend';
    if (base === 'adult') return 'carer-of-adult';
  }
  if (context.situation !== 'own-thoughts' || help.ownThoughtsText === undefined) return base;
  return (base === 'child' || base === 'young') && context.audience === 'young-person' && help.ownThoughtsYoungSteps !== undefined ? 'own-thoughts-young' : 'own-thoughts';
}

/**
 * The urgent services for one kind in this context. Before the person has said where they live,
 * `unknown` (else the UK's, with "I'm not in the UK" offered beside them).
 */
export function urgentServices(
  kind: UrgentKind,
  context: Pick<GuideContext, 'audience' | 'ageBand' | 'region' | 'situation' | 'othersRisk'>,
  content: Pick<Content, 'urgent'>
): string[] {
  const help = content.urgent.get(kind);
  if (!help) return [];
  const key: LocalisedKey = context.region ?? 'unknown';
  const pick = (byRegion: typeof help.services) => byRegion[key] ?? (key === 'unknown' ? byRegion.uk : undefined);
  for (const field of urgentServiceFields(readerOf(help, context))) {
    const ids = pick(help[field]);
    if (ids) return [...ids];
  }
  return [];
}

/** A lead's sentences, each with its closing bold ("**It is never the child's fault.**" stays whole). */
const sentences = (text: string): string[] => text.split(/(?<=[.!?](?:\*\*)?) +/);

/**
 * Urgent help for every kind raised, most serious first, so the emergency number never sits below
 * anything else. Where two kinds say the same sentence or step ("It is never the child's fault.",
 * the emergency number), it is said once, where it first comes.
 */
export function urgentHelp(kinds: readonly UrgentKind[], context: GuideContext, content: Content): UrgentHelp {
  const texts: string[] = [];
  const services: string[] = [];
  const said = new Set<string>();
  const unsaid = (line: string): boolean => {
    if (said.has(line)) return false;
    said.add(line);
    return true;
  };
  for (const kind of URGENT_KINDS.filter((k) => kinds.includes(k))) {
    const help = content.urgent.get(kind);
    if (!help) continue;
    const reader = readerOf(help, context);
    const covered = help.coveredBy !== undefined && kinds.includes(help.coveredBy.kind) && help.coveredBy.readers.includes(reader);
    if (!covered) {
      const wording = urgentWording(help, reader);
      const lead = sentences(inRegion(wording.text, context.region)?.trim() ?? '').filter(unsaid).join(' ');
      const steps = linesIn(wording.steps, context.region).filter(unsaid);
      const text = [lead, steps.length ? bullets(steps) : ''].filter(Boolean).join('\n\n');
      if (text) texts.push(text); // a kind whose every line was said already adds no empty paragraph
    }
    for (const id of urgentServices(kind, context, content).map((id) => forImageAge(id, context))) if (!services.includes(id)) services.push(id);
  }
  return { text: texts.join('\n\n'), services };
}

/**
 * StopNCII takes only images of people 18 or over [S34]: for a picture taken under 18, which an
 * adult may be threatened with too ("from when I was 16"), Take It Down is the one that can help [S80].
 */
function forImageAge(id: string, context: GuideContext): string {
  return id === 'stopncii' && context.imageUnder18 === true ? 'take-it-down' : id;
}
