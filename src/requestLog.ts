// HTTP privacy for restify: the request log, and error responses that never quote the request.
//
// One log line per HTTP response: method, the matched route's pattern, status and duration.
// Never the URL (it can hold conversation ids, tokens or query text), never headers, never
// the client's address or user agent, never a body. A 5xx is logged at error level with the
// error's name and code (src/logger.ts: never its message); everything else at debug level.
import { STATUS_CODES } from 'node:http';
import type { Request, Response, Route, Server } from 'restify';
import { safeError, type Logger } from './logger.js';

/** Label for a request that matched no route (404, 405). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route a request matched, as its registered pattern (e.g. "/api/messages" or
 * "/directline/conversations/:conversationId/activities"), never the URL that was asked for.
 * The set of values is bounded by the routes the server registers.
 */
export function routeLabel(route: Route | undefined | null): string {
  const path = route?.path;
  if (typeof path === 'string' && path.length > 0) return path;
  if (path instanceof RegExp) return 'regexp';
  return UNMATCHED_ROUTE;
}

function elapsedMs(req: Request): number | undefined {
  const started = typeof req.time === 'function' ? req.time() : undefined;
  return typeof started === 'number' ? Math.max(0, Date.now() - started) : undefined;
}

/** Logs every finished response ('after' fires for routed, unrouted and failed requests alike). */
export function registerRequestLog(server: Server, logger: Logger): void {
  server.on('after', (req: Request, res: Response, route: Route | undefined, err: unknown) => {
    const status = res.statusCode;
    const line = { method: req.method, route: routeLabel(route), status, ms: elapsedMs(req) };
    if (status >= 500) logger.error({ ...line, ...(err ? { err: safeError(err) } : {}) }, 'request failed');
    else logger.debug(line, 'request');
  });
}

/**
 * Error responses made by restify (routing errors, body parser errors, a handler that throws or
 * rejects) say only the status and an error code. restify would otherwise send the error's
 * message: a 404 repeats the path, a JSON parse error can quote the body ('Unexpected token…
 * "my name is…"'), and a handler's error may quote anything. Responses a route sends itself
 * are not touched.
 */
export function registerGenericErrorBodies(server: Server): void {
  server.on('restifyError', (_req: Request, _res: Response, err: unknown, callback: () => void) => {
    if (err instanceof Error) {
      const e = err as Error & { statusCode?: unknown; restCode?: unknown; toJSON?: () => unknown };
      const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode <= 599 ? e.statusCode : 500;
      // restify-errors name their code restCode (e.g. ResourceNotFound); safeError keeps identifiers only.
      const { code } = safeError({ name: e.name, code: e.restCode ?? (e as { code?: unknown }).code });
      // restify sends an Error as itself when it has a numeric statusCode, serialised by toJSON.
      e.statusCode = status;
      e.toJSON = () => ({ code: status >= 500 ? 'Internal' : (code ?? 'Error'), message: STATUS_CODES[status] ?? 'Error' });
    }
    callback();
  });
}
