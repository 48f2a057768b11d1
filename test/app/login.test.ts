import request from 'supertest';
import { BASE_URL, consent, csrfFrom, inputValue, loginAs, startHarness, type Harness } from '../helpers/harness';

/** Logins that must know who the host is, with the scopes they need, and values kept for the right user only. */

const typed = { stream_url: 'rtmp://stream.example.net/live', stream_key: 'pro-only-key-77', page_url: 'https://example.net/watch', resolution: '720p' };

describe('a login must know the Zoom user id', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('retries the profile once and logs in when the second try works', async () => {
    h.emulator.failNext({ method: 'GET', path: '/v2/users/me', status: 500, times: 1 });
    await loginAs(h, 'pro');
    expect(h.emulator.requestsTo('GET', '/v2/users/me').filter((r) => r.path === '/v2/users/me')).toHaveLength(2);
    expect((await h.agent.get('/')).text).toContain('Log out');
  });

  it('refuses the login, says why and gives the grant back when Zoom never returns the profile', async () => {
    // Each profile read is itself retried on a 5xx (GETs are idempotent): fail every attempt.
    h.emulator.failNext({ method: 'GET', path: '/v2/users/me', status: 500, times: 100 });
    const back = await consent(h, h.agent, 'pro');
    const res = await h.agent.get(`${back.pathname}${back.search}`).expect(502);
    h.emulator.clearFaults();
    expect(res.text).toContain('Zoom did not return your user profile');
    expect(h.emulator.requestsTo('POST', '/oauth/revoke')).toHaveLength(1);
    expect((await h.agent.get('/')).text).toContain('Connect your Zoom account');
    expect(h.logs.some((line) => line.includes('"loginFailure":"profile_unavailable"'))).toBe(true);
  });
});

