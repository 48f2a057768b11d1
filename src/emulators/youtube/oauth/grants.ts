/**
 * Authorization codes, grants and tokens with Google's rules: one-use codes, an hour-long access token, a refresh
 * token only with access_type=offline that is NOT rotated (the same one keeps working), and revocation of the whole
 * grant through either of its tokens.
 */
import { randomBytes } from 'node:crypto';
import type { ResolvedOptions } from '../options';
import type { AccountKey } from '../types';

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  account: AccountKey;
  scope: string;
  offline: boolean;
  expiresAt: number;
}

/** One consent: its refresh token (if offline) and every access token issued from it. */
export interface Grant {
  clientId: string;
  account: AccountKey;
  scope: string;
  refreshToken?: string;
  accessTokens: Set<string>;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

function randomToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function createTokenStore(options: ResolvedOptions) {
  const { now } = options;
  const codes = new Map<string, AuthorizationCode>();
  const byAccess = new Map<string, AccessToken>();
  const byRefresh = new Map<string, Grant>();

  function issueCode(details: Omit<AuthorizationCode, 'expiresAt'>): string {
    const code = `4/${randomBytes(24).toString('base64url')}`;
    codes.set(code, { ...details, expiresAt: now() + options.codeTtlSeconds * 1000 });
    return code;
  }

  /** Returns the code's details if it may still be exchanged, and spends it either way (a replay finds nothing). */
  function spendCode(code: string): AuthorizationCode | undefined {
    const found = codes.get(code);
    codes.delete(code);
    return found && now() < found.expiresAt ? found : undefined;
  }

  function issueAccessToken(grant: Grant): string {
    const token = randomToken('ya29.emu_');
    grant.accessTokens.add(token);
    byAccess.set(token, { grant, expiresAt: now() + options.accessTokenTtlSeconds * 1000 });
    return token;
  }

  function createGrant(found: AuthorizationCode): { grant: Grant; accessToken: string } {
    const grant: Grant = { clientId: found.clientId, account: found.account, scope: found.scope, accessTokens: new Set() };
    if (found.offline) {
      grant.refreshToken = randomToken('1//emu_');
      byRefresh.set(grant.refreshToken, grant);
    }
    return { grant, accessToken: issueAccessToken(grant) };
  }

  /** A new access token from the same grant; the refresh token itself stays as it was (Google does not rotate it). */
  function refresh(refreshToken: string, clientId: string): { grant: Grant; accessToken: string } | undefined {
    const grant = byRefresh.get(refreshToken);
    if (!grant || grant.clientId !== clientId) return undefined;
    return { grant, accessToken: issueAccessToken(grant) };
  }

  /** Either token ends the whole grant, as Google's revoke endpoint does. False when the token is unknown. */
  function revoke(token: string): boolean {
    const grant = byAccess.get(token)?.grant ?? byRefresh.get(token);
    if (!grant) return false;
    for (const access of grant.accessTokens) byAccess.delete(access);
    if (grant.refreshToken) byRefresh.delete(grant.refreshToken);
    return true;
  }

  function checkAccess(token: string): Grant | undefined {
    const found = byAccess.get(token);
    return found && now() < found.expiresAt ? found.grant : undefined;
  }

  function expireAccessTokens(): void {
    for (const token of byAccess.values()) token.expiresAt = 0;
  }

  /** Forgets what can no longer be used, so a long sandbox run holds only live entries. */
  function pruneExpired(): void {
    const at = now();
    for (const [code, { expiresAt }] of codes) if (at >= expiresAt) codes.delete(code);
    for (const [token, { grant, expiresAt }] of byAccess) {
      if (at < expiresAt) continue;
      byAccess.delete(token);
      grant.accessTokens.delete(token);
    }
  }

  return { issueCode, spendCode, createGrant, refresh, revoke, checkAccess, expireAccessTokens, pruneExpired };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
