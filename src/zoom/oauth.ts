import { AuthorizationCode } from 'simple-oauth2';
import type { StoredToken } from '../sessions/session-data';
import { ZoomUnavailableError } from './errors';

/** Zoom's OAuth endpoints through simple-oauth2: authorize URL, code exchange, refresh, revoke. */
export interface ZoomOAuthOptions {
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
  redirectUri: string;
  timeoutMs: number;
}

/** Zoom refused a code or a refresh token (`invalid_grant` and friends). */
export class OAuthGrantError extends Error {
  constructor(readonly status: number, readonly reason: string, readonly error: string) {
    super(reason);
    this.name = 'OAuthGrantError';
  }
}

interface BoomLike {
  isBoom?: boolean;
  output?: { statusCode?: number };
  data?: { payload?: { reason?: string; error?: string } | Buffer | string };
}

/** simple-oauth2 throws Boom errors for HTTP failures and plain errors for network ones. */
function translate(error: unknown): Error {
  const boom = error as BoomLike;
  const status = boom?.output?.statusCode;
  if (boom?.isBoom && status && status < 500 && status !== 408 && status !== 504) {
    const payload = boom.data?.payload;
    const body = payload && typeof payload === 'object' && !Buffer.isBuffer(payload) ? payload : {};
    return new OAuthGrantError(status, body.reason ?? 'Zoom refused the request.', body.error ?? 'invalid_request');
  }
  if (status === 504 || status === 408 || /timed out/i.test(String((error as Error)?.message))) {
    return new ZoomUnavailableError('timeout', 'Zoom did not answer in time.');
  }
  return new ZoomUnavailableError(status ? 'bad_response' : 'network', 'Zoom could not be reached.');
}

/** Refresh a minute early, or halfway through a token that lives less than two minutes. */
const REFRESH_MARGIN_MS = 60_000;

function toStoredToken(token: Record<string, unknown>, userId: string): StoredToken {
  const now = Date.now();
  const lifetimeMs = typeof token.expires_in === 'number' ? token.expires_in * 1000 : 3599_000;
  return {
    accessToken: String(token.access_token),
    refreshToken: String(token.refresh_token),
    expiresAt: now + lifetimeMs,
    refreshAt: now + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2),
    scope: typeof token.scope === 'string' ? token.scope : '',
    userId,
  };
}

export function createZoomOAuth(options: ZoomOAuthOptions) {
  const client = new AuthorizationCode({
    client: { id: options.clientId, secret: options.clientSecret },
    auth: { tokenHost: options.oauthUrl, tokenPath: '/oauth/token', authorizePath: '/oauth/authorize', revokePath: '/oauth/revoke' },
    options: { authorizationMethod: 'header' },
    http: { timeout: options.timeoutMs },
  } as ConstructorParameters<typeof AuthorizationCode>[0]);

  return {
    authorizeUrl(state: string, codeChallenge: string): string {
      return client.authorizeURL({
        redirect_uri: options.redirectUri,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      } as Parameters<typeof client.authorizeURL>[0]);
    },
    async exchangeCode(code: string, codeVerifier: string): Promise<StoredToken> {
      try {
        const token = await client.getToken({ code, redirect_uri: options.redirectUri, code_verifier: codeVerifier } as never);
        return toStoredToken(token.token, '');
      } catch (error) {
        throw translate(error);
      }
    },
    /** Zoom rotates refresh tokens: the returned token replaces the old one everywhere. */
    async refresh(current: StoredToken): Promise<StoredToken> {
      try {
        const token = await client.createToken({ access_token: current.accessToken, refresh_token: current.refreshToken }).refresh();
        return toStoredToken(token.token, current.userId);
      } catch (error) {
        throw translate(error);
      }
    },
    async revoke(current: StoredToken): Promise<void> {
      try {
        await client.createToken({ access_token: current.accessToken, refresh_token: current.refreshToken }).revoke('access_token');
      } catch (error) {
        throw translate(error);
      }
    },
  };
}

export type ZoomOAuth = ReturnType<typeof createZoomOAuth>;
