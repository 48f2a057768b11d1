import { hostname } from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { DEFAULT_YOUTUBE_DAILY_QUOTA, EnvSchema, type Env } from './config-env';
import { ConfigError, parseTrustProxy, refuseUnsafeZoomSettings, requireZoomModeSecrets, SANDBOX_SESSION_SECRET, SANDBOX_WEBHOOK_SECRET, warningsFor } from './config-rules';

export { ConfigError, SANDBOX_WEBHOOK_SECRET };

/**
 * The one place that reads the environment. Everything else receives this typed object.
 * Sandbox mode (no ZOOM_CLIENT_ID) points the app at the built-in Zoom emulator.
 */
const SANDBOX_CLIENT = { id: 'sandbox-client-id', secret: 'sandbox-client-secret' };
/** The sandbox's Google OAuth client, as the YouTube emulator knows it by default. */
const SANDBOX_GOOGLE_CLIENT = { id: 'sandbox-google-client-id.apps.googleusercontent.com', secret: 'sandbox-google-client-secret' };

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
  /**
   * The YouTube destination's Google OAuth client and endpoints; undefined when YouTube is off (no GOOGLE_CLIENT_ID
   * outside the sandbox). The sandbox points them at the YouTube emulator (withGoogleAt).
   */
  google?: { clientId: string; clientSecret: string; redirectUri: string; authUrl: string; tokenUrl: string; revokeUrl: string; apiUrl: string; emulated: boolean;
    /** YOUTUBE_DAILY_QUOTA: the project's quota units per Pacific day, shared by every instance (src/youtube/quota.ts). */
    dailyUnits: number };
  youtubeEmulator: { port: number };
  /** Pre-flight checks' automatic run: its period (0 = off) and how long before a start each check runs. */
  preflight: { periodMs: number; windowsMs: number[] };
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
  /** Plans: the reconcile's period (0: off) and the waits between attempts to start a stream (their sum is the window). */
  plans: { reconcileMs: number; startWaitsMs: number[] };
  /** How long a page may show a reading of Zoom kept for its host (events and the host's changes clear it sooner); 0: not kept. */
  cacheMs: number;
  /** A field of every log line: INSTANCE_NAME, default `<hostname>:<pid>`. */
  instanceName: string;
  /** Bearer token of GET /metrics; undefined: no metrics are collected and /metrics is a 404. */
  metricsToken?: string;
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
    google: googleOf(env, baseUrl, sandbox),
    youtubeEmulator: { port: env.YOUTUBE_EMULATOR_PORT },
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
    plans: { reconcileMs: env.PLANS_RECONCILE_SECONDS * 1000, startWaitsMs: env.PLANS_START_WAITS_MS.split(',').map(Number) },
    preflight: {
      periodMs: env.PREFLIGHT_PERIOD_SECONDS * 1000,
      // Longest first: a check 24 h ahead, then 1 h ahead.
      windowsMs: env.PREFLIGHT_BEFORE_HOURS.split(',').map((hours) => Math.round(Number(hours) * 3600_000)).sort((a, b) => b - a),
    },
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
  const google = config.google && { ...config.google, redirectUri: `${baseUrl}/youtube/callback` };
  return { ...config, port, baseUrl, google, zoom: { ...config.zoom, redirectUri: `${baseUrl}/oauth/callback` } };
}

/** Sandbox: once the emulator listens, Zoom's two base URLs point at it. */
/** Google's settings from the environment: a real client when GOOGLE_CLIENT_ID is set, the emulator's in the sandbox. */
function googleOf(env: Env, baseUrl: string, sandbox: boolean): Config['google'] {
  if (!env.GOOGLE_CLIENT_ID && !sandbox) return undefined;
  return {
    clientId: env.GOOGLE_CLIENT_ID ?? SANDBOX_GOOGLE_CLIENT.id,
    clientSecret: env.GOOGLE_CLIENT_SECRET ?? SANDBOX_GOOGLE_CLIENT.secret,
    redirectUri: `${baseUrl}/youtube/callback`,
    authUrl: env.GOOGLE_AUTH_URL, tokenUrl: env.GOOGLE_TOKEN_URL, revokeUrl: env.GOOGLE_REVOKE_URL, apiUrl: env.YOUTUBE_API_URL,
    dailyUnits: env.YOUTUBE_DAILY_QUOTA,
    // No Google client: the sandbox's YouTube emulator stands in (server.ts starts it).
    emulated: !env.GOOGLE_CLIENT_ID,
  };
}

/** The YouTube destination against the YouTube emulator at this URL (the sandbox, tests). */
export function withGoogleAt(config: Config, emulatorUrl: string): Config {
  const client = config.google ?? { clientId: SANDBOX_GOOGLE_CLIENT.id, clientSecret: SANDBOX_GOOGLE_CLIENT.secret, redirectUri: `${config.baseUrl}/youtube/callback` };
  const { clientId, clientSecret, redirectUri } = client;
  return {
    ...config,
    google: {
      clientId, clientSecret, redirectUri, emulated: true, dailyUnits: config.google?.dailyUnits ?? DEFAULT_YOUTUBE_DAILY_QUOTA,
      authUrl: `${emulatorUrl}/o/oauth2/v2/auth`, tokenUrl: `${emulatorUrl}/token`, revokeUrl: `${emulatorUrl}/revoke`, apiUrl: `${emulatorUrl}/`,
    },
  };
}

export function withZoomAt(config: Config, emulatorUrl: string): Config {
  return { ...config, zoom: { ...config.zoom, oauthUrl: emulatorUrl, apiUrl: `${emulatorUrl}/v2` } };
}