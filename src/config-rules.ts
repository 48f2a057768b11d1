import { isIP } from 'node:net';
import type { Env } from './config-env';

/** A setting start-up refuses: server.ts prints the message alone, one line, and exits 1. */
export class ConfigError extends Error {}

/** The sandbox's fixed secrets: public (they are in this code), so a deployment using them can be forged against. */
export const SANDBOX_SESSION_SECRET = 'development-only-session-secret-change-me';
export const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret-token';

const TRUST_EVERYONE =
  'it trusts any X-Forwarded-For a client sends, which bypasses the rate limit. ' +
  'Give the hop count (1 behind one load balancer or nginx) or the proxy addresses (e.g. loopback, 10.0.0.0/8).';
/** Words people write for "yes": each would mean "trust every hop" if Express took it as a boolean. */
const YES_WORDS = new Set(['true', 'yes', 'on', 'y']);
/** The names proxy-addr (Express's 'trust proxy') knows, exactly as it spells them. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of an address list; undefined when Express would take it, else why not. */
function problemWith(entry: string): string | undefined {
  if (NAMED_RANGES.has(entry)) return undefined;
  const [address, range, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return `"${entry}" is not an address, a subnet (address/bits) or one of loopback, linklocal, uniquelocal`;
  if (range === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(range) || Number(range) > bits) return `"${entry}" needs a prefix length of 1 to ${bits} after the slash`;
  if (Number(range) === 0) return `"${entry}" is every address: ${TRUST_EVERYONE}`;
  return undefined;
}

/**
 * "false", a hop count, or addresses/subnets as Express accepts them. Anything else is named here, in one
 * line: Express itself would throw a raw TypeError at start-up ("invalid IP address: TRUE"). "true" (any
 * spelling) and a /0 subnet trust every hop, so any client could pick the address the rate limiter counts.
 */
export function parseTrustProxy(value: string): false | number | string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'false') return false;
  if (YES_WORDS.has(trimmed.toLowerCase())) throw new ConfigError(`TRUST_PROXY=${trimmed} is refused: ${TRUST_EVERYONE}`);
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const problems = trimmed.split(',').map((entry) => problemWith(entry.trim())).filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new ConfigError(`TRUST_PROXY is refused: ${problems.join('; ')}`);
  return trimmed;
}

/** Loopback only: a bench or smoke test of a production build on one machine, where no cookie crosses a network. */
function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface SecretSettings {
  NODE_ENV: string;
  BASE_URL?: string;
  SESSION_SECRET?: string;
  ZOOM_WEBHOOK_SECRET_TOKEN?: string;
}

/**
 * Zoom mode (ZOOM_CLIENT_ID set, or NODE_ENV=production): the sandbox's secrets are printed in this file,
 * so a cookie signed or a webhook sent with them could come from anyone. In production an http BASE_URL sends
 * the session cookie and every stream key in clear (and the cookie is not Secure).
 */
export function refuseUnsafeZoomSettings(env: SecretSettings): void {
  if (env.SESSION_SECRET === SANDBOX_SESSION_SECRET) {
    throw new ConfigError('SESSION_SECRET is the sandbox\'s public secret and is refused in Zoom mode: generate one, e.g. `openssl rand -hex 32`');
  }
  if (env.ZOOM_WEBHOOK_SECRET_TOKEN === SANDBOX_WEBHOOK_SECRET) {
    throw new ConfigError('ZOOM_WEBHOOK_SECRET_TOKEN is the sandbox\'s public token and is refused in Zoom mode: copy the Secret Token of your Marketplace app\'s event subscription');
  }
  if (env.NODE_ENV === 'production' && env.BASE_URL?.startsWith('http://') && !isLoopbackUrl(env.BASE_URL)) {
    throw new ConfigError(`BASE_URL is http:// and is refused with NODE_ENV=production: logins and stream keys would cross the network unencrypted. Use the https address your proxy serves`);
  }
}

/**
 * Real credentials mean real users: the public fallbacks (session secret, a token key derived from it,
 * no webhook secret) would let anyone who reads this code forge cookies and open a store dump's tokens.
 * So the mode decides, not NODE_ENV: with ZOOM_CLIENT_ID set (or in production) every secret is
 * required, and start-up names each missing one.
 */
export function requireZoomModeSecrets(env: Env): void {
  const names = ['ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET', 'BASE_URL', 'SESSION_SECRET', 'TOKEN_ENCRYPTION_KEYS', 'ZOOM_WEBHOOK_SECRET_TOKEN'] as const;
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(`Missing required settings for Zoom mode (ZOOM_CLIENT_ID is set, or NODE_ENV=production): ${missing.join(', ')}`);
  }
}

/** Settings that run but will not work as meant. */
export function warningsFor(baseUrl: string, trustProxy: false | number | string): string[] {
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
