// The logger's own defences: error messages, format arguments and personal fields never reach
// a log line, whatever a caller passes; the level comes from LOG_LEVEL; restify's logger is silent.
import { describe, expect, it, vi } from 'vitest';
import { createLogger, logProcessErrors, safeError } from '../../src/logger.js';
import type { RouteModule } from '../../src/appParts.js';
import { activity, post, startServer } from '../support/server.js';
import { CANARY, LogCapture, canaryHits, captureConsole, startCapturedServer } from './support.js';

const secret = `${CANARY.name} ${CANARY.phone} ${CANARY.email}`;

function capture(level = 'trace') {
  const out = new LogCapture();
  return { logger: createLogger(level, out), out };
}

describe('createLogger', () => {
  it('never writes an error message, stack or attached request/response', () => {
    const { logger, out } = capture();
    const err = Object.assign(new Error(`failed for ${secret}`), {
      code: 'ECONNREFUSED',
      statusCode: 502,
      request: { body: secret },
      response: { bodyAsText: secret },
      activity: { text: secret }
    });
    logger.error(err);
    logger.error({ err }, 'turn failed');
    logger.error({ err });
    logger.warn({ error: err }, 'with "error"');
    logger.error(new TypeError(secret), 'a fixed message');
    expect(canaryHits('log', out.text)).toEqual([]);
    const [first, second, third] = out.parsed();
    expect(first).toMatchObject({ err: { name: 'Error', code: 'ECONNREFUSED', status: 502 }, msg: 'error' });
    expect(second).toMatchObject({ err: { name: 'Error', code: 'ECONNREFUSED', status: 502 }, msg: 'turn failed' });
    expect(third?.msg).toBe('error');
    expect(out.text).not.toContain('stack');
  });

  it('drops format arguments, so values only reach a log through the redacted object', () => {
    const { logger, out } = capture();
    logger.info('user said %s', secret);
    logger.info({ step: 'askAge' }, 'user said %s and %j', secret, { text: secret });
    expect(canaryHits('log', out.text)).toEqual([]);
    expect(out.parsed()[0]?.msg).toBe('user said %s');
    expect(out.parsed()[1]).toMatchObject({ step: 'askAge', msg: 'user said %s and %j' });
  });

  it('redacts text, activities, ids, addresses and request details at the top level and one level down', () => {
    const { logger, out } = capture();
    logger.info(
      {
        text: secret,
        activity: { text: secret },
        conversation: { id: CANARY.handle },
        conversationId: CANARY.handle,
        from: { id: CANARY.handle, name: CANARY.name },
        recipient: { id: CANARY.handle },
        attachments: [{ contentUrl: secret }],
        channelData: { note: secret },
        body: secret,
        ip: '203.0.113.7',
        url: `/api?name=${secret}`,
        query: { q: secret },
        headers: { 'x-forwarded-for': '203.0.113.7' },
        req: { remoteAddress: '203.0.113.7', headers: { authorization: 'Bearer x' } },
        detail: { text: secret, from: { id: CANARY.handle }, userId: CANARY.handle, token: 'secret-token' }
      },
      'everything that must not be logged'
    );
    expect(canaryHits('log', out.text)).toEqual([]);
    expect(out.text).not.toContain('203.0.113.7');
    expect(out.text).not.toContain('secret-token');
    expect(out.text).not.toContain('Bearer');
  });

  it('has no pid or hostname, and honours the level', () => {
    const { logger, out } = capture('warn');
    logger.info('not written');
    logger.warn('written');
    expect(out.lines).toHaveLength(1);
    expect(out.parsed()[0]).not.toHaveProperty('pid');
    expect(out.parsed()[0]).not.toHaveProperty('hostname');
  });
});

describe('safeError', () => {
  it('keeps identifiers only', () => {
    expect(safeError(new RangeError(secret))).toEqual({ name: 'RangeError' });
    expect(safeError(Object.assign(new Error('x'), { name: secret, code: secret }))).toEqual({ name: 'Error' });
    expect(safeError(Object.assign(new Error('x'), { code: 'ERR_HTTP', status: 404 }))).toEqual({ name: 'Error', code: 'ERR_HTTP', status: 404 });
    expect(safeError({ name: 'RestError', statusCode: 7000 })).toEqual({ name: 'RestError' });
    expect(safeError(secret)).toEqual({ name: 'string' });
    expect(safeError(undefined)).toEqual({ name: 'undefined' });
    expect(safeError(null)).toEqual({ name: 'object' });
  });
});

