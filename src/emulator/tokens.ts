/** Authorization codes and token pairs, with Zoom's rules: one-use codes, refresh rotation, revocation. */
import { randomBytes } from 'node:crypto';
import type { HostKey, ResolvedOptions } from './types';

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  hostKey: HostKey;
  scope: string;
  expiresAt: number;
  used: boolean;
}

/** One access token and its refresh token: revoking either ends both. */
export interface Grant {
  clientId: string;
  hostKey: HostKey;
  scope: string;
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  accessExpired: boolean;
  refreshSpent: boolean;
  revoked: boolean;
}

export type AccessCheck = { grant: Grant } | { problem: 'invalid' | 'expired' };

// Zoom refresh tokens last 90 days; nothing here depends on the exact figure.
const REFRESH_TTL_MS = 90 * 24 * 3_600_000;

function randomToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function createTokenStore(options: ResolvedOptions) {
  const { now } = options;
  const codes = new Map<string, AuthorizationCode>();
  const byAccess = new Map<string, Grant>();
  const byRefresh = new Map<string, Grant>();

  function issueCode(details: Omit<AuthorizationCode, 'expiresAt' | 'used'>): string {
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { ...details, expiresAt: now() + options.codeTtlSeconds * 1000, used: false });
    return code;
  }

  /** Returns the code's details if it may still be exchanged, and spends it either way. */
  function spendCode(code: string, clientId: string): AuthorizationCode | undefined {
    const found = codes.get(code);
    if (!found || found.used) return undefined;
    found.used = true;
    if (now() >= found.expiresAt || found.clientId !== clientId) return undefined;
    return found;
  }

  function issueGrant(clientId: string, hostKey: HostKey, scope: string): Grant {
    const grant: Grant = {
      clientId, hostKey, scope,
      accessToken: randomToken('emu_at_'),
      refreshToken: randomToken('emu_rt_'),
      accessExpiresAt: now() + options.accessTokenTtlSeconds * 1000,
      refreshExpiresAt: now() + REFRESH_TTL_MS,
      accessExpired: false, refreshSpent: false, revoked: false,
    };
    byAccess.set(grant.accessToken, grant);
    byRefresh.set(grant.refreshToken, grant);
    return grant;
  }

  /** Rotation: a refresh token works once and is replaced by a new pair. */
  function refresh(refreshToken: string, clientId: string): Grant | undefined {
    const old = byRefresh.get(refreshToken);
    if (!old || old.refreshSpent || old.revoked || old.clientId !== clientId) return undefined;
    if (now() >= old.refreshExpiresAt) return undefined;
    old.refreshSpent = true;
    return issueGrant(clientId, old.hostKey, old.scope);
  }

  function revoke(token: string): void {
    const grant = byAccess.get(token) ?? byRefresh.get(token);
    if (grant) grant.revoked = true;
  }

  function checkAccess(token: string): AccessCheck {
    const grant = byAccess.get(token);
    if (!grant || grant.revoked) return { problem: 'invalid' };
    if (grant.accessExpired || now() >= grant.accessExpiresAt) return { problem: 'expired' };
    return { grant };
  }

  function expireAccessTokens(): void {
    for (const grant of byAccess.values()) grant.accessExpired = true;
  }

  function expireRefreshTokens(): void {
    for (const grant of byRefresh.values()) grant.refreshSpent = true;
  }

  return { issueCode, spendCode, issueGrant, refresh, revoke, checkAccess, expireAccessTokens, expireRefreshTokens };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
