// Urgent help for a set of urgent kinds, in the person's context: the one place that decides
// what urgent help says and which services it offers (content/urgent.yaml).
import type { Content } from '../content/load.js';
import type { GuideContext } from '../../dialogs/guideMachine.js';
import { URGENT_KINDS, type UrgentKind } from '../../dialogs/vocabulary.js';
import { bullets } from './markdown.js';

export interface UrgentHelp {
  /** Markdown: what to do now, most serious kind first. */
  text: string;
  /** Service ids, most important first, without repeats. */
  services: string[];
}

/** An adult asking about themself, not about a child. */
export const isAdultForThemself = (c: Pick<GuideContext, 'audience' | 'ageBand'>) =>
  c.audience === 'adult' || (c.audience === 'young-person' && c.ageBand === '18-plus');

/** The urgent services for one kind in this context (UK until the person says otherwise). */
export function urgentServices(
  kind: UrgentKind,
  context: Pick<GuideContext, 'audience' | 'ageBand' | 'region'>,
  content: Pick<Content, 'urgent'>
): string[] {
  const help = content.urgent.get(kind);
  if (!help) return [];
  const region = context.region ?? 'uk';
  const adult = isAdultForThemself(context) ? help.adultServices[region] : undefined;
  return [...(adult ?? help.services[region] ?? help.services.other ?? help.services.uk ?? [])];
}

/** Urgent help for every kind raised, most serious first, so "call 999" never sits below anything else. */
export function urgentHelp(kinds: readonly UrgentKind[], context: GuideContext, content: Content): UrgentHelp {
  const texts: string[] = [];
  const services: string[] = [];
  for (const kind of URGENT_KINDS.filter((k) => kinds.includes(k))) {
    const help = content.urgent.get(kind);
    if (!help) continue;
    texts.push([help.text.trim(), help.steps.length ? bullets(help.steps) : ''].filter(Boolean).join('\n\n'));
    for (const id of urgentServices(kind, context, content)) if (!services.includes(id)) services.push(id);
  }
  return { text: texts.join('\n\n'), services };
}
