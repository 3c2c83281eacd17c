// Configuration from the environment, checked once at start-up with clear messages.
import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

/** An origin exactly as the URL parser writes it (scheme, host, port), e.g. "https://smba.trafficmanager.net". */
const isOrigin = (value: string) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
};

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('127.0.0.1'),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.string().optional(),
  /**
   * Where the Bot Framework's OpenID metadata is fetched (botbuilder's ToBotFromChannelOpenIdMetadataUrl), e.g. a
   * mirror for a server without direct internet access. Unset: Microsoft's public cloud, as everything else is.
   */
  ToBotFromChannelOpenIdMetadataUrl: z.string().url().optional(),
  /**
   * Origins the bot may POST replies to when authentication is off, e.g. the Bot Framework Emulator's
   * "http://localhost:53000". Written as origins: scheme, host and port, no path (a trailing "/" is dropped).
   */
  SERVICE_URL_ALLOWLIST: list
    .transform((origins) => origins.map((o) => o.replace(/\/$/, '')))
    .refine((origins) => origins.every(isOrigin), 'each entry must be an origin such as http://localhost:53000 (scheme, host, port; no path)'),
  REDIS_URL: z.string().url().optional(),
  /** Idle conversations are forgotten after this many minutes. */
  IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** When set, GET /metrics needs "Authorization: Bearer <token>" (src/metrics.ts). */
  METRICS_TOKEN: z.string().min(1).optional(),
  /** Sites allowed to embed the guide in a frame (CSP frame-ancestors), e.g. "https://www.example-charity.org.uk". */
  FRAME_ANCESTORS: list,
  /** Where "Exit this page" goes: a neutral site with no personal content. */
  EXIT_URL: z.string().url().default('https://www.bbc.co.uk/weather'),
  /** Messages per minute one conversation may send, per instance (src/rateLimit.ts). 0 = no limit. */
  RATE_LIMIT_PER_CONVERSATION: z.coerce.number().int().min(0).max(100_000).default(30),
  /** Requests per minute one client address may make that change something (POST, DELETE), per instance. 0 = no limit. */
  RATE_LIMIT_PER_CLIENT: z.coerce.number().int().min(0).max(1_000_000).default(300),
  /** Requests per minute one client address may make that only read (GET, HEAD: pages, assets, polls), per instance. 0 = no limit. */
  RATE_LIMIT_READS_PER_CLIENT: z.coerce.number().int().min(0).max(10_000_000).default(1200),
  /** Polls per minute one website conversation may make (Web Chat polls once a second), per instance. 0 = no limit. */
  RATE_LIMIT_POLLS_PER_CONVERSATION: z.coerce.number().int().min(0).max(100_000).default(120),
  /**
   * Reverse proxies in front of the server: "false"/0 (clients connect directly), "true"/1 (one, e.g. nginx
   * or App Service), or a number of hops. The client address is then read from X-Forwarded-For.
   */
  TRUST_PROXY: z
    .union([z.enum(['true', 'false']).transform((v) => (v === 'true' ? 1 : 0)), z.coerce.number().int().min(0).max(10)])
    .default(0),
  /** On SIGTERM, how long turns in flight may take to finish before the process exits anyway. */
  DRAIN_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /**
   * Signs the website's Direct Line tokens (src/directline/tokens.ts). Set the same value (32+ random characters)
   * on every instance so they accept each other's tokens; unset = a random key per process.
   */
  DIRECTLINE_TOKEN_SECRET: z.string().min(32).optional(),
  /** Most activities the local Direct Line keeps per conversation (only until the browser has fetched them). */
  DIRECTLINE_HISTORY_LIMIT: z.coerce.number().int().min(10).max(1000).default(100),
  /** Most kilobytes of activities the local Direct Line keeps per conversation; beyond it the oldest go first. */
  DIRECTLINE_HISTORY_KB: z.coerce.number().int().min(16).max(4096).default(128),
  /** Most megabytes the memory store (no REDIS_URL) holds; beyond it the idlest conversations are forgotten first. */
  MEMORY_STORAGE_MB: z.coerce.number().min(0.1).max(65_536).default(256),
  /**
   * Where the website's Web Chat finds Direct Line. Unset = this server's own /directline (nothing goes through
   * Microsoft). For Azure Bot Service: https://directline.botframework.com/v3/directline (see DIRECTLINE_TOKEN_PATH).
   */
  DIRECTLINE_DOMAIN: z.string().url().optional(),
  /** Same-origin path where the page gets its Direct Line token (POST). Azure needs a server-side exchange here. */
  DIRECTLINE_TOKEN_PATH: z
    .string()
    .regex(/^\/(?!\/)[A-Za-z0-9/_.-]*$/, 'must be a path on this server, e.g. /directline/tokens/generate')
    .default('/directline/tokens/generate')
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Bot Framework authentication is on when an app id is configured. */
export const authenticationEnabled = (config: Config) => Boolean(config.MicrosoftAppId);
