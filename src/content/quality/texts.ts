// Every text the guide shows, and who reads it: as pieces (each string in content/ once, for the
// phrase checks) and per region (what a person in each region reads, for the reading grade and
// the country check).
import { LOCALISED_KEYS, inRegion, linesIn, type Localised, type LocalisedKey } from '../localised.js';
import type { Content } from '../load.js';
import { answersIn, urgentWording, type Answer, type AnswerKey, type Service } from '../schema.js';
import { servesRegion } from '../routing.js';
import { servicesIn, textIn, type FollowUpAnswer } from '../followUps.js';
import { REGIONS, type Region } from '../../../dialogs/vocabulary.js';

export type Group = 'young people' | 'parents and professionals';

export interface ShownText {
  where: string;
  /** What kind of text it is, for the report: "young-person answers", "urgent help", ... */
  kind: string;
  text: string;
  /** Reading-grade group, or undefined when the text is not graded (e.g. who a service is for). */
  group?: Group;
  /** Exempt from the unconfirmed checks: the fact is marked unconfirmed and shown with a caveat. */
  caveated?: boolean;
}

export interface RegionText extends ShownText {
  /** Where the person reading it lives; `unknown` before they have said. */
  region: LocalisedKey;
}

export const groupOf = (who: AnswerKey): Group => (who === 'young-person' ? 'young people' : 'parents and professionals');

/** Each variant of a localised text once: "steps.2.au". */
function variants(where: string, value: Localised): { where: string; text: string }[] {
  if (typeof value === 'string') return [{ where, text: value }];
  return LOCALISED_KEYS.flatMap((key) => (value[key] ? [{ where: `${where}.${key}`, text: value[key] }] : []));
}

function answerPieces(answer: Answer): { where: string; text: string }[] {
  return [
    ...variants('text', answer.text),
    ...answer.steps.flatMap((step, i) => variants(`steps.${i + 1}`, step)),
    ...(answer.law ? variants('law', answer.law) : []),
    ...(answer.talk ? variants('talk', answer.talk) : []),
    ...answer.sayToChild.flatMap((line, i) => variants(`sayToChild.${i + 1}`, line))
  ];
}

/** An answer as a person in `region` reads it, lead to last tap-away section. */
export function answerIn(answer: Answer, region: Region): { lead: string; steps: string[]; body: string } {
  const lead = inRegion(answer.text, region) ?? '';
  const steps = linesIn(answer.steps, region);
  const sections = [answer.law, answer.talk].flatMap((s) => (s === undefined ? [] : [inRegion(s, region) ?? '']));
  return { lead, steps, body: [lead, ...steps, ...sections, ...linesIn(answer.sayToChild, region)].join('\n') };
}

/** Urgent help as a person in `region` reads it. */
export function urgentIn(help: { text: Localised; steps: readonly Localised[] }, region: LocalisedKey): string {
  const at = region === 'unknown' ? undefined : region;
  return [inRegion(help.text, at) ?? '', ...linesIn(help.steps, at)].join('\n');
}

/** The words of a service card in `region` (all of them when undefined): what it does, who it is for, its cost and notes. */
export function cardTexts(service: Service, region?: Region): ShownText[] {
  const card = { kind: 'service cards' };
  const notes = service.notes.filter((n) => !region || !n.regions || n.regions.includes(region));
  return [
    { ...card, where: `service ${service.id}.does`, text: service.does.value, group: 'young people', caveated: !!service.does.unconfirmed },
    { ...card, where: `service ${service.id}.for`, text: service.for.value, caveated: !!service.for.unconfirmed },
    ...(service.cost ? [{ ...card, where: `service ${service.id}.cost`, text: service.cost.value, caveated: !!service.cost.unconfirmed }] : []),
    ...notes.map((note) => ({ ...card, where: `service ${service.id}.notes.${service.notes.indexOf(note)}`, text: note.value, caveated: !!note.unconfirmed }))
  ];
}

