// `npm run content:check`: validates all of content/ (schema and cross-references) and
// prints every problem at once, so a content editor can fix them in one go.
import { ContentError, loadContent } from './load.js';

try {
  const content = loadContent();
  console.log(
    `content/ is valid: ${content.services.size} services, ${content.situations.size} situations, ${content.routes.length} routes, ${Object.keys(content.sources).length} sources.`
  );
} catch (error) {
  console.error(error instanceof ContentError ? error.message : error);
  process.exitCode = 1;
}
