import { createHash } from 'node:crypto';
import request from 'supertest';
import { REDIRECT_URI, consent, loginAs, startHarness, csrfFrom, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.emulator.clearRequests());

const freshAgent = () => request.agent(h.app);

describe('GET /install', () => {
  it('redirects to Zoom authorize with state, an S256 challenge and the redirect URI', async () => {
    const res = await freshAgent().get('/install').expect(302);
    const url = new URL(res.headers.location);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.emulator.url}/oauth/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(h.config.zoom.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(res.headers['set-cookie'][0]).toMatch(/^zls\.sid=.*HttpOnly.*SameSite=Lax/i);
  });

  it('uses a new state and challenge on every install', async () => {
    const a = new URL((await freshAgent().get('/install')).headers.location);
    const b = new URL((await freshAgent().get('/install')).headers.location);
    expect(a.searchParams.get('state')).not.toBe(b.searchParams.get('state'));
    expect(a.searchParams.get('code_challenge')).not.toBe(b.searchParams.get('code_challenge'));
  });
});

describe('GET /oauth/callback', () => {
  it('with the Pro host signs in, stores the token and shows the host name on the home page', async () => {
    const agent = freshAgent();
    const back = await consent(h, agent, 'pro');
    const res = await agent.get(`${back.pathname}${back.search}`).expect(302);
    expect(res.headers.location).toBe('/');
    const token = h.emulator.requestsTo('POST', '/oauth/token')[0];
    expect(token.grantType).toBe('authorization_code');
    expect(token.authorization).toBe(`Basic ${Buffer.from(`${h.config.zoom.clientId}:${h.config.zoom.clientSecret}`).toString('base64')}`);
    const body = token.body as Record<string, string>;
    expect(body.redirect_uri).toBe(REDIRECT_URI);
    expect(body.code_verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain(h.emulator.hosts.pro.first_name);
    expect(home.text).not.toContain('Connect your Zoom account</a>');
  });

  it('sends a verifier whose S256 hash is the challenge sent to authorize', async () => {
    const agent = freshAgent();
    const install = new URL((await agent.get('/install')).headers.location);
    const form = new URLSearchParams({ ...Object.fromEntries(install.searchParams), host: 'pro', decision: 'allow' });
    const reply = await fetch(`${h.emulator.url}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    const back = new URL(reply.headers.get('location')!);
    await agent.get(`${back.pathname}${back.search}`).expect(302);
    const verifier = (h.emulator.requestsTo('POST', '/oauth/token')[0].body as Record<string, string>).code_verifier;
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(install.searchParams.get('code_challenge'));
  });

  it('gives the session a new id at login (no session fixation)', async () => {
    const agent = freshAgent();
    const install = await agent.get('/install');
    const before = install.headers['set-cookie'][0].split(';')[0];
    const back = await consent(h, agent, 'pro').catch(() => undefined);
    // consent() started a second install; use its callback to finish.
    const res = await agent.get(`${back!.pathname}${back!.search}`).expect(302);
    const after = res.headers['set-cookie'][0].split(';')[0];
    expect(after).not.toBe(before);
  });

  it('rejects a wrong state with a Try again page and stores nothing', async () => {
    const agent = freshAgent();
    const back = await consent(h, agent, 'pro');
    back.searchParams.set('state', 'forged-state-value-000000000000000');
    const res = await agent.get(`${back.pathname}${back.search}`).expect(400);
    expect(res.text).toContain('This sign-in link is not valid');
    expect(res.text).toContain('href="/install"');
    expect(res.text).toContain('Try again');
    expect(h.emulator.requestsTo('POST', '/oauth/token')).toHaveLength(0);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Connect your Zoom account');
  });

  it('rejects a callback when no login is pending in this browser', async () => {
    const res = await freshAgent().get('/oauth/callback?code=abc&state=xyz').expect(400);
    expect(res.text).toContain('This sign-in link is not valid');
    expect(h.emulator.requestsTo('POST', '/oauth/token')).toHaveLength(0);
  });

  it('restarts the flow at /install when Zoom sends a code without state (Marketplace Add button)', async () => {
    const res = await freshAgent().get('/oauth/callback?code=from-marketplace').expect(302);
    expect(res.headers.location).toBe('/install');
    expect(h.emulator.requestsTo('POST', '/oauth/token')).toHaveLength(0);
  });

  it('explains a denied consent with status 403 and a Try again link', async () => {
    const agent = freshAgent();
    const back = await consent(h, agent, 'pro', 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    const res = await agent.get(`${back.pathname}${back.search}`).expect(403);
    expect(res.text).toContain('Zoom access was not granted');
    expect(res.text).toContain('Try again');
  });

  it('refuses a replayed callback: the state works once', async () => {
    const agent = freshAgent();
    const back = await consent(h, agent, 'pro');
    await agent.get(`${back.pathname}${back.search}`).expect(302);
    const replay = await agent.get(`${back.pathname}${back.search}`).expect(400);
    expect(replay.text).toContain('This sign-in link is not valid');
  });

  it('shows a clear page when Zoom rejects the code (expired or used)', async () => {
    const agent = freshAgent();
    const back = await consent(h, agent, 'pro');
    // Spend the code first, as an attacker or a double submit would.
    const spend = new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: REDIRECT_URI });
    await fetch(`${h.emulator.url}/oauth/token`, {
      method: 'POST',
      body: spend,
      headers: { Authorization: `Basic ${Buffer.from('sandbox-client-id:sandbox-client-secret').toString('base64')}` },
    });
    const res = await agent.get(`${back.pathname}${back.search}`).expect(400);
    expect(res.text).toContain('Zoom did not accept the sign-in');
    expect(res.text).toContain('Try again');
    expect((await agent.get('/')).text).toContain('Connect your Zoom account');
  });
});

describe('scope check', () => {
  it('says which scope is missing when Zoom grants no meeting:write, and revokes that token', async () => {
    const narrow = await startHarness({ emulator: { grantedScope: 'meeting:read user:read' } });
    try {
      const agent = narrow.agent;
      const back = await consent(narrow, agent, 'pro');
      const res = await agent.get(`${back.pathname}${back.search}`).expect(403);
      expect(res.text).toContain('meeting:write');
      expect(res.text).toContain('meeting:read user:read');
      expect(narrow.emulator.requestsTo('POST', '/oauth/revoke')).toHaveLength(1);
      expect((await agent.get('/')).text).toContain('Connect your Zoom account');
    } finally {
      await narrow.close();
    }
  });
});

describe('POST /logout', () => {
  it('revokes the token at Zoom, ends the session and shows the connect button', async () => {
    const agent = freshAgent();
    await loginAs(h, 'pro', agent);
    const home = await agent.get('/').expect(200);
    const res = await agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) }).expect(303);
    expect(res.headers.location).toBe('/');
    const revoke = h.emulator.requestsTo('POST', '/oauth/revoke');
    expect(revoke).toHaveLength(1);
    expect((revoke[0].body as Record<string, string>).token).toMatch(/.{16,}/);
    const after = await agent.get('/').expect(200);
    expect(after.text).toContain('Connect your Zoom account');
    // The revoked token no longer works at Zoom.
    const token = (revoke[0].body as Record<string, string>).token;
    const me = await fetch(`${h.emulator.url}/v2/users/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  it('without a CSRF token is refused with 403 and the host stays connected', async () => {
    const agent = freshAgent();
    await loginAs(h, 'pro', agent);
    const res = await agent.post('/logout').type('form').send({}).expect(403);
    expect(res.text).toContain('This form has expired');
    expect(h.emulator.requestsTo('POST', '/oauth/revoke')).toHaveLength(0);
    expect((await agent.get('/')).text).toContain('Log out');
  });
});
