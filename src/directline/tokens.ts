// Direct Line tokens for the website's own (local) Direct Line.
//
// A token is `<payload>.<signature>`, both base64url: the payload is a small JSON object
// naming ONE conversation (and the page's random per-session user id) with an expiry; the
// signature is an HMAC-SHA256 over it. Nothing about a token is stored on the server, so any
// instance that shares the key can check it: set DIRECTLINE_TOKEN_SECRET on every instance,
// or leave it unset for a random key per process (tokens then die with the process, which
// is fine for one instance: Web Chat simply starts a new conversation on the next page load).
//
// The shape is deliberately not a JWT: Web Chat's DirectLineJS tries to read a `user` claim
// from a JWT, and our user id is set by the page instead.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Direct Line tokens last 30 minutes; Web Chat refreshes at half-life (15 minutes). */
export const TOKEN_SECONDS = 30 * 60;

/** Conversation ids: opaque, unguessable, safe in a URL path. */
export const CONVERSATION_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** User ids the page may choose (crypto.randomUUID()); anything else is replaced. */
export const USER_ID = /^[A-Za-z0-9_-]{8,64}$/;

const MAX_TOKEN_LENGTH = 512;
const PURPOSE = 'safe-to-ask/directline-token/v1';

export interface TokenClaims {
  /** The one conversation this token may use. */
  conversationId: string;
  /** The page's per-session random user id. */
  userId: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  /** Genuine but out of time: the claims are given so the token can still "forget" its conversation. */
  | { ok: false; reason: 'expired'; claims: TokenClaims }
  | { ok: false; reason: 'missing' | 'malformed' | 'bad-signature' };

export interface TokenIssuerOptions {
  /** Shared secret (32+ characters) so several instances accept each other's tokens. */
  secret?: string;
  now?: () => number;
  lifetimeSeconds?: number;
}

export function newConversationId(): string {
  return randomBytes(18).toString('base64url');
}

export function newUserId(): string {
  return `u_${randomBytes(12).toString('base64url')}`;
}

export class TokenIssuer {
  readonly lifetimeSeconds: number;
  private readonly key: Buffer;
  private readonly now: () => number;

  constructor(options: TokenIssuerOptions = {}) {
    // The configured secret is hashed with a purpose label, so the same secret reused
    // elsewhere never yields the same key.
    this.key = options.secret
      ? createHash('sha256').update(PURPOSE).update('\0').update(options.secret).digest()
      : randomBytes(32);
    this.now = options.now ?? Date.now;
    this.lifetimeSeconds = options.lifetimeSeconds ?? TOKEN_SECONDS;
  }

  issue(conversationId: string, userId: string): { token: string; expires_in: number; claims: TokenClaims } {
    const expiresAt = Math.floor(this.now() / 1000) + this.lifetimeSeconds;
    const claims: TokenClaims = { conversationId, userId, expiresAt };
    return { token: this.sign(claims), expires_in: this.lifetimeSeconds, claims };
  }

  /** Signs any claims, expired ones included (tests use it to make an expired token). */
  sign(claims: TokenClaims): string {
    const payload = Buffer.from(JSON.stringify({ c: claims.conversationId, u: claims.userId, e: claims.expiresAt })).toString(
      'base64url'
    );
    return `${payload}.${this.mac(payload)}`;
  }

  check(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
    const parts = token.split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
    const [payload, signature] = parts as [string, string];
    const expected = Buffer.from(this.mac(payload), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' };
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const { c, u, e } = (decoded ?? {}) as { c?: unknown; u?: unknown; e?: unknown };
    if (typeof c !== 'string' || !CONVERSATION_ID.test(c) || typeof u !== 'string' || typeof e !== 'number') {
      return { ok: false, reason: 'malformed' };
    }
    const claims: TokenClaims = { conversationId: c, userId: u, expiresAt: e };
    if (e * 1000 <= this.now()) return { ok: false, reason: 'expired', claims };
    return { ok: true, claims };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(PURPOSE).update('.').update(payload).digest('base64url');
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