describe('server logging', () => {
  it('logs each request as method, route pattern, status and duration only, at the LOG_LEVEL', async () => {
    const server = await startCapturedServer();
    try {
      expect((server.app.server.log as unknown as { level: string }).level).toBe('silent'); // restify's own logger
      await post(server.url, activity(secret));
      await fetch(`${server.url}/${encodeURIComponent(secret)}?q=${encodeURIComponent(secret)}`);
      const requests = server.logs.parsed().filter((l) => l.msg === 'request');
      expect(requests.map((l) => [l.method, l.route, l.status])).toEqual([
        ['POST', '/api/messages', 200],
        ['GET', 'unmatched', 404]
      ]);
      for (const line of requests) expect(Object.keys(line).sort()).toEqual(['level', 'method', 'ms', 'msg', 'route', 'status', 'time']);
      expect(canaryHits('log', server.logs.text)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('writes nothing per request at the default level (info)', async () => {
    const out = new LogCapture();
    const server = await startServer({ LOG_LEVEL: 'info' }, { logDestination: out });
    try {
      await post(server.url, activity('hello'));
      await fetch(`${server.url}/healthz`);
      expect(out.lines).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('errors outside a turn', () => {
  it('a route handler that rejects with the text in its message: 500, logged as name and code only', async () => {
    const failing: RouteModule = (server) => {
      server.post('/fails', async (req) => {
        throw Object.assign(new Error(`cannot handle ${JSON.stringify(req.body)}`), { code: 'EHANDLER', body: req.body });
      });
    };
    const captured = captureConsole();
    const server = await startCapturedServer({}, { modules: [failing] });
    try {
      const res = await fetch(`${server.url}/fails`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: secret })
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ code: 'Internal', message: 'Internal Server Error' });
    } finally {
      captured.restore();
      await server.stop();
    }
    const failed = server.logs.parsed().find((l) => l.msg === 'request failed');
    expect(failed).toMatchObject({ method: 'POST', route: '/fails', status: 500, err: { name: 'Error', code: 'EHANDLER' } });
    expect(canaryHits('log', server.logs.text)).toEqual([]);
    expect(canaryHits('console', captured.text())).toEqual([]);
  });

  it('logProcessErrors logs uncaught errors as name and code only, then exits', () => {
    const { logger, out } = capture();
    const exit = vi.fn();
    const before = { exception: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
    const remove = logProcessErrors(logger, exit);
    try {
      const onException = process.listeners('uncaughtException').find((l) => !before.exception.includes(l))!;
      const onRejection = process.listeners('unhandledRejection').find((l) => !before.rejection.includes(l))!;
      onException(Object.assign(new TypeError(`bad input ${secret}`), { code: 'ERR_X' }), 'uncaughtException');
      onRejection(new Error(secret), Promise.resolve());
    } finally {
      remove();
    }
    expect(exit).toHaveBeenCalledTimes(2);
    expect(exit).toHaveBeenCalledWith(1);
    expect(out.parsed().map((l) => [l.msg, l.err])).toEqual([
      ['uncaught exception', { name: 'TypeError', code: 'ERR_X' }],
      ['unhandled rejection', { name: 'Error' }]
    ]);
    expect(canaryHits('log', out.text)).toEqual([]);
    expect(process.listeners('uncaughtException')).toEqual(before.exception);
  });
});

describe('error responses made by restify', () => {
  it('never quote the request: body parser, 404, 405, 413 and 415', async () => {
    const server = await startServer();
    try {
      const responses = await Promise.all([
        post(server.url, `{"type":"message","text":"${secret}`),
        post(server.url, `{"text": "${secret}", oops}`),
        post(server.url, `my name is ${secret}`, { 'content-type': 'application/json' }),
        post(server.url, JSON.stringify(activity(`${secret} `.repeat(2000)))),
        fetch(`${server.url}/${encodeURIComponent(secret)}?q=${encodeURIComponent(secret)}`).then(async (r) => ({ status: r.status, text: await r.text() })),
        fetch(`${server.url}/api/messages?name=${encodeURIComponent(secret)}`).then(async (r) => ({ status: r.status, text: await r.text() })),
        fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': `application/${CANARY.handle.slice(1)}` }, body: secret }).then(
          async (r) => ({ status: r.status, text: await r.text() })
        )
      ]);
      expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 413, 404, 405, expect.any(Number)]);
      for (const r of responses) {
        expect(canaryHits(`response ${r.status}`, r.text)).toEqual([]);
        expect(r.status).toBeGreaterThanOrEqual(400);
      }
      expect(JSON.parse(responses[4]!.text)).toEqual({ code: 'ResourceNotFound', message: 'Not Found' });
    } finally {
      await server.stop();
    }
  });
});
