import { startZoomEmulator } from '../../src/emulator';
import { CLIENT_ID, REDIRECT_URI, basicAuth, pkcePair } from './helpers';

describe('startZoomEmulator over real loopback HTTP', () => {
  it('runs a whole login and a live stream update with node\'s fetch, then closes', async () => {
    const emulator = await startZoomEmulator();
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { verifier, challenge } = pkcePair();
      const consent = await fetch(`${emulator.url}/oauth/authorize?${new URLSearchParams({
        response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, state: 's',
        code_challenge: challenge, code_challenge_method: 'S256',
      })}`);
      expect(consent.status).toBe(200);

      const decision = await fetch(`${emulator.url}/oauth/authorize`, {
        method: 'POST', redirect: 'manual',
        body: new URLSearchParams({
          client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, state: 's',
          code_challenge: challenge, code_challenge_method: 'S256', host: 'pro', decision: 'allow',
        }),
      });
      const code = new URL(decision.headers.get('location') ?? '').searchParams.get('code') ?? '';

      const token = await fetch(`${emulator.url}/oauth/token`, {
        method: 'POST', headers: { Authorization: basicAuth() },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
      });
      const tokens = (await token.json()) as { access_token: string; api_url: string };
      expect(tokens.api_url).toBe(emulator.url);

      const form = new FormData();
      form.set('stream_url', 'rtmp://loop.example/live');
      form.set('stream_key', 'loop-key');
      form.set('page_url', 'https://loop.example/watch');
      const patch = await fetch(`${tokens.api_url}/v2/meetings/90071992547409931/livestream`, {
        method: 'PATCH', headers: { Authorization: `Bearer ${tokens.access_token}` }, body: form,
      });

      expect(patch.status).toBe(204);
      expect(emulator.livestreamOf('90071992547409931')?.stream_key).toBe('loop-key');
    } finally {
      await emulator.close();
    }
  });
});
