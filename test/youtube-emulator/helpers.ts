/**
 * Shared steps for the YouTube emulator's tests. They drive it only through the official clients the app will use
 * (google-auth-library's OAuth2Client and @googleapis/youtube), configured exactly as the app will configure them,
 * plus fetch for the consent page, which a browser walks.
 */
import { youtube, type youtube_v3 } from '@googleapis/youtube';
import { CodeChallengeMethod, OAuth2Client, type OAuth2ClientOptions } from 'google-auth-library';
import { startYouTubeEmulator, type AccountKey, type RunningYouTubeEmulator, type YouTubeEmulatorOptions } from '../../src/emulators/youtube';

export const CLIENT_ID = 'sandbox-google-client-id.apps.googleusercontent.com';
export const CLIENT_SECRET = 'sandbox-google-client-secret';
export const REDIRECT_URI = 'http://127.0.0.1:3000/youtube/callback';
export const SCOPE = 'https://www.googleapis.com/auth/youtube.force-ssl';

/** A started emulator on loopback that keeps requests verbatim; each test file closes it in afterEach. */
export async function startEmulator(options: YouTubeEmulatorOptions = {}): Promise<RunningYouTubeEmulator> {
  return startYouTubeEmulator({ recordRequests: true, ...options });
}

/**
 * The OAuth client as the app builds it: Google's endpoints replaced by the emulator's. Node's own fetch is handed
 * to gaxios: left alone, gaxios 7 loads node-fetch with a dynamic import(), which Jest (CommonJS, no VM modules)
 * cannot run. The Data API client sends its calls through this client's transporter, so one setting covers both.
 */
export function oauthClient(url: string, extra: Partial<OAuth2ClientOptions> = {}): OAuth2Client {
  return new OAuth2Client({
    clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI,
    endpoints: { oauth2AuthBaseUrl: `${url}/o/oauth2/v2/auth`, oauth2TokenUrl: `${url}/token`, oauth2RevokeUrl: `${url}/revoke` },
    transporterOptions: { fetchImplementation: fetch },
    ...extra,
  });
}

/** The Data API client as the app builds it. rootUrl's path is ignored by the client: only its origin counts. */
export function youtubeClient(url: string, auth: OAuth2Client): youtube_v3.Youtube {
  return youtube({ version: 'v3', auth, rootUrl: `${url}/` });
}

/** Reads the hidden fields of the consent form, as a browser would submit them. */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[name] = value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return fields;
}

export interface Consent {
  location: URL;
  codeVerifier: string;
}

/** The browser's part: open the auth URL the client generated, pick an account, press Allow or Deny. */
export async function consent(
  client: OAuth2Client, account: AccountKey, decision: 'allow' | 'deny' = 'allow', extra: Record<string, string> = {},
): Promise<Consent> {
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const authUrl = client.generateAuthUrl({
    access_type: 'offline', scope: [SCOPE], state: 'st4te', code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256, ...extra,
  });
  const page = await fetch(authUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const action = new URL('/o/oauth2/v2/auth', authUrl);
  const answer = await fetch(action, {
    method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ ...formFields(await page.text()), account, decision }),
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`consent did not redirect: ${answer.status}`);
  return { location: new URL(location), codeVerifier };
}

/** The whole connection: consent as the account, then the code exchange; the client then holds the tokens. */
export async function connect(url: string, account: AccountKey = 'streamer', extra: Partial<OAuth2ClientOptions> = {}) {
  const auth = oauthClient(url, extra);
  const { location, codeVerifier } = await consent(auth, account);
  const { tokens } = await auth.getToken({ code: location.searchParams.get('code') ?? '', codeVerifier });
  auth.setCredentials(tokens);
  return { auth, tokens, yt: youtubeClient(url, auth) };
}

interface GoogleErrorShape {
  status?: number;
  message?: string;
  response?: { status?: number; data?: { error?: { errors?: Array<{ reason?: string; domain?: string }> } | string } };
}

/** What a caller of the official client reads from a refusal: the HTTP status and errors[0].reason. */
export async function refusal(call: Promise<unknown>): Promise<{ status?: number; reason?: string; domain?: string; message?: string }> {
  try {
    await call;
  } catch (err) {
    const shape = err as GoogleErrorShape;
    const data = shape.response?.data?.error;
    const first = typeof data === 'object' ? data.errors?.[0] : undefined;
    return { status: shape.status, reason: first?.reason, domain: first?.domain, message: shape.message };
  }
  throw new Error('expected the call to be refused');
}

/** A time comfortably ahead of `now`, as YouTube wants a scheduled start. */
export function inHours(now: number, hours: number): string {
  return new Date(now + hours * 3_600_000).toISOString();
}
