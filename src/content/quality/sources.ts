// Every fact, answer, urgent text and region cites a source in sources.yaml and the day someone
// checked it; anything checked more than `freshness.maxAgeMonths` ago is listed (or fails, strict).
import type { Content } from '../load.js';
import { answersIn } from '../schema.js';
import { error, type Finding, type QualityConfig } from './rules.js';

interface Provenanced {
  where: string;
  sources: readonly string[];
  checked: string;
}

function provenancedFacts(content: Content): Provenanced[] {
  const facts: Provenanced[] = [];
  for (const service of content.services.values()) {
    for (const [field, value] of Object.entries(service)) {
      if (value && typeof value === 'object' && 'sources' in value && 'checked' in value) {
        facts.push({ where: `service ${service.id}.${field}`, ...(value as Omit<Provenanced, 'where'>) });
      }
    }
    service.notes.forEach((note, i) => facts.push({ where: `service ${service.id}.notes.${i}`, ...note }));
  }
  for (const situation of content.situations.values()) {
    for (const { where, answer } of answersIn(situation)) {
      facts.push({ where: `situations/${situation.id} ${where}`, sources: answer.sources, checked: answer.checked });
    }
  }
  for (const help of content.urgent.values()) facts.push({ where: `urgent ${help.kind}`, sources: help.sources, checked: help.checked });
  for (const [where, info] of Object.entries(content.regions)) facts.push({ where: `regions.yaml ${where}`, sources: info.sources, checked: info.checked });
  return facts;
}

function isRealDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

function monthsBefore(today: Date, months: number): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, today.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

export function checkSources(content: Content, config: QualityConfig, today: Date, strict: boolean): { findings: Finding[]; facts: number; stale: number } {
  const findings: Finding[] = [];
  const facts = provenancedFacts(content);
  const todayIso = today.toISOString().slice(0, 10);
  const oldest = monthsBefore(today, config.freshness.maxAgeMonths);
  const failStale = strict || config.freshness.failWhenStale;
  let stale = 0;
  for (const fact of facts) {
    if (!fact.sources || fact.sources.length === 0) findings.push(error('sources', fact.where, 'has no source: add the [S#] ids it comes from'));
    for (const id of fact.sources ?? []) {
      if (!(id in content.sources)) findings.push(error('sources', fact.where, `cites ${id}, which is not in sources.yaml`));
    }
    if (!fact.checked || !isRealDay(fact.checked)) {
      findings.push(error('sources', fact.where, `has no real "checked" day (YYYY-MM-DD), got "${fact.checked ?? ''}"`));
    } else if (fact.checked > todayIso) {
      findings.push(error('sources', fact.where, `was "checked" on ${fact.checked}, after today (${todayIso})`));
    } else if (fact.checked < oldest) {
      stale += 1;
      findings.push({
        check: 'sources',
        level: failStale ? 'error' : 'warning',
        where: fact.where,
        message: `last checked ${fact.checked}, more than ${config.freshness.maxAgeMonths} months ago: check it against its source and update "checked"`
      });
    }
  }
  return { findings, facts: facts.length, stale };
}
