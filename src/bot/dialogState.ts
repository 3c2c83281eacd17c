// Where one conversation's dialog is kept: under a key made of the channel and the
// conversation id alone, as the machine's persisted snapshot (dialogs/step.ts) and nothing else.
import type { Storage } from 'botbuilder';
import type { StoredDialog } from '../../dialogs/step.js';

export type { StoredDialog } from '../../dialogs/step.js';

export const dialogKey = (channelId: string, conversationId: string) => `${channelId}/conversations/${conversationId}/dialog`;

export async function readDialog(storage: Storage, key: string): Promise<StoredDialog | undefined> {
  const items = await storage.read([key]);
  return items[key] as StoredDialog | undefined;
}

export async function writeDialog(storage: Storage, key: string, stored: StoredDialog): Promise<void> {
  await storage.write({ [key]: stored });
}
