import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { CLIENT_SECRET, REDIRECT_URI, authorizeCode, basicAuth, exchangeCode, pkcePair } from './helpers';

/** The request log: a bounded ring, redacted by default (the sandbox), verbatim only when a test asks for it. */
const LIVESTREAM = '/v2/meetings/85746065001/livestream';
const STREAM_KEY = 'live-key-that-must-not-stay';

/** A login, a PATCH with a stream key, a refresh and a revoke: every kind of secret the app sends Zoom. */
async function secretTraffic(emulator: ReturnType<typeof createZoomEmulator>): Promise<string[]> {
  const { app } = emulator;
  const { verifier, challenge } = pkcePair();
  const code = await authorizeCode(app, 'pro', challenge);
  const first = (await exchangeCode(app, code, verifier)).body as { access_token: string; refresh_token: string };
  await request(app).patch(LIVESTREAM).set('Authorization', `Bearer ${first.access_token}`)
    .send({ stream_url: 'rtmp://s.example/live', stream_key: STREAM_KEY, page_url: 'https://s.example/p' });
  const second = (await request(app).post('/oauth/token').set('Authorization', basicAuth()).type('form')
    .send({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).body as { access_token: string };
  await request(app).post('/oauth/revoke').type('form')
    .send({ token: second.access_token, client_id: 'sandbox-client-id', client_secret: CLIENT_SECRET });
  const basicCredentials = basicAuth().slice('Basic '.length);
  return [code, verifier, first.access_token, first.refresh_token, second.access_token, STREAM_KEY, CLIENT_SECRET, basicCredentials];
}

describe('request log by default (the sandbox)', () => {
  it('keeps no bearer token, code, verifier, refresh token, client secret or stream key', async () => {
    const emulator = createZoomEmulator();

    const secrets = await secretTraffic(emulator);

    const logged = JSON.stringify(emulator.requests);
    expect(secrets.filter((secret) => logged.includes(secret))).toEqual([]);
  });

  it('still says what was asked: method, path, grant type, scheme, non-secret fields, body size', async () => {
    const emulator = createZoomEmulator();

    await secretTraffic(emulator);

    const [exchange, refresh] = emulator.requestsTo('POST', '/oauth/token');
    const [patch] = emulator.requestsTo('PATCH', '/v2/meetings');
    expect(exchange).toMatchObject({ grantType: 'authorization_code', authorization: 'Basic [redacted]' });
    expect(exchange.body).toMatchObject({ code: '[redacted]', code_verifier: '[redacted]', redirect_uri: REDIRECT_URI });
    expect(refresh).toMatchObject({ grantType: 'refresh_token', body: { refresh_token: '[redacted]' } });
    expect(patch).toMatchObject({
      path: LIVESTREAM, authorization: 'Bearer [redacted]',
      body: { stream_url: 'rtmp://s.example/live', stream_key: '[redacted]' },
    });
    expect(patch.rawBody).toMatch(/^\[\d+ bytes not kept\]$/);
  });

  it('keeps the last 200 requests, dropping the oldest', async () => {
    const emulator = createZoomEmulator();

    for (let i = 0; i < 205; i += 1) await request(emulator.app).get('/nowhere').query({ i });

    expect(emulator.requests).toHaveLength(200);
    expect(emulator.requests[0].query).toEqual({ i: '5' });
    expect(emulator.requests[199].query).toEqual({ i: '204' });
  });

  it('cuts long strings, so a 1 MB body does not stay in memory 200 times', async () => {
    const emulator = createZoomEmulator();

    await request(emulator.app).post('/nowhere').send({ note: 'n'.repeat(500_000) });

    expect(JSON.stringify(emulator.requests[0]).length).toBeLessThan(2_000);
  });
});

describe('request log with recordRequests: true (tests)', () => {
  it('keeps every request verbatim, secrets included, in a ring of requestLogSize', async () => {
    const emulator = createZoomEmulator({ recordRequests: true, requestLogSize: 3 });

    const secrets = await secretTraffic(emulator);

    const logged = JSON.stringify(emulator.requests);
    expect(emulator.requests.map((entry) => entry.path)).toEqual([LIVESTREAM, '/oauth/token', '/oauth/revoke']);
    expect(logged).not.toContain(secrets[0]); // the code exchange fell out of the ring
    expect(logged).toContain(STREAM_KEY);
    expect(emulator.requests[1].body).toMatchObject({ grant_type: 'refresh_token', refresh_token: secrets[3] });
  });

  it('clearRequests() empties the very array a test holds', async () => {
    const emulator = createZoomEmulator({ recordRequests: true });
    const held = emulator.requests;
    await request(emulator.app).get('/nowhere');

    emulator.clearRequests();
    await request(emulator.app).get('/again');

    expect(held).toBe(emulator.requests);
    expect(held.map((entry) => entry.path)).toEqual(['/again']);
  });
});
