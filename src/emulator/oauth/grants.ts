/**
 * Authorization codes and token pairs, with Zoom's rules: one-use codes, refresh rotation, revocation.
 * What can no longer be used is forgotten (spent, rotated, revoked at once; expired on pruneExpired()),
 * so a long sandbox run holds only live entries. A forgotten value is refused exactly as an unknown one is.
 */
import { randomBytes } from 'node:crypto';
import type { ResolvedOptions } from '../options';
import type { HostKey } from '../types';

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  hostKey: HostKey;
  scope: string;
  expiresAt: number;
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
}

/** A pair as the state file keeps it: which of its two tokens still work. */
export interface SavedGrant extends Grant {
  accessUsable: boolean;
  refreshUsable: boolean;
}

export type AccessCheck = { grant: Grant } | { problem: 'invalid' | 'expired' };

// Zoom refresh tokens last 90 days; nothing here depends on the exact figure.
const REFRESH_TTL_MS = 90 * 24 * 3_600_000;
// An expired access token is told apart from an unknown one ("expired" vs "invalid", both 401 code 124) for
// an hour after it expires: long enough for a client's next call, short enough that the sandbox forgets it.
const EXPIRED_ACCESS_MEMORY_MS = 3_600_000;

function randomToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** onChange runs after every change to the token pairs (not to codes: a login pending over a restart starts again). */
export function createTokenStore(options: ResolvedOptions, onChange: () => void = () => undefined) {
  const { now } = options;
  const codes = new Map<string, AuthorizationCode>();
  const byAccess = new Map<string, Grant>();
  const byRefresh = new Map<string, Grant>();

  function issueCode(details: Omit<AuthorizationCode, 'expiresAt'>): string {
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { ...details, expiresAt: now() + options.codeTtlSeconds * 1000 });
    return code;
  }

  /** Returns the code's details if it may still be exchanged, and spends it either way. */
  function spendCode(code: string, clientId: string): AuthorizationCode | undefined {
    const found = codes.get(code);
    if (!found) return undefined;
    codes.delete(code);
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
      accessExpired: false,
    };
    byAccess.set(grant.accessToken, grant);
    byRefresh.set(grant.refreshToken, grant);
    onChange();
    return grant;
  }

  /** Rotation: a refresh token works once and is replaced by a new pair. */
  function refresh(refreshToken: string, clientId: string): Grant | undefined {
    const old = byRefresh.get(refreshToken);
    if (!old || old.clientId !== clientId || now() >= old.refreshExpiresAt) return undefined;
    byRefresh.delete(refreshToken);
    return issueGrant(clientId, old.hostKey, old.scope);
  }

  /** Revoking either token of a pair ends both. */
  function revoke(token: string): void {
    const grant = byAccess.get(token) ?? byRefresh.get(token);
    if (!grant) return;
    byAccess.delete(grant.accessToken);
    byRefresh.delete(grant.refreshToken);
    onChange();
  }

  function checkAccess(token: string): AccessCheck {
    const grant = byAccess.get(token);
    if (!grant) return { problem: 'invalid' };
    if (grant.accessExpired || now() >= grant.accessExpiresAt) return { problem: 'expired' };
    return { grant };
  }

  function expireAccessTokens(): void {
    for (const grant of byAccess.values()) grant.accessExpired = true;
    onChange();
  }

  function expireRefreshTokens(): void {
    byRefresh.clear();
    onChange();
  }

  function pruneExpired(): void {
    const at = now();
    for (const [code, { expiresAt }] of codes) if (at >= expiresAt) codes.delete(code);
    for (const [token, grant] of byAccess) if (at >= grant.accessExpiresAt + EXPIRED_ACCESS_MEMORY_MS) byAccess.delete(token);
    for (const [token, grant] of byRefresh) if (at >= grant.refreshExpiresAt) byRefresh.delete(token);
  }

  /** Every pair with a token that still works; a rotated pair keeps its access token until that expires. */
  function exportGrants(): SavedGrant[] {
    const grants = new Set([...byAccess.values(), ...byRefresh.values()]);
    return [...grants].map((grant) => ({
      ...grant, accessUsable: byAccess.get(grant.accessToken) === grant, refreshUsable: byRefresh.get(grant.refreshToken) === grant,
    }));
  }

  function importGrants(saved: SavedGrant[]): void {
    for (const { accessUsable, refreshUsable, ...grant } of saved) {
      if (accessUsable) byAccess.set(grant.accessToken, grant);
      if (refreshUsable) byRefresh.set(grant.refreshToken, grant);
    }
  }

  function counts() {
    return { codes: codes.size, accessTokens: byAccess.size, refreshTokens: byRefresh.size };
  }

  return {
    issueCode, spendCode, issueGrant, refresh, revoke, checkAccess, expireAccessTokens, expireRefreshTokens, pruneExpired, counts,
    exportGrants, importGrants,
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
