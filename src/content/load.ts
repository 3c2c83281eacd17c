// Loads content/ (YAML), validates it against the schema and the cross-references
// between files, and returns one read-only object for the rest of the bot.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  RegionsFileSchema,
  RoutesFileSchema,
  ServicesFileSchema,
  SituationSchema,
  SourcesSchema,
  URGENT_SERVICE_FIELDS,
  answersIn,
  UrgentFileSchema,
  WordsSchema,
  type RegionInfo,
  type RouteRule,
  type Service,
  type Situation,
  type UrgentHelpContent
} from './schema.js';
import type { Words } from './wordKeys.js';
import { PROJECT_DIR } from '../projectDir.js';
import type { Region, SituationId, UrgentKind } from '../../dialogs/vocabulary.js';
import { conversationReferenceProblems, loadConversationContent, type ConversationContent } from './followUps.js';

export const DEFAULT_CONTENT_DIR = join(PROJECT_DIR, 'content');

export interface Content {
  sources: z.infer<typeof SourcesSchema>;
  services: ReadonlyMap<string, Service>;
  situations: ReadonlyMap<SituationId, Situation>;
  routes: readonly RouteRule[];
  urgent: ReadonlyMap<UrgentKind, UrgentHelpContent>;
  /** Each country's emergency numbers, crisis services and law words. */
  regions: Readonly<Record<Region, RegionInfo>>;
  words: Words;
  /** Follow-up questions and the services of fixed replies (src/content/followUps.ts). */
  conversation: ConversationContent;
}

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`content/ has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}

function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

function validated<T extends z.ZodTypeAny>(schema: T, path: string, problems: string[]): z.infer<T> | undefined {
  const result = schema.safeParse(readYaml(path));
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(`${path}: ${issue.path.join('.')}: ${issue.message}`);
  return undefined;
}

/** Loads and checks all content. Throws ContentError listing every problem at once. */
export function loadContent(dir: string = DEFAULT_CONTENT_DIR): Content {
  const problems: string[] = [];
  const sources = validated(SourcesSchema, join(dir, 'sources.yaml'), problems) ?? {};
  const services = new Map<string, Service>();
  for (const file of yamlFiles(join(dir, 'services'))) {
    for (const service of validated(ServicesFileSchema, file, problems)?.services ?? []) {
      if (services.has(service.id)) problems.push(`${file}: service id "${service.id}" is defined twice`);
      services.set(service.id, service);
    }
  }
  const situations = new Map<SituationId, Situation>();
  for (const file of yamlFiles(join(dir, 'situations'))) {
    const situation = validated(SituationSchema, file, problems);
    if (situation) situations.set(situation.id, situation);
  }
  const routes = validated(RoutesFileSchema, join(dir, 'routes.yaml'), problems)?.routes ?? [];
  const urgentList = validated(UrgentFileSchema, join(dir, 'urgent.yaml'), problems)?.urgent ?? [];
  const urgent = new Map(urgentList.map((u) => [u.kind, u]));
  const words = (validated(WordsSchema, join(dir, 'words.yaml'), problems) ?? {}) as Words;
  const regions = (validated(RegionsFileSchema, join(dir, 'regions.yaml'), problems)?.regions ?? {}) as Content['regions'];
  const conversation = loadConversationContent(dir, problems);
  const content: Content = { sources, services, situations, routes, urgent, regions, words, conversation };
  problems.push(...crossReferenceProblems(content), ...conversationReferenceProblems(conversation, content));
  if (problems.length > 0) throw new ContentError(problems);
  return content;
}

/** Every id one file names must exist in another: a broken reference fails the check. */
export function crossReferenceProblems(content: Content): string[] {
  const problems: string[] = [];
  const needSource = (where: string, ids: readonly string[]) => {
    for (const id of ids) if (!(id in content.sources)) problems.push(`${where}: source ${id} is not in sources.yaml`);
  };
  const needService = (where: string, ids: readonly string[]) => {
    for (const id of ids) if (!content.services.has(id)) problems.push(`${where}: unknown service "${id}"`);
  };
  for (const service of content.services.values()) {
    for (const [field, value] of Object.entries(service)) {
      if (value && typeof value === 'object' && 'sources' in value) needSource(`service ${service.id}.${field}`, value.sources);
    }
    service.notes.forEach((n, i) => needSource(`service ${service.id}.notes.${i}`, n.sources));
  }
  for (const [where, info] of Object.entries(content.regions)) {
    needSource(`regions.yaml ${where}`, info.sources);
    needService(`regions.yaml ${where}`, [...(info.emergencyService ? [info.emergencyService] : []), ...info.crisisServices]);
  }
  for (const situation of content.situations.values()) {
    for (const { where, answer } of answersIn(situation)) needSource(`situation ${situation.id}.${where}`, answer.sources);
  }
  content.routes.forEach((rule, i) => needService(`routes.yaml rule ${i + 1}`, rule.services));
  for (const help of content.urgent.values()) {
    needSource(`urgent ${help.kind}`, help.sources);
    for (const field of URGENT_SERVICE_FIELDS) {
      for (const [where, ids] of Object.entries(help[field])) needService(`urgent ${help.kind}.${field}.${where}`, ids ?? []);
    }
  }
  return problems;
}
