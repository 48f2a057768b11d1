import type { Store } from 'express-session';
import request from 'supertest';
import { consent, loginAs, startHarness, type Harness } from '../helpers/harness';
import { leaks, secretsSeen } from '../helpers/secrets';

function dumpStore(store: Store): Promise<string> {
  return new Promise((resolve, reject) => store.all!((error, all) => (error ? reject(error) : resolve(JSON.stringify(all)))));
}

describe('sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('a dump of the session store reveals no usable Zoom token', async () => {
    await loginAs(h, 'pro', request.agent(h.app));
    const dump = await dumpStore(h.deps.sessionStore);
    expect(dump).toContain('"sealed":"v1.dev.');
    expect(leaks(dump, secretsSeen(h))).toEqual([]);
  });

  it('the cookie rolls with an idle lifetime and is HttpOnly and SameSite=Lax', async () => {
    const agent = request.agent(h.app);
    const callback = await loginAs(h, 'pro', agent);
    const cookie = callback.headers['set-cookie'][0];
    expect(cookie).toMatch(/^zls\.sid=/);
    const expiresIn = (header: string) => Date.parse(/Expires=([^;]+)/.exec(header)![1]) - Date.now();
    expect(expiresIn(cookie)).toBeGreaterThan(3590_000);
    expect(expiresIn(cookie)).toBeLessThanOrEqual(3600_000);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const later = await agent.get('/').expect(200);
    expect(later.headers['set-cookie'][0]).toMatch(/^zls\.sid=.*Expires=/);
  });

  it('a tampered session cookie is treated as no session', async () => {
    const agent = request.agent(h.app);
    const callback = await loginAs(h, 'pro', agent);
    const [pair] = callback.headers['set-cookie'][0].split(';');
    const tampered = pair.slice(0, -3) + (pair.endsWith('A') ? 'BBB' : 'AAA');
    const res = await request(h.app).get('/').set('Cookie', tampered).expect(200);
    expect(res.text).toContain('Connect your Zoom account');
  });

  it('the cookie of a logged-out session no longer works', async () => {
    const agent = request.agent(h.app);
    const callback = await loginAs(h, 'pro', agent);
    const [pair] = callback.headers['set-cookie'][0].split(';');
    const home = await agent.get('/');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    const replay = await request(h.app).get('/').set('Cookie', pair).expect(200);
    expect(replay.text).toContain('Connect your Zoom account');
  });
});

it('a login ends after its absolute lifetime even when active', async () => {
  // The app's clock (deps.now) jumps past the hour; nothing waits for it.
  let jumped: number | undefined;
  const h = await startHarness({ env: { SESSION_MAX_AGE_HOURS: '1' }, deps: { now: () => jumped ?? Date.now() } });
  try {
    const agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    expect((await agent.get('/')).text).toContain('Log out');
    jumped = Date.now() + 59 * 60_000;
    expect((await agent.get('/')).text).toContain('Log out');
    jumped = Date.now() + 60 * 60_000 + 1000;
    expect((await agent.get('/')).text).toContain('Connect your Zoom account');
  } finally {
    await h.close();
  }
});

it('an authorization code older than 5 minutes is refused', async () => {
  let clock = Date.now();
  const h = await startHarness({ emulator: { now: () => clock } });
  try {
    const agent = request.agent(h.app);
    const back = await consent(h, agent, 'pro');
    clock += 5 * 60_000 + 1000;
    const res = await agent.get(`${back.pathname}${back.search}`).expect(400);
    expect(res.text).toContain('Zoom did not accept the sign-in');
  } finally {
    await h.close();
  }
});

describe('behind a TLS-terminating proxy (BASE_URL https, TRUST_PROXY=1)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { BASE_URL: 'https://live.example.com', TRUST_PROXY: '1' } });
  });
  afterAll(() => h.close());

  it('sets a Secure __Host- cookie when the proxy says https, and HSTS', async () => {
    // The proxy passes the public host name; without it the sandbox would first send the browser to BASE_URL's host.
    const res = await request(h.app).get('/install').set('Host', 'live.example.com').set('X-Forwarded-Proto', 'https').expect(302);
    const cookie = res.headers['set-cookie'][0];
    expect(cookie).toMatch(/^__Host-zls\.sid=.*; Path=\/;.*Secure/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('never sends the secure cookie over plain http', async () => {
    const res = await request(h.app).get('/install').set('Host', 'live.example.com').expect(302);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
