// Routes: every combination the dialog can reach gets services, each one from the person's own
// region (or global, or a region the service also serves), and none offered to someone it is
// not for (content/quality.yaml `routing.forbid`).
import type { Slots } from '../../../dialogs/events.js';
import { AGE_BANDS, AUDIENCES, REGIONS, RESPONSIBLE_SITUATIONS, SITUATIONS, type AgeBand, type Audience, type Region, type SituationId } from '../../../dialogs/vocabulary.js';
import type { Content } from '../load.js';
import { routeFor, servesRegion } from '../routing.js';
import { URGENT_SERVICE_FIELDS } from '../schema.js';
import { error, type Finding, type QualityConfig, type When } from './rules.js';

export interface Combination extends Slots {
  situation: SituationId;
  audience: Audience;
  region: Region;
}

/** An adult may say how old they were in these pictures, or be asked (and answer "not sure"). */
const OWN_PICTURE_ASKED: readonly SituationId[] = ['image-shared', 'sent-image', 'sextortion'];

/**
 * Every combination the dialog can answer. Young people and parents are always asked an age
 * band. Professionals and adults are not asked, but may say one in their own words ("a pupil
 * of 15", "I'm an adult"), so those are included too. An adult whose image was shared says
 * whether they were under 18 in it, or is not sure (and may say so about an image they sent, or
 * are being blackmailed with). Someone who shared another person's picture is not asked. Any
 * situation can be reached by any audience (typed words, urgent help), not only those whose menu
 * shows it.
 */
export function reachableCombinations(): Combination[] {
  const all: Combination[] = [];
  for (const situation of SITUATIONS) {
    for (const who of AUDIENCES) {
      // A young person is not asked an age (their button says under 18) but may say one.
      const bands: (AgeBand | undefined)[] =
        who === 'parent' ? [...AGE_BANDS] : who === 'young-person' || who === 'professional' ? [undefined, ...AGE_BANDS] : [undefined, '18-plus'];
      const imageAges: (boolean | undefined)[] =
        who !== 'adult' ? [undefined] : OWN_PICTURE_ASKED.includes(situation) ? [undefined, false, true] : [undefined];
      for (const ageBand of bands) {
        for (const imageUnder18 of imageAges) {
          for (const where of REGIONS) {
            all.push({ situation, audience: who, region: where, ...(ageBand && { ageBand }), ...(imageUnder18 !== undefined && { imageUnder18 }) });
          }
        }
        // Someone who shared another person's picture is not asked how old they were in it.
        if (RESPONSIBLE_SITUATIONS.includes(situation)) {
          for (const where of REGIONS) all.push({ situation, audience: who, region: where, ...(ageBand && { ageBand }), responsible: true });
        }
      }
    }
  }
  return all;
}

export function describeCombination(c: Combination): string {
  return [
    c.situation,
    c.audience,
    c.ageBand,
    c.region,
    c.imageUnder18 === undefined ? undefined : c.imageUnder18 ? 'under 18 in image' : '18+ in image',
    c.responsible && 'shared by them'
  ]
    .filter(Boolean)
    .join(' / ');
}

function whenMatches(when: When, c: Combination): boolean {
  return (
    (!when.situation || when.situation.includes(c.situation)) &&
    (!when.audience || when.audience.includes(c.audience)) &&
    (!when.ageBand || when.ageBand.includes(c.ageBand ?? 'unsaid')) &&
    (!when.region || when.region.includes(c.region)) &&
    (when.imageUnder18 === undefined || when.imageUnder18 === c.imageUnder18) &&
    (when.responsible === undefined || when.responsible === (c.responsible === true))
  );
}

/** A service offered in `region` must serve it; null when it does. */
function wrongRegion(id: string, region: Region, content: Content): string | null {
  const service = content.services.get(id);
  if (!service) return `offers "${id}", which is not a service`;
  if (servesRegion(service, region)) return null;
  return `offers "${id}" (${service.region}) in ${region}: it does not serve there (give it alsoServes, with a source, if it does)`;
}

export function checkRoutes(content: Content, config: QualityConfig): { findings: Finding[]; combinations: number } {
  const findings: Finding[] = [];
  const combinations = reachableCombinations();
  for (const id of config.routing.forbid.map((f) => f.service)) {
    if (!content.services.has(id)) findings.push(error('routes', 'quality.yaml routing', `names "${id}", which is not a service`));
  }
  for (const c of combinations) {
    const rule = routeFor(c, content);
    const where = `routes: ${describeCombination(c)}`;
    if (!rule || (rule.services.length === 0 && c.region !== 'other')) {
      findings.push(error('routes', where, 'gets no service: add a rule to routes.yaml'));
      continue;
    }
    for (const id of rule.services) {
      const wrong = wrongRegion(id, c.region, content);
      if (wrong) findings.push(error('routes', where, wrong));
      for (const forbid of config.routing.forbid) {
        if (forbid.service === id && whenMatches(forbid.when, c)) findings.push(error('routes', where, `offers "${id}": ${forbid.why}`));
      }
    }
  }
  for (const help of content.urgent.values()) {
    for (const [key, ids] of URGENT_SERVICE_FIELDS.flatMap((field) => Object.entries(help[field]))) {
      for (const id of ids ?? []) {
        const wrong = wrongRegion(id, key === 'unknown' ? 'uk' : (key as Region), content);
        if (wrong) findings.push(error('routes', `urgent ${help.kind}.${key}`, wrong));
      }
    }
  }
  return { findings, combinations: combinations.length };
}
