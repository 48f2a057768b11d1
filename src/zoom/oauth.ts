import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { AuthorizationCode } from 'simple-oauth2';
import type { StoredToken } from '../credentials/vault';
import { AppMisconfiguredError, ZoomApiError, ZoomUnavailableError } from './errors';

/** Zoom's OAuth endpoints through simple-oauth2: authorize URL, code exchange, refresh, revoke. */
export interface ZoomOAuthOptions {
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
  redirectUri: string;
  timeoutMs: number;
  logger: Logger;
  /** Told how each token refresh ended (the operator's metrics): only `invalid_grant` ends a login. */
  onRefresh?: (result: RefreshResult) => void;
}

export type RefreshResult = 'ok' | 'invalid_grant' | 'failed';

/** Zoom refused a code or a refresh token (`invalid_grant`: expired, used, revoked): only reconnecting helps. */
export class OAuthGrantError extends Error {
  constructor(readonly status: number, readonly reason: string) {
    super(reason);
    this.name = 'OAuthGrantError';
  }
}

type Operation = 'exchange' | 'refresh' | 'revoke';

interface BoomLike {
  isBoom?: boolean;
  output?: { statusCode?: number; headers?: Record<string, string> };
  data?: { payload?: { reason?: string; error?: string } | Buffer | string; headers?: Record<string, string> };
}

/** Zoom's own error code from the token endpoint's body ({reason, error}), when it sent one. */
function oauthErrorOf(boom: BoomLike): { error: string; reason: string } {
  const payload = boom.data?.payload;
  const body = payload && typeof payload === 'object' && !Buffer.isBuffer(payload) ? payload : {};
  return { error: typeof body.error === 'string' ? body.error : '', reason: typeof body.reason === 'string' ? body.reason : '' };
}

/**
 * simple-oauth2 throws Boom errors for HTTP answers and plain errors for network ones. Only
 * `invalid_grant` means the grant is gone; `invalid_client` is the operator's mistake; a 429,
 * a 5xx or any other refusal is Zoom being unavailable for now, and the host's token is kept.
 */
function classify(error: unknown): { failure: Error; status?: number; oauthError: string } {
  const boom = error as BoomLike;
  const status = boom?.isBoom ? boom.output?.statusCode : undefined;
  const { error: oauthError, reason } = oauthErrorOf(boom ?? {});
  if (oauthError === 'invalid_grant') return { failure: new OAuthGrantError(status ?? 400, reason || 'Invalid grant'), status, oauthError };
  if (oauthError === 'invalid_client' || status === 401) {
    return { failure: new AppMisconfiguredError(), status, oauthError: oauthError || 'invalid_client' };
  }
  if (status === 429) {
    const retryAfter = boom.data?.headers?.['retry-after'] ?? boom.output?.headers?.['retry-after'];
    return { failure: new ZoomApiError(429, 429, reason || 'Too many requests to Zoom\'s sign-in service.', retryAfter), status, oauthError: oauthError || 'rate_limited' };
  }
  if (status === 504 || status === 408 || /timed out/i.test(String((error as Error)?.message))) {
    return { failure: new ZoomUnavailableError('timeout', { key: 'zoom.message.noAnswer' }), status, oauthError: oauthError || 'timeout' };
  }
  const failure = new ZoomUnavailableError(status ? 'bad_response' : 'network', { key: status ? 'zoom.message.signInRefused' : 'zoom.message.unreachable' });
  return { failure, status, oauthError: oauthError || (status ? `http_${status}` : 'network') };
}

/** RFC 7636 PKCE (S256): 48 random bytes → 64 base64url characters, all within [A-Za-z0-9-._~]. */
function createCodeVerifier(): string {
  return randomBytes(48).toString('base64url');
}

function codeChallengeFor(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Refresh a minute early, or halfway through a token that lives less than two minutes. */
const REFRESH_MARGIN_MS = 60_000;

function toStoredToken(token: Record<string, unknown>, userId: string, now: number): StoredToken {
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
    // A token reply is a few hundred bytes; more is not Zoom, and reading it would only block the process.
    http: { timeout: options.timeoutMs, maxBytes: 64 * 1024 },
  });

  /**
   * Every failure leaves one log line naming Zoom's error code; never the code, token or secret.
   * invalid_client is logged as an error: nobody can sign in until the operator fixes the credentials.
   */
  async function call<T>(operation: Operation, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const { failure, status, oauthError } = classify(error);
      const level = failure instanceof AppMisconfiguredError ? 'error' : 'warn';
      options.logger[level]({ operation, status, oauthError }, `zoom oauth ${operation} failed: ${oauthError}`);
      throw failure;
    }
  }

  return {
    /** A new login: fresh state and PKCE verifier (kept by the caller in the session) and Zoom's consent URL. */
    startLogin(): { url: string; state: string; codeVerifier: string } {
      const state = randomBytes(24).toString('base64url');
      const codeVerifier = createCodeVerifier();
      // PKCE's two fields are not in simple-oauth2's types; it passes every field on to the consent URL.
      const query = { redirect_uri: options.redirectUri, state, code_challenge: codeChallengeFor(codeVerifier), code_challenge_method: 'S256' };
      const url = client.authorizeURL(query);
      return { url, state, codeVerifier };
    },
    exchangeCode(code: string, codeVerifier: string): Promise<StoredToken> {
      return call('exchange', async () => {
        const token = await client.getToken({ code, redirect_uri: options.redirectUri, code_verifier: codeVerifier } as never);
        return toStoredToken(token.token, '', Date.now());
      });
    },
    /** Zoom rotates refresh tokens: the returned token replaces the old one everywhere. */
    async refresh(current: StoredToken): Promise<StoredToken> {
      try {
        const fresh = await call('refresh', async () => {
          const token = await client.createToken({ access_token: current.accessToken, refresh_token: current.refreshToken }).refresh();
          return toStoredToken(token.token, current.userId, Date.now());
        });
        options.onRefresh?.('ok');
        return fresh;
      } catch (error) {
        options.onRefresh?.(error instanceof OAuthGrantError ? 'invalid_grant' : 'failed');
        throw error;
      }
    },
    revoke(current: StoredToken): Promise<void> {
      return call('revoke', async () => {
        await client.createToken({ access_token: current.accessToken, refresh_token: current.refreshToken }).revoke('access_token');
      });
    },
  };
}

export type ZoomOAuth = ReturnType<typeof createZoomOAuth>;
