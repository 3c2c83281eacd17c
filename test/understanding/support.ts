// One understanding for all the understanding tests: built once (it is deterministic).
import { content } from '../support/botHarness.js';
import { createUnderstanding, createUnderstandingParts } from '../../src/understanding/index.js';
import type { Understanding, UnderstandingHint, Understood } from '../../src/understanding/types.js';

let shared: Understanding | undefined;
export const understanding = (): Understanding => (shared ??= createUnderstanding(content()));
export const parts = () => createUnderstandingParts(undefined, content());
export const understand = (text: string, hint: UnderstandingHint = {}): Understood => understanding().understand(text, hint);
