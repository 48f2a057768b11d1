import request from 'supertest';
import type { SessionData } from 'express-session';
import { createApp } from '../../src/app';
import { loadConfig, withZoomAt } from '../../src/config';
import { createLocalRefreshLock } from '../../src/credentials/refresh-lock';
import { buildDeps } from '../../src/deps';
import { createLogger } from '../../src/logging';
import { startZoomEmulator } from '../../src/emulator';
import { SessionStoreUnavailableError } from '../../src/sessions/errors';
import { MemorySessionStore } from '../../src/sessions/memory-store';
import { BASE_URL, REDIRECT_URI, loginAs, startHarness, submitLivestream, type Emulator, type Harness } from '../helpers/harness';

/** The session id inside the signed cookie (s:<sid>.<signature>), as a background job would hold it. */
function sessionIdOf(agent: ReturnType<typeof request.agent>, cookieName = 'zls.sid'): string {
  const jar = (agent as unknown as { jar: { getCookie(name: string, access: unknown): { value: string } | undefined } }).jar;
  const cookie = jar.getCookie(cookieName, { domain: '127.0.0.1', path: '/', secure: false, script: false });
  if (!cookie) throw new Error('no session cookie');
  return /^s:([^.]+)\./.exec(decodeURIComponent(cookie.value))![1];
}

function tokenRefreshes(emulator: Emulator) {
  return emulator.requestsTo('POST', '/oauth/token').filter((r) => r.grantType === 'refresh_token');
}

describe('the token keeper works from a session id alone', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('calls Zoom for a host with nothing but their session id, and the refreshed token is stored for their next request', async () => {
    await loginAs(h, 'pro');
    const sid = sessionIdOf(h.agent);
    h.emulator.expireAccessTokens();
    const me = await h.deps.tokens.withAccessToken(sid, (token) => h.deps.zoom.getMe(token));
    expect(me.id).toBe(h.emulator.hosts.pro.id);
    expect(tokenRefreshes(h.emulator)).toHaveLength(1);
    // The host's own next request uses the rotated token the keeper stored: no second refresh.
    const id = h.emulator.meetingsOf('pro')[0].id;
    await h.agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(tokenRefreshes(h.emulator)).toHaveLength(1);
  });

  it('asks for a reconnect when the session id is unknown', async () => {
    await expect(h.deps.tokens.withAccessToken('no-such-session', async () => 'called')).rejects.toMatchObject({ name: 'ReconnectRequiredError', reason: 'connect' });
  });
});

describe('a refused refresh: only invalid_grant logs the host out', () => {
  let h: Harness;
  let id: string;
  beforeEach(async () => {
    h = await startHarness();
    await loginAs(h, 'pro');
    id = h.emulator.meetingsOf('pro')[0].id;
    h.emulator.expireAccessTokens();
  });
  afterEach(() => h.close());

  const oauthLines = () => h.logs.filter((line) => line.includes('zoom oauth refresh failed')).map((line) => JSON.parse(line) as Record<string, unknown>);

  it('Zoom 429 on the token endpoint: the page says to wait, the token is kept, and the next request works', async () => {
    h.emulator.failNext({ method: 'POST', path: '/oauth/token', status: 429, body: { reason: 'Too many requests', error: 'rate_limited' }, headers: { 'Retry-After': '7' } });
    const res = await h.agent.get(`/meetings/${id}/livestream`).expect(429);
    expect(res.text).toContain('7 seconds');
    expect(res.text).not.toContain('Connect your Zoom account</a>');
    await h.agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(oauthLines()[0]).toMatchObject({ level: 40, operation: 'refresh', status: 429 });
  });

  it('Zoom 500 or invalid_request: "try again", still connected', async () => {
    h.emulator.failNext({ method: 'POST', path: '/oauth/token', status: 500, body: { reason: 'oops', error: 'server_error' } });
    const first = await h.agent.get(`/meetings/${id}/livestream`);
    expect(first.status).toBe(502);
    expect(first.text).toContain('You are still connected');
    h.emulator.failNext({ method: 'POST', path: '/oauth/token', status: 400, body: { reason: 'Missing grant type', error: 'invalid_request' } });
    expect((await h.agent.get(`/meetings/${id}/livestream`)).status).toBe(502);
    await h.agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(oauthLines().map((line) => line.oauthError)).toEqual(['server_error', 'invalid_request']);
  });

  it('invalid_client: logged at error level by name, the host is told the app is misconfigured, the token kept', async () => {
    h.emulator.failNext({ method: 'POST', path: '/oauth/token', status: 401, body: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' } });
    const res = await h.agent.get(`/meetings/${id}/livestream`).expect(503);
    expect(res.text).toContain('misconfigured');
    expect(oauthLines()[0]).toMatchObject({ level: 50, oauthError: 'invalid_client' });
    await h.agent.get(`/meetings/${id}/livestream`).expect(200);
  });

  it('invalid_grant: the host must reconnect, with a warning naming the error and no secret in the log', async () => {
    h.emulator.expireRefreshTokens();
    const res = await h.agent.get(`/meetings/${id}/livestream`).expect(401);
    expect(res.text).toContain('Reconnect Zoom');
    expect(oauthLines()[0]).toMatchObject({ level: 40, oauthError: 'invalid_grant' });
    const sent = tokenRefreshes(h.emulator).map((r) => (r.body as Record<string, string>).refresh_token);
    for (const secret of [...sent, h.config.zoom.clientSecret]) expect(h.logs.join('\n')).not.toContain(secret);
  });
});

/** A memory store whose writes can be made to fail, like a full disk or a locked SQLite file. */
class FlakyStore extends MemorySessionStore {
  failingSets = 0;
  override set(sid: string, sess: SessionData, callback?: (error?: unknown) => void): void {
    if (this.failingSets > 0) {
      this.failingSets -= 1;
      return callback?.(new SessionStoreUnavailableError(new Error('disk I/O error')));
    }
    super.set(sid, sess, callback);
  }
}

describe('a store write that fails during a refresh', () => {
  it('keeps the rotated refresh token until it is stored: 503 now, connected on the next request, one refresh in all', async () => {
    const emulator = await startZoomEmulator({ redirectUris: [REDIRECT_URI] });
    try {
      const config = withZoomAt(loadConfig({ NODE_ENV: 'test', BASE_URL, SESSION_STORE: 'memory', RATE_LIMIT_PER_MINUTE: '100000' }), emulator.url);
      const store = new FlakyStore();
      // The refresh lock forgets at once, as it has 30 s after a real outage: only the keeper may hold the token.
      const deps = buildDeps(config, { sessionStore: store, logger: createLogger('silent'), refreshLock: createLocalRefreshLock(1) });
      const h = { emulator, app: createApp(config, deps) } as unknown as Harness;
      const agent = request.agent(h.app);
      await loginAs(h, 'pro', agent);
      const id = emulator.meetingsOf('pro')[0].id;
      emulator.expireAccessTokens();
      // Every save of this request fails: three tries by each of the page's two parallel reads, and express-session's own at the end.
      store.failingSets = 7;
      await agent.get(`/meetings/${id}/livestream`).expect(503);
      expect(store.failingSets).toBe(0);
      // The store is back: the same browser is still connected, and Zoom saw one refresh, never the spent token again.
      await submitLivestream(agent, id, { stream_url: 'rtmp://a.example.net/live', stream_key: 'after-outage', page_url: 'https://a.example.net/watch' }, 303);
      expect(tokenRefreshes(emulator)).toHaveLength(1);
      expect(emulator.livestreamOf(id)?.stream_key).toBe('after-outage');
    } finally {
      await emulator.close();
    }
  });
});
