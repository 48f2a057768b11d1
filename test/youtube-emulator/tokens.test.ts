import type { RunningYouTubeEmulator } from '../../src/emulators/youtube';
import { CLIENT_ID, CLIENT_SECRET, connect, oauthClient, refusal, startEmulator } from './helpers';

let emulator: RunningYouTubeEmulator;
afterEach(async () => emulator.close());

/** What the app does with a stored refresh token: a fresh client holding only it asks for an access token. */
function refreshWith(refreshToken: string | null | undefined) {
  const client = oauthClient(emulator.url);
  client.setCredentials({ refresh_token: refreshToken });
  return client.getAccessToken();
}

describe('refresh and revoke', () => {
  it('refreshes to a new access token and keeps the same refresh token working (Google does not rotate it)', async () => {
    emulator = await startEmulator();
    const { auth, tokens } = await connect(emulator.url);

    const once = await auth.refreshAccessToken();
    const twice = await refreshWith(tokens.refresh_token);

    expect(once.credentials.access_token).not.toBe(tokens.access_token);
    expect(once.credentials.refresh_token).toBe(tokens.refresh_token);
    expect(twice.token).toMatch(/^ya29\./);
    expect(twice.token).not.toBe(once.credentials.access_token);
    // google-auth-library copies the refresh token it holds into the answer it returns; the wire shows Google's shape.
    const raw = await fetch(`${emulator.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
    });
    expect(Object.keys((await raw.json()) as object).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
  });

  it('revoking the refresh token ends the grant: its access token and refresh both fail', async () => {
    emulator = await startEmulator();
    const { auth, tokens, yt } = await connect(emulator.url);

    await auth.revokeToken(tokens.refresh_token ?? '');
    const listed = await refusal(yt.liveStreams.list({ part: ['id'], mine: true }));
    const refreshed = await refusal(refreshWith(tokens.refresh_token));
    const again = await refusal(auth.revokeToken(tokens.refresh_token ?? ''));

    expect(listed).toMatchObject({ status: 401, reason: 'authError' });
    expect(refreshed).toMatchObject({ status: 400, message: 'invalid_grant' });
    expect(again).toMatchObject({ status: 400, message: 'invalid_token' });
  });

  it('revoking through the access token (revokeCredentials) ends the refresh token too', async () => {
    emulator = await startEmulator();
    const { auth, tokens } = await connect(emulator.url);

    await auth.revokeCredentials();

    expect(await refusal(refreshWith(tokens.refresh_token))).toMatchObject({ status: 400, message: 'invalid_grant' });
    expect(emulator.requestsTo('POST', '/revoke')[0].query).toEqual({ token: tokens.access_token });
  });
});
