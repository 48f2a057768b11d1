import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, parseTrustProxy, refuseUnsafeZoomSettings, SANDBOX_SESSION_SECRET, SANDBOX_WEBHOOK_SECRET } from './config-rules';

export { ConfigError, SANDBOX_WEBHOOK_SECRET };

/**
 * The one place that reads the environment. Everything else receives this typed object.
 * Sandbox mode (no ZOOM_CLIENT_ID) points the app at the built-in Zoom emulator.
 */
const SANDBOX_CLIENT = { id: 'sandbox-client-id', secret: 'sandbox-client-secret' };

/** Digits only: Number() would read "0x10" as 16 and "1e3" as 1000, and listen somewhere unexpected. */
function portNumber(fallback: number) {
  return z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number (0-65535; 0 means any free port)')
    .transform(Number)
    .pipe(z.number().max(65535, 'must be a port number (0-65535; 0 means any free port)'))
    .default(fallback);
}

const EnvSchema = z.object({
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
  ZOOM_LIGHT_RATE_PER_SECOND: z.coerce.number().int().positive().max(1000).default(30),
  JOB_CONCURRENCY: z.coerce.number().int().positive().max(32).default(4),
  JOB_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(30),
  JOB_POLL_MS: z.coerce.number().int().positive().max(60_000).default(1000),
  // 0 turns the read cache off: every page view asks Zoom.
  ZOOM_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  // On every log line: which instance wrote it. Letters, digits and . _ : @ - only (it lands in JSON and in dashboards).
  INSTANCE_NAME: z.string().regex(/^[A-Za-z0-9._:@-]{1,100}$/, 'INSTANCE_NAME must be 1-100 of A-Z a-z 0-9 . _ : @ -').optional(),
  // Unset: no /metrics at all. Set: /metrics answers a scraper sending it as a bearer token.
  METRICS_TOKEN: z.string().regex(/^[\x21-\x7e]{16,}$/, 'METRICS_TOKEN must be 16 or more printable characters without spaces').optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  baseUrl: string;
  /** Sandbox without BASE_URL: server.ts sets baseUrl from the port it bound (withListeningPort), so PORT=0 works. */
  baseUrlFromPort: boolean;
  sandbox: boolean;
  /** Stack traces on 500 pages: only a developer's sandbox, never a deployment holding real credentials. */
  showStack: boolean;
  /** Settings that start but will misbehave; server.ts prints them at start-up. */
  warnings: string[];
  zoom: {
    clientId: string;
    clientSecret: string;
    oauthUrl: string;
    apiUrl: string;
    redirectUri: string;
    timeoutMs: number;
  };
  session: {
    secret: string;
    cookieName: string;
    secure: boolean;
    /** Absolute lifetime of a login, whatever the activity. */
    maxAgeMs: number;
    /** A session unused this long ends (the cookie is rolled on every request). */
    idleMs: number;
    store: 'sqlite' | 'redis' | 'memory';
    dbPath: string;
    redisUrl?: string;
    redisPrefix: string;
  };
  /** Express's 'trust proxy' setting: false, a hop count, or a list of addresses (never true: see parseTrustProxy). */
  trustProxy: false | number | string;
  /** Raw TOKEN_ENCRYPTION_KEYS ("id:base64key,..."; the first encrypts); undefined only in the sandbox, where a key is derived from SESSION_SECRET. */
  tokenKeys?: string;
  webhookSecret?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  rateLimitPerMinute: number;
  /** The folder of the app's files (sessions database, the sandbox emulator's state). */
  dataDir: string;
  /** The app's own database: `sqlite:<file>` (default DATA_DIR/app.db) or `postgres://…` for several instances. */
  databaseUrl: string;
  /** Change history entries older than this many days are pruned. */
  historyDays: number;
  emulator: { port: number };
  /** Bulk jobs: Zoom's LIGHT rate per account (30/s on Pro; more on larger plans), requests in flight per account, the lease, how often an idle instance looks for work. */
  jobs: { perSecond: number; concurrency: number; leaseMs: number; pollMs: number };
  /** How long a page may show a reading of Zoom kept for its host (events and the host's changes clear it sooner); 0: not kept. */
  cacheMs: number;
  /** A field of every log line: INSTANCE_NAME, default `<hostname>:<pid>`. */
  instanceName: string;
  /** Bearer token of GET /metrics; undefined: no metrics are collected and /metrics is a 404. */
  metricsToken?: string;
}

type Env = z.infer<typeof EnvSchema>;

/**
 * Real credentials mean real users: the public fallbacks (session secret, a token key derived from it,
 * no webhook secret) would let anyone who reads this code forge cookies and open a store dump's tokens.
 * So the mode decides, not NODE_ENV: with ZOOM_CLIENT_ID set (or in production) every secret is
 * required, and start-up names each missing one.
 */
function requireZoomModeSecrets(env: Env): void {
  const names = ['ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET', 'BASE_URL', 'SESSION_SECRET', 'TOKEN_ENCRYPTION_KEYS', 'ZOOM_WEBHOOK_SECRET_TOKEN'] as const;
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(`Missing required settings for Zoom mode (ZOOM_CLIENT_ID is set, or NODE_ENV=production): ${missing.join(', ')}`);
  }
}

