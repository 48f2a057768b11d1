import { ClientAuthentication, CodeChallengeMethod } from 'google-auth-library';
import type { RunningYouTubeEmulator } from '../../src/emulators/youtube';
import { CLIENT_ID, REDIRECT_URI, SCOPE, connect, consent, oauthClient, refusal, startEmulator } from './helpers';

let emulator: RunningYouTubeEmulator;
afterEach(async () => emulator.close());

describe('the consent page (GET /o/oauth2/v2/auth)', () => {
  it('lists the three Google accounts as radio buttons, with Allow and Deny as a plain form', async () => {
    emulator = await startEmulator();
    const { codeChallenge } = await oauthClient(emulator.url).generateCodeVerifierAsync();
    const url = oauthClient(emulator.url).generateAuthUrl({ scope: SCOPE, code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256 });

    const res = await fetch(url);
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(html).toContain('— Channel that can stream</label>');
    expect(html).toContain('— Channel not enabled for live streaming</label>');
    expect(html).toContain('— Account with no channel</label>');
    expect(html).toContain('<form method="post" action="/o/oauth2/v2/auth">');
    expect(html).toContain('<button name="decision" value="deny">Deny</button>');
    expect(html).not.toMatch(/<script/i);
  });

  it.each([
    ['an unknown client_id', { client_id: 'someone-else' }, 'invalid_client'],
    ['an unregistered redirect_uri', { redirect_uri: 'http://127.0.0.1:9/elsewhere' }, 'redirect_uri_mismatch'],
    ['a scope without YouTube', { scope: 'openid email' }, 'invalid_request'],
    ['a plain PKCE challenge', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no PKCE challenge', { code_challenge: '' }, 'invalid_request'],
    ['response_type=token', { response_type: 'token' }, 'invalid_request'],
  ])('answers 400 with Google\'s error page, never a redirect, for %s', async (_name, overrides, error) => {
    emulator = await startEmulator({ redirectUris: [REDIRECT_URI] });
    const { codeChallenge } = await oauthClient(emulator.url).generateCodeVerifierAsync();
    const url = new URL(oauthClient(emulator.url).generateAuthUrl({ scope: SCOPE, code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256 }));
    for (const [name, value] of Object.entries(overrides)) url.searchParams.set(name, value);

    const res = await fetch(url, { redirect: 'manual' });

    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain(`Error 400: <code>${error}</code>`);
  });
});

describe('connecting with google-auth-library (code + PKCE, offline access)', () => {
  it('Allow sends the code and the state back; getToken returns an access token, a refresh token and the scope', async () => {
    emulator = await startEmulator();

    const { auth, tokens } = await connect(emulator.url, 'streamer');

    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    expect(tokens.scope).toBe(SCOPE);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expiry_date).toBeGreaterThan(Date.now() + 3_500_000);
    expect(auth.credentials.access_token).toBe(tokens.access_token);
    const [tokenCall] = emulator.requestsTo('POST', '/token');
    expect(tokenCall.body).toMatchObject({ grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: 'sandbox-google-client-secret' });
    expect((tokenCall.body as Record<string, string>).code_verifier).toMatch(/^[A-Za-z0-9\-._~]{128}$/);
  });

  it('passes the state back on Allow and on Deny; Deny carries error=access_denied and no code', async () => {
    emulator = await startEmulator();

    const allowed = await consent(oauthClient(emulator.url), 'streamer');
    const denied = await consent(oauthClient(emulator.url), 'streamer', 'deny');

    expect(allowed.location.searchParams.get('state')).toBe('st4te');
    expect(`${denied.location.origin}${denied.location.pathname}`).toBe(REDIRECT_URI);
    expect(denied.location.searchParams.get('error')).toBe('access_denied');
    expect(denied.location.searchParams.get('state')).toBe('st4te');
    expect(denied.location.searchParams.has('code')).toBe(false);
  });

  it('issues no refresh token without access_type=offline', async () => {
    emulator = await startEmulator();
    const auth = oauthClient(emulator.url);
    const { location, codeVerifier } = await consent(auth, 'streamer', 'allow', { access_type: 'online' });

    const { tokens } = await auth.getToken({ code: location.searchParams.get('code') ?? '', codeVerifier });

    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refuses a wrong code verifier, a code used twice and a code older than 5 minutes with invalid_grant', async () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    emulator = await startEmulator({ now: () => now });
    const auth = oauthClient(emulator.url);
    const first = await consent(auth, 'streamer');
    const code = first.location.searchParams.get('code') ?? '';
    const late = await consent(auth, 'streamer');

    const wrongVerifier = await refusal(auth.getToken({ code, codeVerifier: 'x'.repeat(64) }));
    const reused = await refusal(auth.getToken({ code, codeVerifier: first.codeVerifier }));
    now += 5 * 60_000;
    const expired = await refusal(auth.getToken({ code: late.location.searchParams.get('code') ?? '', codeVerifier: late.codeVerifier }));

    expect(wrongVerifier).toMatchObject({ status: 400, message: 'invalid_grant' });
    expect(reused).toMatchObject({ status: 400, message: 'invalid_grant' });
    expect(expired).toMatchObject({ status: 400, message: 'invalid_grant' });
  });

  it('accepts client_secret_basic as well, and refuses a wrong secret with 401 invalid_client', async () => {
    emulator = await startEmulator();

    const basic = await connect(emulator.url, 'streamer', { clientAuthentication: ClientAuthentication.ClientSecretBasic });
    const wrong = oauthClient(emulator.url, { clientSecret: 'not-the-secret' });
    const { location, codeVerifier } = await consent(wrong, 'streamer');
    const refused = await refusal(wrong.getToken({ code: location.searchParams.get('code') ?? '', codeVerifier }));

    expect(basic.tokens.access_token).toBeTruthy();
    expect(emulator.requestsTo('POST', '/token')[0].authorization).toMatch(/^Basic /);
    expect(refused).toMatchObject({ status: 401, message: 'invalid_client' });
  });
});
