import { z } from 'zod';

/** Every environment variable the app reads, with its default and its limits; loadConfig (config.ts) turns it into a Config. */

/** Digits only: Number() would read "0x10" as 16 and "1e3" as 1000, and listen somewhere unexpected. */
function portNumber(fallback: number) {
  return z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number (0-65535; 0 means any free port)')
    .transform(Number)
    .pipe(z.number().max(65535, 'must be a port number (0-65535; 0 means any free port)'))
    .default(fallback);
}

/** YouTube's default daily quota of a Google Cloud project; Google grants more on request (docs/youtube.md#quota). */
export const DEFAULT_YOUTUBE_DAILY_QUOTA = 10_000;

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: portNumber(3000),
  HOST: z.string().optional(),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  ZOOM_CLIENT_ID: z.string().min(1).optional(),
  ZOOM_CLIENT_SECRET: z.string().min(1).optional(),
  ZOOM_OAUTH_URL: z.url({ protocol: /^https?$/ }).default('https://zoom.us'),
  ZOOM_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.zoom.us/v2'),
  ZOOM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(8),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(60),
  SESSION_STORE: z.enum(['sqlite', 'redis', 'memory']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_DB_PATH: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_PREFIX: z.string().default('zls:'),
  TRUST_PROXY: z.string().default('false'),
  TOKEN_ENCRYPTION_KEYS: z.string().optional(),
  ZOOM_WEBHOOK_SECRET_TOKEN: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  DATABASE_URL: z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'DATABASE_URL must be sqlite:<file> or postgres://…').optional(),
  HISTORY_DAYS: z.coerce.number().int().positive().max(3650).default(90),
  EMULATOR_PORT: portNumber(4010),
  // The YouTube destination (docs/youtube.md): a Google Cloud project's OAuth client; without one, the sandbox
  // uses the YouTube emulator on YOUTUBE_EMULATOR_PORT and a real deployment offers no YouTube destination.
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  GOOGLE_AUTH_URL: z.string().url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: z.string().url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_REVOKE_URL: z.string().url().default('https://oauth2.googleapis.com/revoke'),
  YOUTUBE_API_URL: z.string().url().default('https://youtube.googleapis.com/'),
  YOUTUBE_EMULATOR_PORT: portNumber(4011),
  // The Google project's YouTube quota per Pacific day (docs/youtube.md#quota), shared by every instance: work pauses
  // before it would be passed. Digits only, like a port: Number() would read '1e4' or '0x10'.
  YOUTUBE_DAILY_QUOTA: z.string().regex(/^\d{1,9}$/, 'YOUTUBE_DAILY_QUOTA must be a whole number of quota units, e.g. 10000')
    .transform(Number).pipe(z.number().int().positive('YOUTUBE_DAILY_QUOTA must be at least 1')).default(DEFAULT_YOUTUBE_DAILY_QUOTA),
  ZOOM_LIGHT_RATE_PER_SECOND: z.coerce.number().int().positive().max(1000).default(30),
  JOB_CONCURRENCY: z.coerce.number().int().positive().max(32).default(4),
  JOB_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(30),
  JOB_POLL_MS: z.coerce.number().int().positive().max(60_000).default(1000),
  // Plans (docs/plans.md): how often one instance reconciles every planning host with Zoom (0: never), and the
  // waits between a plan's attempts to start a stream Zoom refused in the meeting's first seconds.
  PLANS_RECONCILE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Pre-flight checks (issue 25): how often the automatic run looks (0 = off), and how many hours before a start it checks. */
  PREFLIGHT_PERIOD_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  PREFLIGHT_BEFORE_HOURS: z.string().regex(/^\d{1,3}(\.\d{1,2})?(,\d{1,3}(\.\d{1,2})?){0,5}$/, 'PREFLIGHT_BEFORE_HOURS: comma-separated hours, e.g. 24,1').default('24,1'),
  PLANS_START_WAITS_MS: z.string().regex(/^\d{1,6}(,\d{1,6}){0,15}$/, 'PLANS_START_WAITS_MS: comma-separated milliseconds, e.g. 1000,2000,4000').default('1000,2000,4000,8000,15000,30000'),
  // 0 turns the read cache off: every page view asks Zoom.
  ZOOM_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  // On every log line: which instance wrote it. Letters, digits and . _ : @ - only (it lands in JSON and in dashboards).
  INSTANCE_NAME: z.string().regex(/^[A-Za-z0-9._:@-]{1,100}$/, 'INSTANCE_NAME must be 1-100 of A-Z a-z 0-9 . _ : @ -').optional(),
  // Unset: no /metrics at all. Set: /metrics answers a scraper sending it as a bearer token.
  METRICS_TOKEN: z.string().regex(/^[\x21-\x7e]{16,}$/, 'METRICS_TOKEN must be 16 or more printable characters without spaces').optional(),
});

export type Env = z.infer<typeof EnvSchema>;
