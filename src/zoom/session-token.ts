import type { Request } from 'express';
import { openToken, sealToken } from '../sessions/sealed-token';
import type { StoredToken } from '../sessions/session-data';
import { saveSession } from '../sessions/session-ops';
import type { TokenVault } from '../sessions/token-vault';
import { ReconnectRequiredError, ZoomApiError } from './errors';
import { OAuthGrantError, type ZoomOAuth } from './oauth';

/**
 * Hands route handlers a working access token from the host's session.
 * Refreshes shortly before expiry (refreshAt), and once more if Zoom says the token expired (code 124).
 * Zoom rotates refresh tokens, so every request holding the same refresh token shares one
 * refresh, including requests that loaded the session just before the new token was saved.
 */
const REMEMBER_RESULT_MS = 30_000;

export function createTokenKeeper(oauth: ZoomOAuth, vault: TokenVault, now: () => number = Date.now) {
  const inFlight = new Map<string, Promise<StoredToken>>();

  async function refreshAndStore(req: Request, current: StoredToken): Promise<StoredToken> {
    try {
      const fresh = await oauth.refresh(current);
      req.session.zoom = sealToken(vault, fresh);
      // Persist the rotated refresh token before anyone uses the new access token.
      await saveSession(req);
      return fresh;
    } catch (error) {
      if (!(error instanceof OAuthGrantError)) throw error;
      delete req.session.zoom;
      await saveSession(req);
      throw new ReconnectRequiredError('Zoom no longer accepts this app\'s access. Please reconnect your Zoom account.');
    }
  }

  async function refresh(req: Request, current: StoredToken): Promise<StoredToken> {
    const key = current.refreshToken;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = refreshAndStore(req, current);
      inFlight.set(key, pending);
      const forget = () => setTimeout(() => inFlight.delete(key), REMEMBER_RESULT_MS).unref();
      pending.then(forget, forget);
    }
    try {
      const fresh = await pending;
      req.session.zoom = sealToken(vault, fresh);
      return fresh;
    } catch (error) {
      // Requests that waited on a refused refresh drop the dead token too.
      if (error instanceof ReconnectRequiredError) delete req.session.zoom;
      throw error;
    }
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
