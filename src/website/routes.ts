// The website: GET / (the chat), GET /privacy, and GET /assets/<name> (Web Chat's bundle and
// the page's own script and styles, served from this server with long cache lifetimes and SRI).
import type { Request, Response, Server } from 'restify';
import type { AppParts } from '../appParts.js';
import { loadAssets, pickEncoding, type Asset } from './assets.js';
import { contentSecurityPolicy, directLineOrigins, frameAncestors, newNonce, setPageHeaders } from './headers.js';
import { chatPage, privacyPage, type PageSettings } from './pages.js';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

function sendAsset(req: Request, res: Response, asset: Asset, body: Buffer, encoding: 'br' | 'gzip' | undefined): void {
  const headers: Record<string, string | number> = {
    'Content-Type': asset.contentType,
    'Content-Length': body.length,
    'Cache-Control': `public, max-age=${YEAR_SECONDS}, immutable`,
    'Vary': 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin'
  };
  if (encoding) headers['Content-Encoding'] = encoding;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function websiteModule() {
  return (server: Server, parts: AppParts): void => {
    const { config, content, logger } = parts;
    const assets = loadAssets();
    const ancestors = frameAncestors(config.FRAME_ANCESTORS);
    if (ancestors.rejected > 0) {
      logger.warn({ rejected: ancestors.rejected }, 'FRAME_ANCESTORS: entries that are not https origins were ignored');
    }
    const external = config.DIRECTLINE_DOMAIN;
    const dlOrigins = directLineOrigins(external);

    const settings = (nonce: string): PageSettings => ({
      nonce,
      exitUrl: config.EXIT_URL,
      assets: { css: assets.css, app: assets.app, webchat: assets.webchat },
      directLineDomain: external ?? '',
      tokenPath: config.DIRECTLINE_TOKEN_PATH,
      webSocket: Boolean(external),
      canForget: !external,
      idleMinutes: config.IDLE_MINUTES
    });

    const page = (render: (s: PageSettings) => string) => (_req: Request, res: Response, next: () => void) => {
      const nonce = newNonce();
      setPageHeaders(
        res,
        contentSecurityPolicy({ nonce, ancestors: ancestors.sources, directLineOrigins: dlOrigins }),
        ancestors.sources.length > 0
      );
      res.sendRaw(200, render(settings(nonce)));
      next();
    };

    server.get('/', page((s) => chatPage(s, content)));
    server.get('/privacy', page((s) => privacyPage(s, content)));

    const serveAsset = async (req: Request, res: Response) => {
      const name = String((req.params as { name?: string }).name ?? '');
      const asset = assets.byName.get(name);
      if (!asset) {
        res.header('Cache-Control', 'no-store');
        res.send(404, { error: { code: 'NotFound', message: 'No such file.' } });
        return;
      }
      const encoding = pickEncoding(req.headers['accept-encoding']);
      const body = encoding ? await asset.encoded(encoding).catch(() => undefined) : asset.body;
      sendAsset(req, res, asset, body ?? asset.body, body ? encoding : undefined);
    };
    server.get('/assets/:name', serveAsset);
    server.head('/assets/:name', serveAsset);
  };
}
