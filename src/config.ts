// Configuration from the environment, checked once at start-up with clear messages.
import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('127.0.0.1'),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.string().optional(),
  /** Origins (e.g. https://smba.trafficmanager.net) the bot may reply to when authentication is off. */
  SERVICE_URL_ALLOWLIST: list,
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
  /** Requests per minute one client address may make to the POST routes, per instance. 0 = no limit. */
  RATE_LIMIT_PER_CLIENT: z.coerce.number().int().min(0).max(1_000_000).default(300),
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
