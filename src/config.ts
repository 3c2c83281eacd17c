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
  /** Sites allowed to embed the guide in a frame (CSP frame-ancestors), e.g. "https://www.example-charity.org.uk". */
  FRAME_ANCESTORS: list,
  /** Where "Exit this page" goes: a neutral site with no personal content. */
  EXIT_URL: z.string().url().default('https://www.bbc.co.uk/weather')
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
