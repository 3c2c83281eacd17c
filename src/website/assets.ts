// Static files the website serves from this server (never a CDN): Web Chat's bundle from
// node_modules and the page's own app.js / app.css. Each is read once at start-up, named by
// its content hash (so it can be cached for a year and a new version gets a new URL), given a
// Subresource Integrity hash, and compressed once (brotli, gzip) in the background.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { PROJECT_DIR } from '../projectDir.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const ASSET_PREFIX = '/assets/';

export interface AssetRef {
  /** e.g. /assets/webchat-4.18.1.3f2a9c1b7d.js */
  path: string;
  /** Subresource Integrity, e.g. sha384-… */
  integrity: string;
}

export interface Asset extends AssetRef {
  name: string;
  contentType: string;
  body: Buffer;
  /** Compressed bodies, made on first use and kept. */
  encoded(encoding: 'br' | 'gzip'): Promise<Buffer>;
}

export function makeAsset(stem: string, extension: string, contentType: string, body: Buffer): Asset {
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const name = `${stem}.${digest}.${extension}`;
  const cache = new Map<string, Promise<Buffer>>();
  return {
    name,
    path: `${ASSET_PREFIX}${name}`,
    integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
    contentType,
    body,
    encoded(encoding) {
      let pending = cache.get(encoding);
      if (!pending) {
        pending =
          encoding === 'br'
            ? brotli(body, {
                params: {
                  [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
                  [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
                  [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT
                }
              })
            : gzipAsync(body, { level: 9 });
        cache.set(encoding, pending);
      }
      return pending;
    }
  };
}

const PUBLIC_DIR = join(PROJECT_DIR, 'src', 'website', 'public');

/** Web Chat's full UMD bundle (hero cards need it: the minimal one has no Adaptive Cards). */
function webChatBundle(): { body: Buffer; version: string } {
  // The package's "exports" hide package.json and dist/, so find its folder from its entry point.
  let dir = dirname(createRequire(import.meta.url).resolve('botframework-webchat'));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
      if (name === 'botframework-webchat') return { body: readFileSync(join(dir, 'dist', 'webchat.js')), version };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('botframework-webchat is not installed');
    dir = parent;
  }
}

export interface WebsiteAssets {
  webchat: Asset;
  app: Asset;
  css: Asset;
  byName: Map<string, Asset>;
}

let loaded: WebsiteAssets | undefined;

/** Reads the assets once per process (several apps in one test process share them). */
export function loadAssets(): WebsiteAssets {
  if (loaded) return loaded;
  const { body, version } = webChatBundle();
  const webchat = makeAsset(`webchat-${version}`, 'js', 'application/javascript; charset=utf-8', body);
  const app = makeAsset('app', 'js', 'application/javascript; charset=utf-8', readFileSync(join(PUBLIC_DIR, 'app.js')));
  const css = makeAsset('app', 'css', 'text/css; charset=utf-8', readFileSync(join(PUBLIC_DIR, 'app.css')));
  const byName = new Map([webchat, app, css].map((a) => [a.name, a]));
  // Compress in the background now, so the first phone to ask does not wait.
  for (const asset of byName.values()) {
    void asset.encoded('br').catch(() => undefined);
    void asset.encoded('gzip').catch(() => undefined);
  }
  loaded = { webchat, app, css, byName };
  return loaded;
}

/** The best encoding the client accepts: brotli, then gzip, else none. */
export function pickEncoding(acceptEncoding: string | string[] | undefined): 'br' | 'gzip' | undefined {
  const header = (Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding ?? '').toLowerCase();
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().split(';');
    if (!token) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    accepted.set(token.trim(), q === undefined ? 1 : Number(q));
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return undefined;
}
