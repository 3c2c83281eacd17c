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
import { buildUnderstandingParts } from '../understanding/index.js';

const strict = process.argv.includes('--strict');

try {
  const content = loadContent();
  buildUnderstandingParts(undefined, content);
  console.log(
    `content/ is valid: ${content.services.size} services, ${content.situations.size} situations, ${content.routes.length} routes, ${Object.keys(content.sources).length} sources.`
  );
  const report = checkQuality(content, loadQualityConfig(), { strict });
  console.log('');
  console.log(formatReport(report));
  if (errorsIn(report).length > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof ContentError ? error.message : error);
  process.exitCode = 1;
}
