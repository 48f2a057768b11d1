import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import { randomBytes } from 'node:crypto';

/**
 * Google's OAuth 2.0 for the YouTube destination, through the official client (google-auth-library): the
 * authorization code flow with PKCE (S256) and offline access, so a refresh token lets the app act for weeks.
 * Endpoints come from config: Google's in production, the YouTube emulator's in the sandbox and the tests.
 *
 * The scope is youtube.force-ssl: creating, binding, updating and deleting live broadcasts and streams needs it
 * (or the wider `youtube`); youtube.readonly cannot write, and there is no narrower live-only scope.
 */
export const YOUTUBE_SCOPE = 'https://www.googleapis.com/auth/youtube.force-ssl';

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Google's authorization page, token and revoke endpoints (or the emulator's). */
  authUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** The YouTube Data API's root (https://youtube.googleapis.com/ or the emulator's), for @googleapis/youtube. */
  apiUrl: string;
}

/** A Google grant as the app keeps it (sealed at rest). Google does not rotate refresh tokens. */
export interface GoogleToken {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms at which Google stops accepting the access token. */
  expiresAt: number;
  scope: string;
}

/** Google refused the code or the refresh token (invalid_grant: revoked, expired): only connecting again helps. */
export class GoogleGrantError extends Error {
  constructor(cause: unknown) {
    super('Google refused the grant', { cause });
    this.name = 'GoogleGrantError';
  }
}

const isInvalidGrant = (error: unknown) => /invalid_grant/.test(JSON.stringify((error as { response?: { data?: unknown } })?.response?.data ?? '')) || /invalid_grant/.test(String(error));

function tokenOf(credentials: { access_token?: string | null; refresh_token?: string | null; expiry_date?: number | null; scope?: string | null }, fallbackRefresh = '', now = Date.now()): GoogleToken {
  return {
    accessToken: credentials.access_token ?? '',
    refreshToken: credentials.refresh_token ?? fallbackRefresh,
    expiresAt: credentials.expiry_date ?? now + 3_600_000,
    scope: credentials.scope ?? '',
  };
}

export function createGoogleOAuth(settings: GoogleSettings) {
  /** A client of the app's Google project; with a token when acting for a host (the YouTube client takes it as `auth`). */
  function client(token?: Pick<GoogleToken, 'accessToken'>): OAuth2Client {
    const oauth = new OAuth2Client({
      clientId: settings.clientId, clientSecret: settings.clientSecret, redirectUri: settings.redirectUri,
      endpoints: { oauth2AuthBaseUrl: settings.authUrl, oauth2TokenUrl: settings.tokenUrl, oauth2RevokeUrl: settings.revokeUrl },
      // Node's own fetch: gaxios would load node-fetch by a dynamic import, which Jest's VM cannot run.
      // A bounded wait: a Google that hangs must not hold a page, Disconnect or Zoom's deauthorization for minutes.
      transporterOptions: { fetchImplementation: fetch, timeout: 10_000 },
    });
    if (token) oauth.setCredentials({ access_token: token.accessToken });
    return oauth;
  }

  return {
    client,

    /** Step 1: where to send the host, with the state and the PKCE verifier to keep in their session. */
    async startConnect(): Promise<{ url: string; state: string; codeVerifier: string }> {
      const oauth = client();
      const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
      const state = randomBytes(24).toString('base64url');
      const url = oauth.generateAuthUrl({
        access_type: 'offline', prompt: 'consent', scope: [YOUTUBE_SCOPE], state, include_granted_scopes: true,
        code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256,
      });
      return { url, state, codeVerifier };
    },

    /** Step 2: the code Google sent back, for the grant. */
    async exchange(code: string, codeVerifier: string): Promise<GoogleToken> {
      try {
        const { tokens } = await client().getToken({ code, codeVerifier });
        return tokenOf(tokens);
      } catch (error) {
        throw isInvalidGrant(error) ? new GoogleGrantError(error) : error;
      }
    },

    /** A new access token; the refresh token stays (Google keeps it until it is revoked). */
    async refresh(token: GoogleToken): Promise<GoogleToken> {
      const oauth = client();
      oauth.setCredentials({ refresh_token: token.refreshToken });
      try {
        const { credentials } = await oauth.refreshAccessToken();
        return tokenOf(credentials, token.refreshToken);
      } catch (error) {
        throw isInvalidGrant(error) ? new GoogleGrantError(error) : error;
      }
    },

    /** Revokes the grant at Google (the refresh token: Google then ends the whole grant). */
    async revoke(token: GoogleToken): Promise<void> {
      await client().revokeToken(token.refreshToken || token.accessToken);
    },
  };
}

export type GoogleOAuth = ReturnType<typeof createGoogleOAuth>;
