// Every audience that can meet a situation has its own answer; every answer has words for every
// region, at most `phone.maxSteps` steps and a first reply that fits a phone (./phone.ts); urgent
// help exists for every kind and region, fits a phone's first screen too, with the emergency
// number first where a life may be at risk, a crisis line for self-harm, and honesty where we do
// not know the local services.
import { LOCALISED_KEYS, inRegion, linesIn } from '../localised.js';
import type { Content } from '../load.js';
import { URGENT_READERS, URGENT_SERVICE_FIELDS, answersIn, urgentWording, type UrgentHelpContent, type UrgentReader } from '../schema.js';
import { REGIONS, RESPONSIBLE_ANSWERS_IN, SITUATIONS, URGENT_KINDS, type Audience } from '../../../dialogs/vocabulary.js';
import { digitsOf, phoneNumbersIn } from './numbers.js';
import { checkAnswerFits, checkFirstScreen, firstReplyLength } from './phone.js';
import { error, type Finding, type QualityConfig } from './rules.js';
import { answerIn, urgentIn } from './texts.js';

function checkAnswers(content: Content, config: QualityConfig): Finding[] {
  const findings: Finding[] = [];
  for (const id of SITUATIONS) {
    const situation = content.situations.get(id);
    if (!situation) {
      findings.push(error('coverage', `situations/${id}`, 'has no content/situations file'));
      continue;
    }
    const required = config.answers[id] ?? [];
    if (required.length === 0) findings.push(error('coverage', `situations/${id}`, 'quality.yaml `answers` does not say who meets it'));
    for (const who of required) if (!situation.answers[who]) findings.push(error('coverage', `situations/${id}`, `has no answer for ${who}`));
    // The answers for the one who shared someone else's picture live in one file (dialogs/vocabulary.ts).
    if (situation.responsible && id !== RESPONSIBLE_ANSWERS_IN) {
      findings.push(error('coverage', `situations/${id} responsible`, `is never shown: answers for the one responsible live in situations/${RESPONSIBLE_ANSWERS_IN}`));
    }
    if (id === RESPONSIBLE_ANSWERS_IN) {
      for (const who of ['young-person', 'parent', 'adult'] as const) {
        if (!situation.responsible?.[who]) findings.push(error('coverage', `situations/${id} responsible`, `has no answer for ${who}`));
      }
    }
    for (const who of Object.keys(situation.labels)) {
      if (!situation.answers[who as Audience]) findings.push(error('coverage', `situations/${id} label.${who}`, `is offered to ${who}, who has no answer`));
    }
    for (const { where: who, answer } of answersIn(situation)) {
      for (const region of REGIONS) {
        const { lead, steps } = answerIn(answer, region);
        const where = `situations/${id} ${who} (${region})`;
        if (!lead.trim()) findings.push(error('coverage', where, 'has no lead text for this region'));
        if (steps.length === 0) findings.push(error('coverage', where, 'has no step for this region: say what to do now'));
        if (steps.length > config.phone.maxSteps) {
          findings.push(error('coverage', where, `has ${steps.length} steps: at most ${config.phone.maxSteps}, move the rest to law, talk or sayToChild`));
        }
        const length = firstReplyLength(lead, steps);
        if (length > config.phone.firstReplyMaxChars) {
          findings.push(error('coverage', where, `lead and steps are ${length} characters: at most ${config.phone.firstReplyMaxChars}, to fit a phone`));
        }
        findings.push(...checkAnswerFits(where, lead, steps, config.phone));
      }
    }
  }
  return findings;
}

/** How a finding names whose wording it is about ("urgent self-harm for a carer (uk)"). */
const FOR_READER: Record<UrgentReader, string> = {
  child: '',
  young: ' for a young person under 18',
  adult: ' for an adult',
  carer: ' for a carer',
  'carer-of-adult': ' for a carer of someone 18 or over',
  'own-thoughts': ' for someone worried about their own thoughts',
  'own-thoughts-young': ' for a young person worried about their own thoughts',
  friend: ' for a young person worried about a friend'
};