/** Settings that run but will not work as meant. */
function warningsFor(baseUrl: string, trustProxy: false | number | string): string[] {
  const warnings: string[] = [];
  // The app speaks plain HTTP, so an https BASE_URL means a proxy terminates TLS; without trusting it,
  // every request looks insecure and express-session refuses to send the Secure cookie.
  if (baseUrl.startsWith('https://') && trustProxy === false) {
    warnings.push(
      'BASE_URL is https but TRUST_PROXY is not set: behind a TLS-terminating proxy the session cookie (Secure) will never be set, ' +
        'so no one can log in. Set TRUST_PROXY to the hop count (e.g. 1) or the proxy addresses.',
    );
  }
  return warnings;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  const env = parsed.data;
  if (env.ZOOM_CLIENT_ID || env.NODE_ENV === 'production') {
    requireZoomModeSecrets(env);
    refuseUnsafeZoomSettings(env);
  }
  const store = env.SESSION_STORE ?? (env.REDIS_URL ? 'redis' : 'sqlite');
  if (store === 'memory' && env.NODE_ENV === 'production') {
    throw new ConfigError('SESSION_STORE=memory loses every login on restart and is refused when NODE_ENV=production');
  }
  if (store === 'redis' && !env.REDIS_URL) throw new ConfigError('REDIS_URL is required when SESSION_STORE=redis');
  const sandbox = !env.ZOOM_CLIENT_ID;
  const baseUrl = (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    // A sandbox serves only this machine; a real deployment listens on every interface.
    host: env.HOST ?? (sandbox ? '127.0.0.1' : '0.0.0.0'),
    baseUrl,
    baseUrlFromPort: !env.BASE_URL,
    sandbox,
    showStack: sandbox && env.NODE_ENV === 'development',
    warnings: warningsFor(baseUrl, trustProxy),
    zoom: {
      clientId: env.ZOOM_CLIENT_ID ?? SANDBOX_CLIENT.id,
      clientSecret: env.ZOOM_CLIENT_SECRET ?? SANDBOX_CLIENT.secret,
      oauthUrl: env.ZOOM_OAUTH_URL.replace(/\/+$/, ''),
      apiUrl: env.ZOOM_API_URL.replace(/\/+$/, ''),
      redirectUri: `${baseUrl}/oauth/callback`,
      timeoutMs: env.ZOOM_TIMEOUT_MS,
    },
    session: {
      // Only the sandbox gets here without one (see requireZoomModeSecrets): a fixed secret keeps its logins across restarts.
      secret: env.SESSION_SECRET ?? SANDBOX_SESSION_SECRET,
      cookieName: baseUrl.startsWith('https://') ? '__Host-zls.sid' : 'zls.sid',
      secure: baseUrl.startsWith('https://'),
      maxAgeMs: env.SESSION_MAX_AGE_HOURS * 3600_000,
      idleMs: env.SESSION_IDLE_MINUTES * 60_000,
      store,
      dbPath: env.SESSION_DB_PATH ?? path.join(env.DATA_DIR, 'sessions.db'),
      redisUrl: env.REDIS_URL,
      redisPrefix: env.REDIS_PREFIX,
    },
    trustProxy,
    tokenKeys: env.TOKEN_ENCRYPTION_KEYS,
    // The sandbox's emulator signs its webhooks with a fixed token of its own.
    webhookSecret: env.ZOOM_WEBHOOK_SECRET_TOKEN ?? (sandbox ? SANDBOX_WEBHOOK_SECRET : undefined),
    logLevel: env.LOG_LEVEL,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL ?? `sqlite:${path.join(env.DATA_DIR, 'app.db')}`,
    historyDays: env.HISTORY_DAYS,
    emulator: { port: env.EMULATOR_PORT },
    jobs: { perSecond: env.ZOOM_LIGHT_RATE_PER_SECOND, concurrency: env.JOB_CONCURRENCY, leaseMs: env.JOB_LEASE_SECONDS * 1000, pollMs: env.JOB_POLL_MS },
    cacheMs: env.ZOOM_CACHE_SECONDS * 1000,
    instanceName: env.INSTANCE_NAME ?? `${hostname()}:${process.pid}`,
    metricsToken: env.METRICS_TOKEN,
  };
}

/**
 * Sandbox without BASE_URL: once the app listens, its address is known (PORT=0 picks a free port,
 * so tests and parallel sandboxes never race for one). A BASE_URL that was set is kept as it is.
 */
export function withListeningPort(config: Config, port: number): Config {
  if (!config.baseUrlFromPort) return config;
  const baseUrl = `http://localhost:${port}`;
  return { ...config, port, baseUrl, zoom: { ...config.zoom, redirectUri: `${baseUrl}/oauth/callback` } };
}

/** Sandbox: once the emulator listens, Zoom's two base URLs point at it. */
export function withZoomAt(config: Config, emulatorUrl: string): Config {
  return { ...config, zoom: { ...config.zoom, oauthUrl: emulatorUrl, apiUrl: `${emulatorUrl}/v2` } };
}