describe('scopes checked at login', () => {
  it('refuses a grant without the start/stop scope, naming meeting:update:livestream_status, and revokes it', async () => {
    const h = await startHarness({ emulator: { grantedScope: 'meeting:read meeting:update:livestream user:read' } });
    try {
      const back = await consent(h, h.agent, 'pro');
      const res = await h.agent.get(`${back.pathname}${back.search}`).expect(403);
      expect(res.text).toContain('meeting:update:livestream_status');
      expect(res.text).not.toContain('meeting:update:livestream and');
      expect(h.emulator.requestsTo('POST', '/oauth/revoke')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('accepts the two granular scopes without meeting:write', async () => {
    const h = await startHarness({ emulator: { grantedScope: 'meeting:read meeting:update:livestream meeting:update:livestream_status user:read' } });
    try {
      await loginAs(h, 'pro');
    } finally {
      await h.close();
    }
  });
});

describe('values waiting for a reconnect belong to the Zoom user who typed them', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  async function failSaveForLackOfAccess(agent = h.agent): Promise<string> {
    await loginAs(h, 'pro', agent);
    const id = h.emulator.meetingsOf('pro')[0].id;
    const page = await agent.get(`/meetings/${id}/livestream`);
    h.emulator.expireAccessTokens();
    h.emulator.expireRefreshTokens();
    await agent.post(`/meetings/${id}/livestream`).type('form').send({ _csrf: csrfFrom(page.text), ...typed }).expect(401);
    return id;
  }

  it('gives them back to the same user after reconnecting', async () => {
    const id = await failSaveForLackOfAccess();
    const back = await consent(h, h.agent, 'pro');
    const callback = await h.agent.get(`${back.pathname}${back.search}`).expect(302);
    expect(callback.headers.location).toBe(`/meetings/${id}/livestream`);
    const form = await h.agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(inputValue(form.text, 'stream_key')).toBe(typed.stream_key);
  });

  it('drops them when another Zoom user connects in the same browser', async () => {
    const id = await failSaveForLackOfAccess();
    const back = await consent(h, h.agent, 'basic');
    const callback = await h.agent.get(`${back.pathname}${back.search}`).expect(302);
    expect(callback.headers.location).toBe('/');
    const form = await h.agent.get(`/meetings/${id}/livestream`);
    expect(form.text).not.toContain(typed.stream_key);
    expect(form.text).not.toContain(typed.stream_url);
  });
});

describe('a form posted after the session expired', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  /** Logs in, reads the form, then ends the session in the store as an idle timeout would. */
  async function formOfExpiredSession() {
    await loginAs(h, 'pro');
    const id = h.emulator.meetingsOf('pro')[0].id;
    const page = await h.agent.get(`/meetings/${id}/livestream`);
    const owner = /name="_owner" value="([^"]+)"/.exec(page.text)![1];
    await new Promise<void>((resolve) => h.deps.sessionStore.clear!(() => resolve()));
    return { id, fields: { _csrf: csrfFrom(page.text), _owner: owner, ...typed } };
  }

  it('keeps the values (same origin), sends the host to connect, and puts them back afterwards', async () => {
    const { id, fields } = await formOfExpiredSession();
    const res = await h.agent.post(`/meetings/${id}/livestream`).set('Origin', BASE_URL).type('form').send(fields).expect(303);
    expect(res.headers.location).toBe('/install');
    expect(res.headers.location).not.toContain(typed.stream_key);
    const back = await consent(h, h.agent, 'pro');
    const callback = await h.agent.get(`${back.pathname}${back.search}`).expect(302);
    expect(callback.headers.location).toBe(`/meetings/${id}/livestream`);
    const form = await h.agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(inputValue(form.text, 'stream_url')).toBe(typed.stream_url);
    expect(inputValue(form.text, 'stream_key')).toBe(typed.stream_key);
    // Nothing reached Zoom: the host saves the values themselves.
    expect(h.emulator.livestreamOf(id)?.stream_key).not.toBe(typed.stream_key);
  });

  it('a cross-site post with an expired session is still refused as an expired form, and nothing is kept', async () => {
    const { id, fields } = await formOfExpiredSession();
    const res = await h.agent.post(`/meetings/${id}/livestream`).set('Origin', 'http://127.0.0.2:8080').type('form').send(fields).expect(403);
    expect(res.text).toContain('This form has expired');
  });

  it('the values do not come back when another Zoom user connects', async () => {
    const { id, fields } = await formOfExpiredSession();
    await h.agent.post(`/meetings/${id}/livestream`).set('Sec-Fetch-Site', 'same-origin').type('form').send(fields).expect(303);
    const back = await consent(h, h.agent, 'basic');
    const callback = await h.agent.get(`${back.pathname}${back.search}`).expect(302);
    expect(callback.headers.location).toBe('/');
  });
});

describe('logout over https (a __Host- cookie)', () => {
  it('clears the cookie with its own attributes, so the browser really drops it', async () => {
    const httpsBase = 'https://127.0.0.1:3999';
    const h = await startHarness({ env: { BASE_URL: httpsBase, TRUST_PROXY: '1' }, emulator: { redirectUris: [`${httpsBase}/oauth/callback`] } });
    try {
      const viaProxy = (req: request.Test) => req.set('X-Forwarded-Proto', 'https');
      const install = await viaProxy(request(h.app).get('/install')).expect(302);
      let cookie = String(install.headers['set-cookie']).split(';')[0];
      const authorize = new URL(install.headers.location);
      const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), host: 'pro', decision: 'allow' });
      const reply = await fetch(`${h.emulator.url}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
      const back = new URL(reply.headers.get('location')!);
      const callback = await viaProxy(request(h.app).get(`${back.pathname}${back.search}`)).set('Cookie', cookie).expect(302);
      cookie = String(callback.headers['set-cookie']).split(';')[0];
      const home = await viaProxy(request(h.app).get('/')).set('Cookie', cookie).expect(200);
      const res = await viaProxy(request(h.app).post('/logout')).set('Cookie', cookie).type('form').send({ _csrf: csrfFrom(home.text) }).expect(303);
      const cleared = String(res.headers['set-cookie']);
      expect(cleared).toMatch(/^__Host-zls\.sid=;/);
      expect(cleared).toContain('Path=/');
      expect(cleared).toContain('Secure');
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    } finally {
      await h.close();
    }
  });
});
