// Rate limits for every route: token buckets in this process's memory (each instance limits on its
// own; behind a load balancer with N instances a client can reach at most N times the limit, which
// is fine for abuse control). Four kinds of bucket, each its own key space:
//  - per client, for requests that change something (POST, DELETE) and, separately, for reads
//    (GET, HEAD: pages, assets, polls), so a page that polls cannot use up its own messages;
//  - per conversation, for messages (a person types far slower than 30 a minute) and, on the
//    website, for polls. A conversation's bucket is spent only by a request that has shown it may
//    use that conversation (a Direct Line token, or Bot Framework authentication); with
//    authentication off, /api/messages proves nothing, so its buckets are per client and
//    conversation: nobody else can use up yours.
//
// Privacy: a client is known only by a salted hash of its address. The salt is random per
// process and never leaves memory; a bucket is forgotten as soon as it has refilled (at most
// one window, a minute, after its last request). Nothing here is logged or stored anywhere.
//
// Behind a reverse proxy (nginx, Azure App Service, Front Door) every request comes from the
// proxy's address, so set TRUST_PROXY to the number of proxies in front of the server: the
// client address is then read from X-Forwarded-For, counting that many entries from the right
// (the entries a client wrote itself, on the left, are never trusted).
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Request, Response } from 'restify';
import type { Config } from './config.js';
import type { Content } from './content/load.js';
import { wordIn } from './content/localised.js';
import { urgentServices } from './render/urgent.js';

/** Said with a 429 when content/words.yaml has no `rateLimited` entry. {seconds} is filled in. */
export const DEFAULT_RATE_LIMITED_MESSAGE =
  "You're sending messages faster than I can answer. Please wait {seconds} seconds and try again. " +
  'If you are in danger right now, call 999.';

const WINDOW_MS = 60_000;

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface TokenBucketsOptions {
  /** Sustained rate, and the burst a fresh key may spend at once. 0 turns the limit off. */
  perMinute: number;
  /** Most keys held at once; beyond it the least recently used are forgotten (memory stays bounded). */
  maxKeys?: number;
  now?: () => number;
}

/** Token buckets keyed by string: `perMinute` tokens, refilled continuously over a minute. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: TokenBucketsOptions) {
    if (!(Number.isFinite(options.perMinute) && options.perMinute >= 0)) {
      throw new RangeError('TokenBuckets: perMinute must be a number >= 0');
    }
    this.capacity = options.perMinute;
    this.refillPerMs = options.perMinute / WINDOW_MS;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  /** Spends one token of `key`, or says how long until one is there. */
  take(key: string): Verdict {
    if (!this.enabled) return { ok: true };
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = this.capacity;
    if (bucket) {
      tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
      this.buckets.delete(key); // re-inserted below: the Map stays in order of last use
    } else if (this.buckets.size >= this.maxKeys) {
      // Full (a flood of new keys): forget the least recently used, in O(1); the timer sweeps the rest.
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
      return { ok: true };
    }
    this.buckets.set(key, { tokens, updatedAt: now });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000)) };
  }

  /** Forgets every bucket that has refilled (it is then the same as no bucket). Returns how many. */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.capacity) {
        this.buckets.delete(key);
        removed++;
      }
    }
    return removed;
  }

  /** Keys currently remembered (for tests). */
  get size(): number {
    return this.buckets.size;
  }
}

