// `npm run content:check`: validates all of content/ (schema and cross-references; the safety
// patterns, training phrases and words understanding uses, by building understanding), then
// runs the quality checks (src/content/quality.ts, rules in content/quality.yaml), and
// prints every problem at once, so a content editor can fix them in one go.
//
//   npm run content:check               stale facts are warnings (exit 0)
//   npm run content:check -- --strict   stale facts fail too (use before a release)
//
// Exits non-zero when the schema check or any quality check fails.
import { ContentError, loadContent } from './load.js';
import { checkQuality, errorsIn, formatReport, loadQualityConfig } from './quality.js';
import { loadUnderstandingWords } from './understandingWords.js';
import { buildUnderstandingParts } from '../understanding/index.js';

const strict = process.argv.includes('--strict');

/** How many patterns (strings) a file's entries hold. */
const patternsIn = (value: unknown): number =>
  typeof value === 'string' ? 1 : value !== null && typeof value === 'object' ? Object.values(value).reduce((n: number, v) => n + patternsIn(v), 0) : 0;

try {
  const content = loadContent();
  buildUnderstandingParts(undefined, content);
  console.log(
    `content/ is valid: ${content.services.size} services, ${content.situations.size} situations, ${content.routes.length} routes, ${Object.keys(content.sources).length} sources.`
  );
  const words = loadUnderstandingWords();
  console.log(
    `content/understanding/ is valid: ${Object.keys(words.spellings).length} spellings, ${words.responsible.length} responsible patterns, ${patternsIn(words.conversation)} conversation patterns (conversation.yaml).`
  );
  const report = checkQuality(content, loadQualityConfig(), { strict });
  console.log('');
  console.log(formatReport(report));
  if (errorsIn(report).length > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof ContentError ? error.message : error);
  process.exitCode = 1;
}
