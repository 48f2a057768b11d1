import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else receives this typed object.
 * Sandbox mode (no ZOOM_CLIENT_ID) points the app at the built-in Zoom emulator.
 */
const SANDBOX_CLIENT = { id: 'sandbox-client-id', secret: 'sandbox-client-secret' };

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().optional(),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  ZOOM_CLIENT_ID: z.string().min(1).optional(),
  ZOOM_CLIENT_SECRET: z.string().min(1).optional(),
  ZOOM_OAUTH_URL: z.url({ protocol: /^https?$/ }).default('https://zoom.us'),
  ZOOM_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.zoom.us/v2'),
  ZOOM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(8),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  baseUrl: string;
  sandbox: boolean;
  zoom: {
    clientId: string;
    clientSecret: string;
    oauthUrl: string;
    apiUrl: string;
    redirectUri: string;
    timeoutMs: number;
  };
  session: { secret: string; cookieName: string; secure: boolean; maxAgeMs: number };
  emulator: { port: number };
}

export class ConfigError extends Error {}

/** Production refuses to start without the secrets; this names each missing one. */
function requireProductionSecrets(env: z.infer<typeof EnvSchema>): void {
  const names = ['ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET', 'BASE_URL', 'SESSION_SECRET'] as const;
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(`Missing required settings for NODE_ENV=production: ${missing.join(', ')}`);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  const env = parsed.data;
  if (env.NODE_ENV === 'production') requireProductionSecrets(env);
  if (env.ZOOM_CLIENT_ID && !env.ZOOM_CLIENT_SECRET) {
    throw new ConfigError('ZOOM_CLIENT_SECRET is required when ZOOM_CLIENT_ID is set');
  }
  const sandbox = !env.ZOOM_CLIENT_ID;
  const baseUrl = (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    // A sandbox serves only this machine; a real deployment listens on every interface.
    host: env.HOST ?? (sandbox ? '127.0.0.1' : '0.0.0.0'),
    baseUrl,
    sandbox,
    zoom: {
      clientId: env.ZOOM_CLIENT_ID ?? SANDBOX_CLIENT.id,
      clientSecret: env.ZOOM_CLIENT_SECRET ?? SANDBOX_CLIENT.secret,
      oauthUrl: env.ZOOM_OAUTH_URL.replace(/\/+$/, ''),
      apiUrl: env.ZOOM_API_URL.replace(/\/+$/, ''),
      redirectUri: `${baseUrl}/oauth/callback`,
      timeoutMs: env.ZOOM_TIMEOUT_MS,
    },
    session: {
      // Outside production a fixed development secret keeps sandbox logins across restarts.
      secret: env.SESSION_SECRET ?? 'development-only-session-secret-change-me',
      cookieName: baseUrl.startsWith('https://') ? '__Host-zls.sid' : 'zls.sid',
      secure: baseUrl.startsWith('https://'),
      maxAgeMs: env.SESSION_MAX_AGE_HOURS * 3600_000,
    },
    emulator: { port: env.EMULATOR_PORT },
  };
}

/** Sandbox: once the emulator listens, Zoom's two base URLs point at it. */
export function withZoomAt(config: Config, emulatorUrl: string): Config {
  return { ...config, zoom: { ...config.zoom, oauthUrl: emulatorUrl, apiUrl: `${emulatorUrl}/v2` } };
}
