import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { REDIRECT_URI, authorizeCode, basicAuth, exchangeCode, login, pkcePair } from './helpers';

describe('POST /oauth/token with grant_type=authorization_code', () => {
  it('exchanges a code and the right PKCE verifier for a bearer token pair', async () => {
    const { app } = createZoomEmulator();
    const { verifier, challenge } = pkcePair();
    const code = await authorizeCode(app, 'pro', challenge);

    const res = await exchangeCode(app, code, verifier);

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^emu_at_/),
      token_type: 'bearer',
      refresh_token: expect.stringMatching(/^emu_rt_/),
      expires_in: 3599,
      scope: 'meeting:read meeting:write user:read webinar:read webinar:write',
      api_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
  });

  it('refuses the same code a second time with invalid_grant', async () => {
    const { app } = createZoomEmulator();
    const { verifier, challenge } = pkcePair();
    const code = await authorizeCode(app, 'pro', challenge);
    await exchangeCode(app, code, verifier);

    const again = await exchangeCode(app, code, verifier);

    expect(again.status).toBe(400);
    expect(again.body).toEqual({ reason: `Invalid authorization code ${code}`, error: 'invalid_grant' });
  });

  it('refuses a wrong code verifier, and the code is spent afterwards', async () => {
    const { app } = createZoomEmulator();
    const { verifier, challenge } = pkcePair();
    const code = await authorizeCode(app, 'pro', challenge);

    const wrong = await exchangeCode(app, code, pkcePair().verifier);
    const right = await exchangeCode(app, code, verifier);

    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ reason: 'Invalid code verifier', error: 'invalid_grant' });
    expect(right.body.error).toBe('invalid_grant');
  });

  it('refuses a redirect_uri different from the one authorized', async () => {
    const { app } = createZoomEmulator();
    const { verifier, challenge } = pkcePair();
    const code = await authorizeCode(app, 'pro', challenge);

    const res = await request(app).post('/oauth/token').set('Authorization', basicAuth()).type('form').send({
      grant_type: 'authorization_code', code, redirect_uri: `${REDIRECT_URI}/other`, code_verifier: verifier,
    });

    expect(res.body).toEqual({ reason: 'Redirect URI mismatch.', error: 'invalid_grant' });
  });

  it('refuses a code older than five minutes', async () => {
    let clock = Date.parse('2026-11-23T10:00:00Z');
    const { app } = createZoomEmulator({ now: () => clock });
    const { verifier, challenge } = pkcePair();
    const code = await authorizeCode(app, 'pro', challenge);
    clock += 301_000;

    const res = await exchangeCode(app, code, verifier);

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('answers 401 invalid_client for a wrong client secret', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).post('/oauth/token').set('Authorization', basicAuth(undefined, 'wrong')).type('form')
      .send({ grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT_URI });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  });

  it('accepts client credentials in the body too, and refuses unknown grant types', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).post('/oauth/token').type('form')
      .send({ grant_type: 'password', client_id: 'sandbox-client-id', client_secret: 'sandbox-client-secret' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ reason: 'Unsupported grant type', error: 'unsupported_grant_type' });
  });
});

describe('POST /oauth/token with grant_type=refresh_token', () => {
  function refresh(app: import('express').Express, refreshToken: string) {
    return request(app).post('/oauth/token').set('Authorization', basicAuth()).type('form')
      .send({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  it('rotates: a new token pair, and the old refresh token then gives invalid_grant', async () => {
    const { app } = createZoomEmulator();
    const first = await login(app);

    const rotated = await refresh(app, first.refresh_token);
    const replay = await refresh(app, first.refresh_token);

    expect(rotated.status).toBe(200);
    expect(rotated.body.access_token).not.toBe(first.access_token);
    expect(rotated.body.refresh_token).not.toBe(first.refresh_token);
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });
    const me = await request(app).get('/v2/users/me').set('Authorization', `Bearer ${rotated.body.access_token}`);
    expect(me.status).toBe(200);
  });

  it('gives invalid_grant for every refresh token after expireRefreshTokens()', async () => {
    const emulator = createZoomEmulator();
    const tokens = await login(emulator.app);
    emulator.expireRefreshTokens();

    const res = await refresh(emulator.app, tokens.refresh_token);

    expect(res.body).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });
  });
});

describe('access token lifetime and revocation', () => {
  it('POST /oauth/revoke ends the access token: /v2 then answers 401 code 124', async () => {
    const { app } = createZoomEmulator();
    const tokens = await login(app);

    const revoke = await request(app).post('/oauth/revoke').set('Authorization', basicAuth()).type('form')
      .send({ token: tokens.access_token });
    const me = await request(app).get('/v2/users/me').set('Authorization', `Bearer ${tokens.access_token}`);

    expect(revoke.status).toBe(200);
    expect(revoke.body).toEqual({ status: 'success' });
    expect(me.status).toBe(401);
    expect(me.body).toEqual({ code: 124, message: 'Invalid access token.' });
  });

  it('POST /oauth/revoke with a bad client secret answers 401 invalid_client', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).post('/oauth/revoke').set('Authorization', basicAuth(undefined, 'nope')).type('form')
      .send({ token: 'whatever' });

    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('expireAccessTokens() makes issued tokens answer "Access token is expired."', async () => {
    const emulator = createZoomEmulator();
    const tokens = await login(emulator.app);
    emulator.expireAccessTokens();

    const me = await request(emulator.app).get('/v2/users/me').set('Authorization', `Bearer ${tokens.access_token}`);

    expect(me.status).toBe(401);
    expect(me.body).toEqual({ code: 124, message: 'Access token is expired.' });
  });

  it('an access token expires by the clock after accessTokenTtlSeconds', async () => {
    let clock = Date.now();
    const { app } = createZoomEmulator({ now: () => clock, accessTokenTtlSeconds: 60 });
    const tokens = await login(app);
    clock += 60_000;

    const me = await request(app).get('/v2/users/me').set('Authorization', `Bearer ${tokens.access_token}`);

    expect(me.body).toEqual({ code: 124, message: 'Access token is expired.' });
  });
});
