// GET /metrics: Prometheus text from a fresh Registry per app, aggregate counts only, every
// label value from a fixed vocabulary ("other" otherwise), no ids, no text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_BANDS, AUDIENCES, REGIONS, SITUATIONS, URGENT_KINDS } from '../../dialogs/vocabulary.js';
import { EVENT_TYPES, OTHER, createMetrics, statusClass } from '../../src/metrics.js';
import { content } from '../support/botHarness.js';
import { activity, post, startServer, type RunningServer } from '../support/server.js';
import { CANARY, canaryHits } from './support.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (enough of it for these tests). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return parse(await res.text());
}

const SERVICE_IDS = () => new Set(content().services.keys());

/** The label values each of our metrics may take. */
function allowedLabels(): Record<string, Record<string, Set<string>>> {
  const withOther = (values: Iterable<string>) => new Set([...values, OTHER]);
  return {
    safe_to_ask_turns_total: { event: withOther(EVENT_TYPES), result: withOther(['ok', 'storage-error']) },
    safe_to_ask_answers_total: { situation: withOther(SITUATIONS) },
    safe_to_ask_services_offered_total: { service: withOther(SERVICE_IDS()) },
    safe_to_ask_urgent_help_total: { kind: withOther(URGENT_KINDS) },
    safe_to_ask_storage_errors_total: {},
    safe_to_ask_http_responses_total: {
      route: new Set(['/api/messages', '/healthz', '/readyz', '/metrics', 'unmatched', 'regexp', OTHER]),
      status_class: withOther(['1xx', '2xx', '3xx', '4xx', '5xx'])
    },
    safe_to_ask_turn_duration_seconds_bucket: { le: new Set(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf']) },
    safe_to_ask_turn_duration_seconds_sum: {},
    safe_to_ask_turn_duration_seconds_count: {}
  };
}

describe('GET /metrics', () => {
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(), startServer()]);
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  it('counts turns, answers, services, urgent help, HTTP responses and latency', async () => {
    const id = 'metrics-journey';
    for (const text of ['hello', 'young-person', 'uk', 'image-shared', '13-17']) await post(a.url, activity(text, id));
    await post(a.url, activity("he says he'll post my pics unless i pay", id));
    await post(a.url, activity('', id, { attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:9/x.png' }] }));
    await post(a.url, 'not json', { 'content-type': 'text/plain' });
    await fetch(`${a.url}/no-such-page`);
    await post(a.url, activity('delete this chat', id));

    const s = await scrape(a.url);
    expect(value(s, 'safe_to_ask_turns_total')).toBe(8);
    expect(value(s, 'safe_to_ask_turns_total', { event: 'GREETING', result: 'ok' })).toBe(1);
    expect(value(s, 'safe_to_ask_turns_total', { event: 'ATTACHMENT' })).toBe(1);
    expect(value(s, 'safe_to_ask_turns_total', { event: 'FORGET' })).toBe(1);
    expect(value(s, 'safe_to_ask_answers_total', { situation: 'image-shared' })).toBeGreaterThanOrEqual(1);
    expect(value(s, 'safe_to_ask_urgent_help_total', { kind: 'sextortion' })).toBe(1);
    expect(value(s, 'safe_to_ask_services_offered_total', { service: 'report-remove' })).toBeGreaterThanOrEqual(1);
    expect(value(s, 'safe_to_ask_storage_errors_total')).toBe(0);
    expect(value(s, 'safe_to_ask_turn_duration_seconds_count')).toBe(8);
    expect(value(s, 'safe_to_ask_http_responses_total', { route: '/api/messages', status_class: '2xx' })).toBe(8);
    expect(value(s, 'safe_to_ask_http_responses_total', { route: '/api/messages', status_class: '4xx' })).toBe(1);
    expect(value(s, 'safe_to_ask_http_responses_total', { route: 'unmatched', status_class: '4xx' })).toBe(1);
    // Known series are there from the start, at zero.
    for (const kind of URGENT_KINDS) expect(s.some((x) => x.name === 'safe_to_ask_urgent_help_total' && x.labels.kind === kind)).toBe(true);
  });

  it('has a registry per app: the other server counted nothing of that', async () => {
    const s = await scrape(b.url);
    expect(value(s, 'safe_to_ask_turns_total')).toBe(0);
    expect(value(s, 'safe_to_ask_http_responses_total', { route: '/api/messages' })).toBe(0);
  });

  it('uses only label values from the fixed vocabularies, and no ids or text', async () => {
    const id = 'metrics-label-check-conversation';
    await post(a.url, activity(`my name is ${CANARY.name}, ${CANARY.email}`, id, { from: { id: 'user-metrics-check', name: CANARY.name } }));
    const res = await fetch(`${a.url}/metrics`);
    const text = await res.text();
    expect(canaryHits('metrics', text)).toEqual([]);
    expect(text).not.toContain(id);
    expect(text).not.toContain('user-metrics-check');
    const allowed = allowedLabels();
    for (const sample of parse(text)) {
      const rules = allowed[sample.name];
      if (!rules) {
        // Node's default process metrics: no labels of ours, nothing about a request.
        expect(sample.name, 'unknown metric').toMatch(/^(process|nodejs)_/);
        continue;
      }
      for (const [label, v] of Object.entries(sample.labels)) {
        expect(rules[label], `${sample.name} has unexpected label ${label}`).toBeDefined();
        expect([...rules[label]!], `${sample.name}{${label}="${v}"}`).toContain(v);
      }
    }
    // Who is asking, their age band and region are deliberately not metric labels.
    for (const v of [...AUDIENCES, ...AGE_BANDS, ...REGIONS.filter((r) => r !== 'other')]) expect(text).not.toContain(`="${v}"`);
  });

  it('needs the token when METRICS_TOKEN is set', async () => {
    const secured = await startServer({ METRICS_TOKEN: 'a-long-random-metrics-token' });
    try {
      expect((await fetch(`${secured.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${secured.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      await scrape(secured.url, { authorization: 'Bearer a-long-random-metrics-token' });
    } finally {
      await secured.stop();
    }
  });
});

describe('the metrics observer bounds every label', () => {
  it('turns anything outside the vocabularies into "other"', async () => {
    const metrics = createMetrics({ serviceIds: SERVICE_IDS(), processMetrics: false });
    metrics.observer.turn({
      event: CANARY.name,
      urgent: [CANARY.handle as never, 'sextortion'],
      situation: CANARY.school,
      services: [CANARY.email, 'childline', 'childline'],
      result: CANARY.phone as never,
      durationMs: 12
    });
    metrics.httpResponse({ path: '/directline/conversations/:conversationId/activities' } as never, 201);
    metrics.httpResponse(undefined, 404);
    metrics.httpResponse({ path: '/x' } as never, 999);
    const text = await metrics.render();
    expect(canaryHits('metrics', text)).toEqual([]);
    const s = parse(text);
    expect(value(s, 'safe_to_ask_turns_total', { event: OTHER, result: OTHER })).toBe(1);
    expect(value(s, 'safe_to_ask_answers_total', { situation: OTHER })).toBe(1);
    expect(value(s, 'safe_to_ask_services_offered_total', { service: OTHER })).toBe(1);
    expect(value(s, 'safe_to_ask_services_offered_total', { service: 'childline' })).toBe(1); // once per turn
    expect(value(s, 'safe_to_ask_urgent_help_total', { kind: OTHER })).toBe(1);
    expect(value(s, 'safe_to_ask_urgent_help_total', { kind: 'sextortion' })).toBe(1);
    expect(
      value(s, 'safe_to_ask_http_responses_total', { route: '/directline/conversations/:conversationId/activities', status_class: '2xx' })
    ).toBe(1);
    expect(value(s, 'safe_to_ask_http_responses_total', { route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(value(s, 'safe_to_ask_http_responses_total', { route: '/x', status_class: OTHER })).toBe(1);
  });

  it('caps the number of route labels', async () => {
    const metrics = createMetrics({ serviceIds: [], processMetrics: false });
    for (let i = 0; i < 200; i++) metrics.httpResponse({ path: `/route-${i}` } as never, 200);
    const routes = new Set(parse(await metrics.render()).filter((x) => x.name === 'safe_to_ask_http_responses_total').map((x) => x.labels.route));
    expect(routes.size).toBeLessThanOrEqual(65);
    expect(routes).toContain(OTHER);
  });

  it('classes statuses', () => {
    expect([200, 204, 301, 404, 413, 500, 503, 99, 600].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '4xx', '5xx', '5xx', OTHER, OTHER]);
  });
});