/** The address to limit by: /64 for IPv6 (one subscriber usually has a whole /64), IPv4 as is. */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  let a = address.trim();
  // "[::1]:8080", "1.2.3.4:5678" (Azure App Service puts the client port in X-Forwarded-For)
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed?.[1]) a = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  if (a.toLowerCase().startsWith('::ffff:') && isIPv4(a.slice(7))) a = a.slice(7);
  if (isIPv4(a)) return a;
  if (isIPv6(a)) return `${expandIPv6(a).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

/**
 * The client's address: the socket's peer, or with `trustProxy` hops, the X-Forwarded-For
 * entry that many places from the right (the address the outermost trusted proxy saw).
 */
export function clientAddress(req: Pick<Request, 'headers' | 'socket'>, trustProxy: number): string | undefined {
  const peer = req.socket?.remoteAddress;
  if (trustProxy <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (!raw) return peer;
  const hops = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (hops.length === 0) return peer;
  return hops[Math.max(0, hops.length - trustProxy)];
}

/** A bucket's key from its parts, unambiguous whatever the parts hold (a conversation id may contain anything). */
export const bucketKey = (...parts: string[]): string => JSON.stringify(parts);

export interface RateLimitsOptions {
  /** Messages per minute one conversation may send (burst of the same size). 0 = off. */
  perConversation: number;
  /** Requests per minute from one client address that change something (POST, DELETE). 0 = off. */
  perClient: number;
  /** Requests per minute from one client address that only read (GET, HEAD). 0 = off. Default: off. */
  readsPerClient?: number;
  /** Polls per minute one website conversation may make. 0 = off. Default: off. */
  pollsPerConversation?: number;
  /** Number of reverse proxies in front of this server (0: use the socket's address). */
  trustProxy: number;
  /** The kind words and urgent services sent with a 429. */
  content?: Pick<Content, 'words' | 'urgent'>;
  now?: () => number;
  /** Background sweep interval; 0 disables the timer (buckets are still bounded). Default 30 s. */
  sweepIntervalMs?: number;
}

/** What a limited request gets back, with a Retry-After header of the same number of seconds. */
export interface RateLimitedBody {
  error: 'rate-limited';
  message: string;
  retryAfterSeconds: number;
  /** Ids of the services to contact now, whatever the limit (content/urgent.yaml, danger). */
  services: string[];
}

const READ_METHODS = new Set(['GET', 'HEAD']);

export class RateLimits {
  readonly perConversation: TokenBuckets;
  readonly perClient: TokenBuckets;
  readonly readsPerClient: TokenBuckets;
  readonly pollsPerConversation: TokenBuckets;
  private readonly trustProxy: number;
  private salt: Buffer = randomBytes(32);
  private readonly content: RateLimitsOptions['content'];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: RateLimitsOptions) {
    const now = options.now;
    this.perConversation = new TokenBuckets({ perMinute: options.perConversation, ...(now && { now }) });
    this.perClient = new TokenBuckets({ perMinute: options.perClient, ...(now && { now }) });
    this.readsPerClient = new TokenBuckets({ perMinute: options.readsPerClient ?? 0, ...(now && { now }) });
    this.pollsPerConversation = new TokenBuckets({ perMinute: options.pollsPerConversation ?? 0, ...(now && { now }) });
    this.trustProxy = options.trustProxy;
    this.content = options.content;
    const interval = options.sweepIntervalMs ?? 30_000;
    if (interval > 0 && this.all.some((b) => b.enabled)) {
      this.timer = setInterval(() => this.sweep(), interval);
      this.timer.unref();
    }
  }

  /** Salted hash of the client's address; the address itself is never kept. */
  clientKey(req: Pick<Request, 'headers' | 'socket'>): string {
    return createHmac('sha256', this.salt).update(addressKey(clientAddress(req, this.trustProxy))).digest('base64url').slice(0, 22);
  }

  private get all(): TokenBuckets[] {
    return [this.perConversation, this.perClient, this.readsPerClient, this.pollsPerConversation];
  }

  /**
   * Sends 429 and returns true when this client has used its share of reads (GET, HEAD) or of
   * everything else, otherwise counts the request and returns false. For every route, first thing.
   */
  rejectClient(req: Request, res: Response): boolean {
    const buckets = READ_METHODS.has(req.method ?? '') ? this.readsPerClient : this.perClient;
    if (!buckets.enabled) return false;
    return this.reject(res, buckets.take(this.clientKey(req)));
  }

  /**
   * Sends 429 and returns true when this conversation is sending faster than a person types,
   * otherwise counts the message and returns false. `bucket` (from bucketKey) names the route's
   * key space and the channel too.
   */
  rejectMessage(res: Response, bucket: string): boolean {
    if (!this.perConversation.enabled) return false;
    return this.reject(res, this.perConversation.take(bucket));
  }

  /** Like rejectMessage, for a website conversation's polls. */
  rejectPoll(res: Response, bucket: string): boolean {
    if (!this.pollsPerConversation.enabled) return false;
    return this.reject(res, this.pollsPerConversation.take(bucket));
  }

  private reject(res: Response, verdict: Verdict): boolean {
    if (verdict.ok) return false;
    res.header('Retry-After', String(verdict.retryAfterSeconds));
    res.send(429, this.body(verdict.retryAfterSeconds));
    return true;
  }

  body(retryAfterSeconds: number): RateLimitedBody {
    // The region is unknown here too: what anyone reads before they have said where they live.
    const template = this.content ? wordIn(this.content.words['rateLimited'], undefined) : DEFAULT_RATE_LIMITED_MESSAGE;
    return {
      error: 'rate-limited',
      message: template.replace(/\{seconds\}/g, String(retryAfterSeconds)),
      retryAfterSeconds,
      // The region is unknown here (a 429 is sent before any turn): the UK's danger services.
      services: this.content ? urgentServices('danger', {}, this.content) : []
    };
  }

  /** Forgets refilled buckets; a new salt once nothing hashed with the old one is remembered. */
  sweep(): void {
    for (const buckets of this.all) buckets.sweep();
    // Client keys (salted hashes) live in the client buckets, and in /api/messages's conversation buckets.
    if (this.all.every((b) => b.size === 0)) this.salt = randomBytes(32);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

export function createRateLimits(config: Config, content?: RateLimitsOptions['content']): RateLimits {
  return new RateLimits({
    perConversation: config.RATE_LIMIT_PER_CONVERSATION,
    perClient: config.RATE_LIMIT_PER_CLIENT,
    readsPerClient: config.RATE_LIMIT_READS_PER_CLIENT,
    pollsPerConversation: config.RATE_LIMIT_POLLS_PER_CONVERSATION,
    trustProxy: config.TRUST_PROXY,
    ...(content && { content })
  });
}
