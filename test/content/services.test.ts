// content/services/*.yaml and content/sources.yaml: every file matches the schema, every
// fact cites a source that exists, and the service ids other content relies on are there.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { ServicesFileSchema, SourcesSchema, type Service } from '../../src/content/schema.js';

const contentDir = fileURLToPath(new URL('../../content/', import.meta.url));
const servicesDir = `${contentDir}services/`;

const readYaml = (path: string): unknown => parse(readFileSync(path, 'utf8'));

const serviceFiles = readdirSync(servicesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Region per file, for the files this test knows about. */
const FILE_REGION: Record<string, Service['region']> = {
  'global.yaml': 'global',
  'uk.yaml': 'uk',
  'ie.yaml': 'ie',
  'us.yaml': 'us',
  'au.yaml': 'au',
  'ca.yaml': 'ca'
};

/** Ids the routes, urgent help and situations refer to: a fixed contract. */
const UK_CONTRACT = [
  'childline',
  'report-remove',
  'ceop',
  'nspcc-helpline',
  'iwf',
  'take-it-down',
  'marie-collins-foundation',
  'revenge-porn-helpline',
  'stopncii',
  'stop-it-now',
  'samaritans',
  'shout',
  'emergency-999',
  'police-101',
  'posh'
];
const OTHER_CONTRACT: Record<string, string[]> = {
  global: ['take-it-down', 'stopncii'],
  ie: ['childline-ie', 'hotline-ie', 'emergency-112-ie', 'samaritans-ie'],
  us: ['ncmec-cybertipline', 'lifeline-988', 'emergency-911-us', 'stop-it-now-us'],
  au: ['esafety', 'kids-helpline-au', 'emergency-000', 'lifeline-au', 'stop-it-now-au', 'accce-au'],
  ca: ['cybertip-ca', 'needhelpnow-ca', 'kids-help-phone', 'emergency-911-ca', 'crisis-988-ca']
};
const URGENT = [
  'emergency-112-ie',
  'samaritans-ie',
  'emergency-911-us',
  'emergency-911-ca',
  'crisis-988-ca',
  'lifeline-au',
  'accce-au',
  'childline',
  'ceop',
  'emergency-999',
  'police-101',
  'samaritans',
  'shout',
  'nspcc-helpline',
  'lifeline-988',
  'kids-helpline-au',
  'kids-help-phone',
  'childline-ie',
  'emergency-000',
  'revenge-porn-helpline'
];
/** The day the facts were first checked against the fact sheet's stored sources. */
const FIRST_CHECKED = '2026-11-27';

/** Every `sources` array anywhere inside a parsed YAML value. */
function citedSourceIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) citedSourceIds(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'sources' && Array.isArray(child)) {
        for (const id of child) into.add(String(id));
      } else {
        citedSourceIds(child, into);
      }
    }
  }
  return into;
}

/** Every fact object (`{ value, sources, checked }`) anywhere inside a parsed YAML value. */
function facts(value: unknown, into: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    for (const item of value) facts(item, into);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('value' in record && 'sources' in record) into.push(record);
    else for (const child of Object.values(record)) facts(child, into);
  }
  return into;
}

const parsedFiles = serviceFiles.map((file) => ({ file, raw: readYaml(`${servicesDir}${file}`) }));
const allServices: { file: string; service: Service }[] = parsedFiles.flatMap(({ file, raw }) => {
  const result = ServicesFileSchema.safeParse(raw);
  return result.success ? result.data.services.map((service) => ({ file, service })) : [];
});

describe('content/sources.yaml', () => {
  it('matches SourcesSchema', () => {
    const result = SourcesSchema.safeParse(readYaml(`${contentDir}sources.yaml`));
    expect(result.success, result.success ? '' : JSON.stringify(result.error.issues, null, 2)).toBe(true);
  });
});