/** Every string in content/ that a person can read, once each. */
export function pieces(content: Content): ShownText[] {
  const texts: ShownText[] = [];
  for (const situation of content.situations.values()) {
    for (const [who, label] of Object.entries(situation.labels)) {
      if (label) texts.push({ where: `situations/${situation.id} label.${who}`, kind: 'menu labels', text: label, group: groupOf(who as AnswerKey) });
    }
    for (const { where, who, answer } of answersIn(situation)) {
      for (const piece of answerPieces(answer)) {
        texts.push({ where: `situations/${situation.id} ${where} ${piece.where}`, kind: `${who} answers`, text: piece.text });
      }
    }
  }
  for (const help of content.urgent.values()) {
    for (const [field, text] of [['text', help.text], ['carerText', help.carerText]] as const) {
      if (text) texts.push(...variants(field, text).map((v) => ({ where: `urgent ${help.kind} ${v.where}`, kind: 'urgent help', text: v.text })));
    }
    help.steps.forEach((step, i) =>
      texts.push(...variants(`steps.${i + 1}`, step).map((v) => ({ where: `urgent ${help.kind} ${v.where}`, kind: 'urgent help', text: v.text })))
    );
    for (const [field, steps] of [['adultSteps', help.adultSteps], ['carerSteps', help.carerSteps]] as const) {
      (steps ?? []).forEach((step, i) =>
        texts.push(...variants(`${field}.${i + 1}`, step).map((v) => ({ where: `urgent ${help.kind} ${v.where}`, kind: 'urgent help', text: v.text })))
      );
    }
  }
  for (const followUp of content.conversation.followUps.values()) {
    for (const [who, label] of Object.entries(followUp.label)) {
      if (label) texts.push({ where: `followups/${followUp.id} label.${who}`, kind: 'menu labels', text: label, group: groupOf(who as AnswerKey) });
    }
    followUp.answers.forEach((answer, i) => {
      for (const v of variants('text', answer.text)) {
        texts.push({ where: `followups/${followUp.id} answer ${i + 1} ${v.where}`, kind: 'follow-up answers', text: v.text, group: followUpGroup(answer) });
      }
    });
  }
  for (const [key, value] of Object.entries(content.words)) {
    for (const { where, text } of variants(`words ${key}`, value)) texts.push({ where, kind: 'words.yaml', text, group: 'young people' });
  }
  for (const service of content.services.values()) texts.push(...cardTexts(service));
  return texts;
}

/** A follow-up answer only for adults is graded as theirs; one a young person may read, as theirs. */
const followUpGroup = (answer: FollowUpAnswer): Group =>
  answer.audience && !answer.audience.includes('young-person') ? 'parents and professionals' : 'young people';

/**
 * Follow-up answers as a person in each region reads them, with the names of the services they
 * offer there (so a service from another country is caught like a name in the words).
 */
function followUpTexts(content: Content): RegionText[] {
  const texts: RegionText[] = [];
  for (const followUp of content.conversation.followUps.values()) {
    followUp.answers.forEach((answer, i) => {
      for (const region of REGIONS) {
        const offered = servicesIn(answer.services, region).map((id) => content.services.get(id)?.name ?? id);
        texts.push({
          region,
          where: `followups/${followUp.id} answer ${i + 1} (${region})`,
          kind: 'follow-up answers',
          text: [textIn(answer.text, region), ...offered].join('\n')
        });
      }
    });
  }
  return texts;
}

/** What a person in each region reads: answers, urgent help, the words, and the service cards shown there. */
export function regionTexts(content: Content): RegionText[] {
  const texts: RegionText[] = [];
  for (const situation of content.situations.values()) {
    for (const { where, who, answer } of answersIn(situation)) {
      for (const region of REGIONS) {
        texts.push({
          region,
          where: `situations/${situation.id} ${where} (${region})`,
          kind: `${who} answers`,
          text: answerIn(answer, region).body,
          group: groupOf(who as AnswerKey)
        });
      }
    }
  }
  for (const help of content.urgent.values()) {
    for (const region of LOCALISED_KEYS) {
      texts.push({ region, where: `urgent ${help.kind} (${region})`, kind: 'urgent help', text: urgentIn(help, region), group: 'young people' });
      const readers = [
        ['adults', 'adult', help.adultSteps, 'parents and professionals'],
        ['carers', 'carer', help.carerSteps ?? help.carerText, 'parents and professionals'],
        ['carers of someone 18 or over', 'carer-of-adult', help.aboutAdultSteps ?? help.aboutAdultText, 'parents and professionals'],
        ['someone worried about their own thoughts', 'own-thoughts', help.ownThoughtsText, 'parents and professionals'],
        ['a young person worried about their own thoughts', 'own-thoughts-young', help.ownThoughtsYoungSteps, 'young people'],
        ['a young person worried about a friend', 'friend', help.friendSteps, 'young people']
      ] as const;
      for (const [who, reader, own, group] of readers) {
        if (own) texts.push({ region, where: `urgent ${help.kind} for ${who} (${region})`, kind: 'urgent help', text: urgentIn(urgentWording(help, reader), region), group });
      }
    }
  }
  texts.push(...followUpTexts(content));
  // A word the same everywhere is shown wherever the person lives, often before we know: it may not
  // name any country's help. A word written per country is held to that country's.
  for (const [key, value] of Object.entries(content.words)) {
    if (typeof value === 'string') texts.push({ region: 'unknown', where: `words ${key}`, kind: 'words.yaml', text: value });
    else for (const [region, text] of Object.entries(value)) texts.push({ region: region as LocalisedKey, where: `words ${key}.${region}`, kind: 'words.yaml', text });
  }
  for (const service of content.services.values()) {
    for (const region of REGIONS.filter((r) => servesRegion(service, r))) {
      texts.push(...cardTexts(service, region).map((t) => ({ ...t, region, where: `${t.where} (${region})`, group: undefined })));
    }
  }
  return texts;
}
