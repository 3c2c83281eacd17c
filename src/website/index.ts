// The website and its local Direct Line, as route modules for createApp (src/compose.ts).
import { directLineModule, directLineOnConversationEnded, type DirectLineOptions } from '../directline/routes.js';
import { websiteModule } from './routes.js';

export { directLineOnConversationEnded, directLineModule, websiteModule };

/** GET /, /privacy, /assets/* and the local Direct Line under /directline. */
export function websiteModules(options: DirectLineOptions = {}) {
  return [directLineModule(options), websiteModule()];
}
