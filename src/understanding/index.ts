// Understanding, on this server alone: the safety layer first (it always wins), then
// button values and fixed commands. No text leaves this process.
import type { Content } from '../content/load.js';
import { buttonSlots, commandOf } from './buttons.js';
import { loadSafetyLayer } from './safety.js';
import type { Understanding, Understood } from './types.js';

export function createUnderstanding(_content: Content, contentDir?: string): Understanding {
  const safety = loadSafetyLayer(contentDir);
  return {
    understand(text): Understood {
      const urgent = safety.urgentKinds(text);
      const slots = buttonSlots(text) ?? {};
      const command = commandOf(text);
      return { slots, urgent, pii: [], candidates: [], ...(command && { command }) };
    }
  };
}
