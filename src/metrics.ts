// Prometheus metrics (prom-client): aggregate counters and histograms only. No conversation
// ids, no user ids, no text, no URLs. Every label takes its values from a fixed vocabulary
// (dialogs/vocabulary.ts, the dialog's event types, the service ids in content/, the routes
// this server registers); anything else is counted as "other", so the number of series is
// bounded whatever anyone sends.
//
// Each app gets its own Registry (not prom-client's global one), so several servers can run
// in one process (the tests do) and each /metrics shows only its own app.
import { timingSafeEqual } from 'node:crypto';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Request, Response, Route, Server } from 'restify';
import type { GuideEventType } from '../dialogs/events.js';
import { SITUATIONS, URGENT_KINDS } from '../dialogs/vocabulary.js';
import type { TurnObserver, TurnSummary } from './bot/turnObserver.js';
import { routeLabel } from './requestLog.js';
import type { RouteModule } from './appParts.js';

/** The label value for anything outside a label's vocabulary. */
export const OTHER = 'other';

/** Every dialog event type (the compiler checks this against GuideEventType, both ways). */
const EVENT_TYPE_SET = {
  MESSAGE: true,
  OPEN: true,
  GREETING: true,
  YES: true,
  NO: true,
  UNSURE: true,
  SAFETY: true,
  DETAIL: true,
  ASIDE: true,
  RESTART: true,
  HELP: true,
  MENU: true,
  ASK_REGION: true,
  SERVICE: true,
  FORGET: true,
  ATTACHMENT: true
} as const satisfies Record<GuideEventType, true>;
export const EVENT_TYPES = Object.keys(EVENT_TYPE_SET) as GuideEventType[];

const RESULTS: readonly TurnSummary['result'][] = ['ok', 'storage-error'];
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
/** Routes are registered by code, so they are few; this cap only guards against a mistake. */
const MAX_ROUTES = 64;

/** Turn latency buckets in seconds: a turn is normally a few milliseconds, Redis adds a little. */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface MetricsOptions {
  /** Service ids from content/ (the only values of the "service" label). */
  serviceIds: Iterable<string>;
  /** Also collect Node's default process metrics (CPU, memory, event loop, GC). Default true. */
  processMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  /** Counts turns (plug into GuideBot as its TurnObserver). */
  readonly observer: TurnObserver;
  /** Counts one finished HTTP response by route pattern and status class. */
  httpResponse(route: Route | undefined | null, status: number): void;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

const bounded = (allowed: ReadonlySet<string>, value: unknown): string =>
  typeof value === 'string' && allowed.has(value) ? value : OTHER;

export function statusClass(status: number): string {
  const cls = `${Math.floor(status / 100)}xx`;
  return Number.isInteger(status) && (STATUS_CLASSES as readonly string[]).includes(cls) ? cls : OTHER;
}

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  const events = new Set<string>(EVENT_TYPES);
  const results = new Set<string>(RESULTS);
  const situations = new Set<string>(SITUATIONS);
  const urgentKinds = new Set<string>(URGENT_KINDS);
  const services = new Set<string>(options.serviceIds);
  const routes = new Set<string>();

  const turns = new Counter({
    name: 'safe_to_ask_turns_total',
    help: 'Messages answered, by dialog event type and result (storage-error: answered without memory).',
    labelNames: ['event', 'result'] as const,
    registers: [registry]
  });
  const answers = new Counter({
    name: 'safe_to_ask_answers_total',
    help: 'Answers given, by situation.',
    labelNames: ['situation'] as const,
    registers: [registry]
  });
  const servicesOffered = new Counter({
    name: 'safe_to_ask_services_offered_total',
    help: 'Times a service was offered in a turn, by service id.',
    labelNames: ['service'] as const,
    registers: [registry]
  });
  const urgentHelp = new Counter({
    name: 'safe_to_ask_urgent_help_total',
    help: 'Urgent help given, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry]
  });
  const storageErrors = new Counter({
    name: 'safe_to_ask_storage_errors_total',
    help: 'Turns that could not read or save the conversation (answered anyway, with a notice).',
    registers: [registry]
  });
  const turnDuration = new Histogram({
    name: 'safe_to_ask_turn_duration_seconds',
    help: 'Time to handle one message, from reading the conversation to sending the replies.',
    buckets: TURN_BUCKETS,
    registers: [registry]
  });
  const httpResponses = new Counter({
    name: 'safe_to_ask_http_responses_total',
    help: 'HTTP responses, by route pattern and status class.',
    labelNames: ['route', 'status_class'] as const,
    registers: [registry]
  });

  // Known series start at zero, so dashboards and rate() see them before the first event.
  for (const event of events) for (const result of results) turns.inc({ event, result }, 0);
  for (const situation of situations) answers.inc({ situation }, 0);
  for (const service of services) servicesOffered.inc({ service }, 0);
  for (const kind of urgentKinds) urgentHelp.inc({ kind }, 0);
  storageErrors.inc(0);

  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const observer: TurnObserver = {
    turn(summary: TurnSummary) {
      turns.inc({ event: bounded(events, summary.event), result: bounded(results, summary.result) });
      if (summary.result === 'storage-error') storageErrors.inc();
      if (summary.situation !== undefined) answers.inc({ situation: bounded(situations, summary.situation) });
      for (const service of new Set(summary.services.map((s) => bounded(services, s)))) servicesOffered.inc({ service });
      for (const kind of new Set(summary.urgent.map((k) => bounded(urgentKinds, k)))) urgentHelp.inc({ kind });
      if (Number.isFinite(summary.durationMs) && summary.durationMs >= 0) turnDuration.observe(summary.durationMs / 1000);
    }
  };

  return {
    registry,
    observer,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    httpResponse(route, status) {
      let label = routeLabel(route);
      if (!routes.has(label)) {
        if (routes.size < MAX_ROUTES) routes.add(label);
        else label = OTHER;
      }
      httpResponses.inc({ route: label, status_class: statusClass(status) });
    }
  };
}

/** Several observers as one (e.g. metrics plus a test's own). */
export function combineObservers(...observers: Array<TurnObserver | undefined>): TurnObserver {
  const all = observers.filter((o): o is TurnObserver => o !== undefined);
  return {
    turn(summary) {
      for (const o of all) {
        try {
          o.turn(summary);
        } catch {
          // An observer must never break a turn.
        }
      }
    }
  };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface MetricsRouteOptions {
  /** When set, GET /metrics needs "Authorization: Bearer <token>". */
  token?: string;
}

/**
 * GET /metrics (Prometheus text format), and counting of every HTTP response. Keep /metrics
 * off the public internet (or set METRICS_TOKEN): the counts are anonymous, but there is no
 * reason for anyone but the operator to watch them.
 */
export function metricsModule(metrics: Metrics, options: MetricsRouteOptions = {}): RouteModule {
  return (server: Server) => {
    server.on('after', (_req: Request, res: Response, route: Route | undefined) => {
      metrics.httpResponse(route, res.statusCode);
    });
    server.get('/metrics', async (req: Request, res: Response) => {
      res.header('Cache-Control', 'no-store');
      if (options.token && !tokenMatches(req.headers.authorization, options.token)) {
        res.header('WWW-Authenticate', 'Bearer');
        res.send(401, { error: 'This needs the metrics token.' });
        return;
      }
      const body = await metrics.render();
      res.header('Content-Type', metrics.contentType);
      res.sendRaw(200, body);
    });
  };
}
