// The project's own folder (the one holding package.json), where content/ and the website's files
// are. Found by walking up from this module, because the same code runs from src/ (tsx, vitest) and
// bundled into dist/ (`npm start`), at different depths below that folder.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function folderWithPackageJson(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json in ${start} or above it`);
  }
}

export const PROJECT_DIR = folderWithPackageJson(dirname(fileURLToPath(import.meta.url)));
