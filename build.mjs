// `npm run build` (and the first step of `npm start` and `npm run chat`): bundles the server and the
// terminal chat, with everything they import from src/ and dialogs/, into dist/index.js and
// dist/chat.js; packages in node_modules stay imports. It takes about a tenth of a second, so every
// start runs on fresh code. Through tsx (its loader hooks every import and require, node_modules
// included), `npm start` took 3.0 s of CPU until the server answered; this way 2.1 s.
// esbuild only strips types: `npm run typecheck` (tsc) and the tests check them.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/index.ts', 'src/chat.ts'],
  outdir: 'dist',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning'
});