/** The emergency number first where a life may be at risk, a crisis line for self-harm, honesty elsewhere. */
function checkUrgentHelp(kind: (typeof URGENT_KINDS)[number], help: UrgentHelpContent, content: Content, config: QualityConfig): Finding[] {
  const findings: Finding[] = [];
  const where = `urgent ${kind}`;
  // Parents write most often about their child: the default words speak to the one at risk.
  if (!help.carerSteps) findings.push(error('coverage', where, 'has no carerSteps: write what a parent, carer or professional does now'));
  // A parent asking about someone 18 or over: the carer's words would send them to children's services.
  if (!help.aboutAdultSteps || Object.keys(help.aboutAdultServices).length === 0) {
    findings.push(error('coverage', where, 'has no aboutAdultSteps and aboutAdultServices: write what a parent does for someone 18 or over'));
  }
  for (const reader of URGENT_READERS) {
    const wording = urgentWording(help, reader);
    for (const key of LOCALISED_KEYS) {
      const at = key === 'unknown' ? undefined : key;
      const text = inRegion(wording.text, at);
      const label = `${where}${FOR_READER[reader]} (${key})`;
      if (text === undefined) findings.push(error('coverage', label, 'has no text for this region'));
      else findings.push(...checkFirstScreen(label, text, linesIn(wording.steps, at), config.phone, false));
    }
  }
  for (const region of REGIONS) {
    const at = `${where} (${region})`;
    const info = content.regions[region];
    const services = help.services[region];
    if (!services) {
      findings.push(error('coverage', at, 'lists no services for this region: list them, or [] where we know none'));
      continue;
    }
    const lists = URGENT_SERVICE_FIELDS.map((field) => help[field][region]).filter((ids) => ids !== undefined);
    const said = urgentIn(help, region);
    if (config.lifeAtRisk.includes(kind)) {
      if (info.emergencyService && lists.some((ids) => ids[0] !== info.emergencyService)) {
        findings.push(error('coverage', at, `a life may be at risk: ${info.emergencyService} comes first`));
      }
      // Whoever reads it (the person at risk, an adult about themself, a carer) is told the number.
      for (const reader of URGENT_READERS) {
        const read = urgentIn(urgentWording(help, reader), region);
        const numbers = phoneNumbersIn(read).map(digitsOf);
        const named = info.emergency.length > 0 ? info.emergency.some((n) => numbers.includes(n)) : /local emergency number/i.test(read);
        if (!named) findings.push(error('coverage', `${where}${FOR_READER[reader]} (${region})`, `a life may be at risk: say to call ${info.emergency.join(' or ') || 'the local emergency number'}`));
      }
    }
    if (kind === 'self-harm' && info.crisisServices.length > 0 && lists.some((ids) => !ids.some((id) => info.crisisServices.includes(id)))) {
      findings.push(error('coverage', at, `offers no crisis line (${info.crisisServices.join(', ')})`));
    }
    if (services.length === 0 && !/don't know|do not know/i.test(said)) {
      findings.push(error('coverage', at, 'offers no service: say honestly that we don\'t know the services there'));
    }
  }
  return findings;
}

/** Urgent help and an answer, shown together, still fit a phone. */
function checkTogether(content: Content, config: QualityConfig): Finding[] {
  const findings: Finding[] = [];
  for (const help of content.urgent.values()) {
    for (const region of REGIONS) {
      const urgent = urgentIn(help, region).length;
      for (const situation of content.situations.values()) {
        for (const { where: who, answer } of answersIn(situation)) {
          const { lead, steps } = answerIn(answer, region);
          const total = urgent + firstReplyLength(lead, steps);
          if (total > config.phone.withUrgentMaxChars) {
            findings.push(
              error('coverage', `urgent ${help.kind} + situations/${situation.id} ${who} (${region})`, `together are ${total} characters: at most ${config.phone.withUrgentMaxChars}`)
            );
          }
        }
      }
    }
  }
  return findings;
}

export function checkCoverage(content: Content, config: QualityConfig): Finding[] {
  const findings = checkAnswers(content, config);
  for (const kind of URGENT_KINDS) {
    const help = content.urgent.get(kind);
    if (!help) findings.push(error('coverage', `urgent ${kind}`, 'has no urgent help'));
    else findings.push(...checkUrgentHelp(kind, help, content, config));
  }
  findings.push(...checkTogether(content, config));
  return findings;
}
