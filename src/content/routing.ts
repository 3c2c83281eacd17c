// Which services an answer offers: the first rule of content/routes.yaml that matches what we
// know. Pure content, so the quality checks and the renderer share one home for it.
import type { Slots } from '../../dialogs/events.js';
import type { AgeBand, Region } from '../../dialogs/vocabulary.js';
import type { Content } from './load.js';
import type { RouteRule, Service } from './schema.js';

/** A young person who has not said an age is under 18 (that is what their button says): either band fits. */
function agesOf(slots: Slots): AgeBand[] {
  if (slots.ageBand) return [slots.ageBand];
  return slots.audience === 'young-person' ? ['under-13', '13-17'] : [];
}

function matches(rule: RouteRule, slots: Slots, region: Region): boolean {
  const situation = rule.situation;
  return (
    (situation === '*' || (Array.isArray(situation) ? situation.includes(slots.situation!) : situation === slots.situation)) &&
    (!rule.audience || (slots.audience !== undefined && rule.audience.includes(slots.audience))) &&
    (!rule.ageBand || agesOf(slots).some((band) => rule.ageBand!.includes(band))) &&
    rule.region?.includes(region) !== false &&
    (rule.imageUnder18 === undefined || rule.imageUnder18 === slots.imageUnder18) &&
    (rule.responsible === undefined || slots.responsible === true)
  );
}

/** The first matching rule (the UK's when the region is unknown), or undefined. */
export function routeFor(slots: Slots, content: Pick<Content, 'routes'>): RouteRule | undefined {
  const region = slots.region ?? 'uk';
  return content.routes.find((rule) => matches(rule, slots, region));
}

/** The service ids for what we know, most important first. */
export function servicesFor(slots: Slots, content: Pick<Content, 'routes'>): string[] {
  return [...(routeFor(slots, content)?.services ?? [])];
}

/** The regions a service serves: its own, any it also serves, or all of them when it is global. */
export function servesRegion(service: Pick<Service, 'region' | 'alsoServes'>, region: Region): boolean {
  return service.region === 'global' || service.region === region || service.alsoServes.includes(region);
}
