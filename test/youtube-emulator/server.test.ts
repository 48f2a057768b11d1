import { startYouTubeEmulator } from '../../src/emulators/youtube';
import { connect } from './helpers';

describe('startYouTubeEmulator', () => {
  it('listens on 127.0.0.1 on a free port and closes, keep-alive sockets included', async () => {
    const emulator = await startYouTubeEmulator();
    const { yt } = await connect(emulator.url);
    await yt.liveBroadcasts.list({ part: ['id'], mine: true });

    await emulator.close();

    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(fetch(`${emulator.url}/youtube/v3/liveBroadcasts`)).rejects.toThrow();
  });

  it('keeps no credentials in its request log unless made with recordRequests', async () => {
    const emulator = await startYouTubeEmulator();
    try {
      const { tokens, auth } = await connect(emulator.url);
      await auth.refreshAccessToken();

      const logged = JSON.stringify(emulator.requests);

      expect(emulator.requests.map(({ method, path }) => `${method} ${path}`))
        .toEqual(['GET /o/oauth2/v2/auth', 'POST /o/oauth2/v2/auth', 'POST /token', 'POST /token']);
      expect(logged).not.toContain(tokens.refresh_token);
      expect(logged).not.toContain('sandbox-google-client-secret');
      expect(emulator.requests[2].body).toMatchObject({ code: '[redacted]', code_verifier: '[redacted]', grant_type: 'authorization_code' });
      expect(emulator.requests.map(({ status }) => status)).toEqual([200, 302, 200, 200]);
    } finally {
      await emulator.close();
    }
  });

  it('asks for a token on any /youtube/v3 path (401) and answers other unknown paths with Google\'s 404 body', async () => {
    const emulator = await startYouTubeEmulator();
    try {
      const res = await fetch(`${emulator.url}/youtube/v3/videos`, { headers: { Authorization: 'Bearer x' } });

      expect(res.status).toBe(401);
      const other = await fetch(`${emulator.url}/nowhere`);
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ error: { code: 404, errors: [{ reason: 'notFound' }] } });
    } finally {
      await emulator.close();
    }
  });
});