describe('content/services/*.yaml', () => {
  it('has a file per region', () => {
    expect(serviceFiles).toEqual(expect.arrayContaining(Object.keys(FILE_REGION)));
  });

  it.each(serviceFiles)('%s matches ServicesFileSchema', (file) => {
    const result = ServicesFileSchema.safeParse(readYaml(`${servicesDir}${file}`));
    expect(result.success, result.success ? '' : JSON.stringify(result.error.issues, null, 2)).toBe(true);
  });

  it.each(serviceFiles)('%s only holds services of its own region', (file) => {
    const region = FILE_REGION[file];
    if (!region) return;
    const wrong = allServices.filter((s) => s.file === file && s.service.region !== region).map((s) => s.service.id);
    expect(wrong).toEqual([]);
  });

  it('cites only sources listed in content/sources.yaml', () => {
    const sources = SourcesSchema.parse(readYaml(`${contentDir}sources.yaml`));
    const cited = new Set<string>();
    for (const { raw } of parsedFiles) citedSourceIds(raw, cited);
    const missing = [...cited].filter((id) => !(id in sources));
    expect(missing).toEqual([]);
  });

  it('dates every fact with a real day, not in the future, when it was checked', () => {
    const today = new Date().toISOString().slice(0, 10);
    const badlyDated = parsedFiles.flatMap(({ file, raw }) =>
      facts(raw)
        .filter((f) => {
          const checked = String(f.checked);
          const parsed = new Date(`${checked}T00:00:00Z`);
          return (
            Number.isNaN(parsed.getTime()) ||
            parsed.toISOString().slice(0, 10) !== checked ||
            checked < FIRST_CHECKED ||
            checked > today
          );
        })
        .map((f) => `${file}: ${JSON.stringify(f.value)} checked ${String(f.checked)}`)
    );
    expect(badlyDated).toEqual([]);
  });

  it('marks a fact unconfirmed with an UNCONFIRMED register id (U1 to U31), or `unsourced`', () => {
    const bad = parsedFiles.flatMap(({ raw }) =>
      facts(raw)
        .map((f) => f.unconfirmed)
        .filter((u): u is string => typeof u === 'string' && u !== 'unsourced')
        .filter((u) => {
          const n = Number(u.slice(1));
          return !(n >= 1 && n <= 31);
        })
    );
    expect(bad).toEqual([]);
  });

  it('defines no service id twice', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { file, service } of allServices) {
      const first = seen.get(service.id);
      if (first) duplicates.push(`${service.id} (${first} and ${file})`);
      else seen.set(service.id, file);
    }
    expect(duplicates).toEqual([]);
  });

  it.each(UK_CONTRACT)('defines UK contract id %s exactly once', (id) => {
    expect(allServices.filter((s) => s.service.id === id)).toHaveLength(1);
  });

  it.each(Object.entries(OTHER_CONTRACT))('defines the %s contract ids', (region, ids) => {
    const defined = allServices.map((s) => s.service.id);
    expect(defined).toEqual(expect.arrayContaining(ids));
    const notInRegion = ids.filter((id) => allServices.find((s) => s.service.id === id)?.service.region !== region);
    expect(notInRegion).toEqual([]);
  });

  it('makes the tools that work anywhere global, and nothing else', () => {
    const global = allServices.filter((s) => s.service.region === 'global').map((s) => s.service.id);
    expect(global.sort()).toEqual(['stopncii', 'take-it-down']);
  });

  it('marks exactly the urgent-help services as urgent', () => {
    const urgent = allServices.filter((s) => s.service.urgent).map((s) => s.service.id);
    expect(urgent.sort()).toEqual([...URGENT].sort());
  });

  it('gives every country we cover its own emergency number, from a source found for the audit', () => {
    const emergency = Object.fromEntries(
      allServices.filter((s) => s.service.id.startsWith('emergency-')).map((s) => [s.service.region, s.service.phone?.value.dial])
    );
    expect(emergency).toEqual({ uk: '999', ie: '112', us: '911', au: '000', ca: '911' });
  });

  it('dials digits only, with a country code for calls from abroad', () => {
    for (const { service } of allServices) {
      if (service.phone) expect(service.phone.value.dial).toMatch(/^\+?\d+$/);
      if (service.phoneFromAbroad) expect(service.phoneFromAbroad.value.dial).toMatch(/^\+\d+$/);
    }
  });

  it('has a time zone Intl knows for every weekly timetable', () => {
    for (const { service } of allServices) {
      const hours = service.hours.value;
      if ('timeZone' in hours) {
        expect(() => new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone })).not.toThrow();
      }
    }
  });

  it('shows phone numbers the same as they dial', () => {
    const mismatched = allServices.flatMap(({ service }) =>
      [service.phone, service.phoneFromAbroad]
        .filter((p) => p !== undefined)
        .filter((p) => {
          // Letters in a display (1-800-THE-LOST) are an alias shown in brackets after the digits.
          const digits = p.value.display.replace(/\(.*\)/, '').replace(/[^\d+]/g, '');
          return digits !== p.value.dial;
        })
        .map((p) => `${service.id}: ${p.value.display} vs ${p.value.dial}`)
    );
    expect(mismatched).toEqual([]);
  });
});
