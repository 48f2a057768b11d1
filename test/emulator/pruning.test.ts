import request from 'supertest';
import type { Express } from 'express';
import { createZoomEmulator, type EmulatorOptions } from '../../src/emulator';
import { authorizeCode, basicAuth, exchangeCode, login, pkcePair } from './helpers';

/** A long sandbox run must not keep what has expired: codes, token pairs and page tokens go, by the emulator's clock. */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function clocked(options: EmulatorOptions = {}) {
  let clock = Date.parse('2026-11-23T10:00:00Z');
  const emulator = createZoomEmulator({ now: () => clock, ...options });
  return { emulator, app: emulator.app, advance: (ms: number) => void (clock += ms) };
}

/** Any request gives the emulator its chance to sweep; this one changes nothing. */
const poke = (app: Express) => request(app).get('/nowhere');

const refresh = (app: Express, refreshToken: string) =>
  request(app).post('/oauth/token').set('Authorization', basicAuth()).type('form')
    .send({ grant_type: 'refresh_token', refresh_token: refreshToken });

const me = (app: Express, accessToken: string) => request(app).get('/v2/users/me').set('Authorization', `Bearer ${accessToken}`);

describe('authorization codes', () => {
  it('a code nobody exchanged is kept for its five minutes, then forgotten', async () => {
    const { emulator, app, advance } = clocked();
    await authorizeCode(app, 'pro', pkcePair().challenge);

    advance(4 * MINUTE);
    await poke(app);
    const before = emulator.held().codes;
    advance(2 * MINUTE);
    await poke(app);

    expect(before).toBe(1);
    expect(emulator.held().codes).toBe(0);
  });

  it('a spent code is forgotten at once, and a second exchange is still refused', async () => {
    const { emulator, app } = clocked();
    const { verifier, challenge } = pkcePair();
    const code = await authorizeCode(app, 'pro', challenge);

    await exchangeCode(app, code, verifier).expect(200);
    const again = await exchangeCode(app, code, verifier);

    expect(emulator.held().codes).toBe(0);
    expect(again.body).toEqual({ reason: `Invalid authorization code ${code}`, error: 'invalid_grant' });
  });
});

describe('token pairs', () => {
  it('a rotated refresh token is forgotten at once and still refused', async () => {
    const { emulator, app } = clocked();
    const first = await login(app);

    await refresh(app, first.refresh_token).expect(200);
    const replay = await refresh(app, first.refresh_token);

    expect(emulator.held().refreshTokens).toBe(1);
    expect(replay.body).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });
  });

  it('an expired access token answers "expired" for an hour, then is forgotten and answers "invalid" (both 401 code 124)', async () => {
    const { emulator, app, advance } = clocked({ accessTokenTtlSeconds: 3600 });
    const tokens = await login(app);

    advance(HOUR + MINUTE);
    const expired = await me(app, tokens.access_token);
    const heldWhileExpired = emulator.held().accessTokens;
    advance(HOUR);
    await poke(app);
    const forgotten = await me(app, tokens.access_token);

    expect(expired.body).toEqual({ code: 124, message: 'Access token is expired.' });
    expect(heldWhileExpired).toBe(1);
    expect(emulator.held().accessTokens).toBe(0);
    expect(forgotten.status).toBe(401);
    expect(forgotten.body).toEqual({ code: 124, message: 'Invalid access token.' });
  });

  it('a refresh token is forgotten after its 90 days', async () => {
    const { emulator, app, advance } = clocked();
    await login(app);

    advance(89 * DAY);
    await poke(app);
    const before = emulator.held().refreshTokens;
    advance(2 * DAY);
    await poke(app);

    expect(before).toBe(1);
    expect(emulator.held().refreshTokens).toBe(0);
  });

  it('a revoked pair is forgotten at once, and its tokens are refused', async () => {
    const { emulator, app } = clocked();
    const tokens = await login(app);

    await request(app).post('/oauth/revoke').set('Authorization', basicAuth()).type('form').send({ token: tokens.access_token });

    expect(emulator.held()).toMatchObject({ accessTokens: 0, refreshTokens: 0 });
    expect((await me(app, tokens.access_token)).body).toEqual({ code: 124, message: 'Invalid access token.' });
    expect((await refresh(app, tokens.refresh_token)).body.error).toBe('invalid_grant');
  });
});

describe('next_page_token', () => {
  async function firstPageToken(app: Express): Promise<{ auth: string; token: string }> {
    const auth = `Bearer ${(await login(app)).access_token}`;
    const page = await request(app).get('/v2/users/me/meetings').query({ page_size: 2 }).set('Authorization', auth);
    return { auth, token: page.body.next_page_token as string };
  }

  const nextPage = (app: Express, auth: string, token: string) =>
    request(app).get('/v2/users/me/meetings').query({ page_size: 2, next_page_token: token }).set('Authorization', auth);

  it('works for 15 minutes, like Zoom\'s', async () => {
    const { app, advance } = clocked();
    const { auth, token } = await firstPageToken(app);

    advance(14 * MINUTE);
    const res = await nextPage(app, auth, token);

    expect(res.status).toBe(200);
    expect(res.body.meetings).toHaveLength(2);
  });

  it('is refused after 15 minutes with code 300, and forgotten', async () => {
    const { emulator, app, advance } = clocked();
    const { auth, token } = await firstPageToken(app);
    const before = emulator.held().pageTokens;

    advance(16 * MINUTE);
    const res = await nextPage(app, auth, token);

    expect(before).toBe(1);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 300, message: 'Invalid next_page_token.' });
    expect(emulator.held().pageTokens).toBe(0);
  });
});
