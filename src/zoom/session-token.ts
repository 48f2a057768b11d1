import type { Request } from 'express';
import type { RefreshLock } from '../sessions/refresh-lock';
import { openToken, sealToken } from '../sessions/sealed-token';
import type { SessionZoom, StoredToken } from '../sessions/session-data';
import { saveSession } from '../sessions/session-ops';
import type { TokenVault } from '../sessions/token-vault';
import { ReconnectRequiredError, ZoomApiError } from './errors';
import { OAuthGrantError, type ZoomOAuth } from './oauth';

/**
 * Hands route handlers a working access token from the host's session.
 * Refreshes shortly before expiry (refreshAt), and once more if Zoom says the token expired (code 124).
 * Zoom rotates refresh tokens, so every request holding the same refresh token shares one refresh
 * through the refresh lock (in-process, or across instances with Redis); the result travels sealed.
 */
export function createTokenKeeper(oauth: ZoomOAuth, vault: TokenVault, refreshLock: RefreshLock, now: () => number = Date.now) {
  async function refreshSealed(current: StoredToken): Promise<SessionZoom> {
    return sealToken(vault, await oauth.refresh(current));
  }

  async function refresh(req: Request, current: StoredToken): Promise<StoredToken> {
    let sealed: SessionZoom;
    try {
      sealed = await refreshLock.run(current.refreshToken, () => refreshSealed(current));
    } catch (error) {
      if (!(error instanceof OAuthGrantError)) throw error;
      delete req.session.zoom;
      await saveSession(req);
      throw new ReconnectRequiredError('Zoom no longer accepts this app\'s access. Please reconnect your Zoom account.');
    }
    req.session.zoom = sealed;
    // Persist the rotated refresh token before the new access token is used.
    await saveSession(req);
    const fresh = openToken(vault, sealed);
    if (!fresh) throw new ReconnectRequiredError();
    return fresh;
  }

  function currentToken(req: Request): StoredToken {
    const token = req.session.zoom && openToken(vault, req.session.zoom);
    if (!token) throw new ReconnectRequiredError('Connect your Zoom account to continue.');
    return token;
  }

  function isExpiredToken(error: unknown): boolean {
    return error instanceof ZoomApiError && error.status === 401 && error.code === 124;
  }

  /** Runs a Zoom call with a valid access token, refreshing when needed. */
  async function withAccessToken<T>(req: Request, call: (accessToken: string) => Promise<T>): Promise<T> {
    let token = currentToken(req);
    if (token.refreshAt <= now()) token = await refresh(req, token);
    try {
      return await call(token.accessToken);
    } catch (error) {
      if (!isExpiredToken(error)) throw error;
    }
    const fresh = await refresh(req, token);
    try {
      return await call(fresh.accessToken);
    } catch (error) {
      if (isExpiredToken(error)) throw new ReconnectRequiredError();
      throw error;
    }
  }

  return { withAccessToken };
}

export type TokenKeeper = ReturnType<typeof createTokenKeeper>;
