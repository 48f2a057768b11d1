import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { isReturnPath, takeReturn } from '../../src/web/auth/return-to';
import { consent, csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';

/** Issue 11 part 6: getting to a meeting's page and back (join links, return after connecting, logout, host names). */

const MEETING = '85746065001';
const MEETING_PAGE = `/meetings/${MEETING}/livestream`;

describe('the meeting-ID box', () => {
  let h: Harness;
  let agent: TestAgent;
  beforeAll(async () => {
    h = await startHarness();
    agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
  });
  afterAll(() => h.close());

  // Webinar links (/w/) open the meeting page for now: /webinars/:id/livestream does not exist yet (web/home/handlers.ts livestreamPathOf).
  it.each([
    ['a plain ID', '85746065001', '85746065001'],
    ['an ID with spaces, as Zoom shows it', '857 4606 5001', '85746065001'],
    ['an ID with dashes and spaces around it', '  857-4606-5001 ', '85746065001'],
    ['a join link with a passcode', 'https://zoom.us/j/85746065002?pwd=aBcDeFgHiJkLmNoP.1', '85746065002'],
    ['a join link without a scheme', 'zoom.us/j/85746065002', '85746065002'],
    ['a join link over http', 'http://zoom.us/j/85746065002', '85746065002'],
    ['a join link with a trailing slash and a fragment', 'https://zoom.us/j/85746065002/#success', '85746065002'],
    ['an account subdomain', 'https://acme.zoom.us/j/85746065002?pwd=x', '85746065002'],
    ['an account subdomain without a scheme', 'us02web.zoom.us/j/85746065002', '85746065002'],
    ['a host\'s start link', 'https://zoom.us/s/85746065002?zak=abc', '85746065002'],
    ['an ID past 2^53 in a link', 'https://zoom.us/j/90071992547409931', '90071992547409931'],
    ['a protocol-relative join link', '//zoom.us/j/85746065002', '85746065002'],
  ])('opens %s as that meeting\'s page', async (_name, typed, id) => {
    const res = await agent.get('/meetings').query({ meetingId: typed }).expect(303);
    expect(res.headers.location).toBe(`/meetings/${id}/livestream`);
  });

  it('opens a webinar link (zoom.us/w/…) as that webinar\'s page', async () => {
    const res = await agent.get('/meetings').query({ meetingId: 'https://zoom.us/w/91234567890?tk=abc' }).expect(303);
    expect(res.headers.location).toBe('/webinars/91234567890/livestream');
  });

  it.each([
    ['letters', '12ab'],
    ['an ID above int64', '9223372036854775808'],
    ['an ID with 20 digits', '12345678901234567890'],
    ['an ID starting with 0', '0123456789'],
    ['another site\'s /j/ link', 'https://evil.example/j/123'],
    ['a zoom.us lookalike', 'https://zoom.us.evil.example/j/85746065002'],
    ['a lookalike without a scheme', 'zoom.us.evil.example/j/85746065002'],
    ['a name ending in zoom.us', 'https://notzoom.us/j/85746065002'],
    ['credentials before another host', 'https://zoom.us@evil.example/j/85746065002'],
    ['credentials before zoom.us', 'https://evil.example@zoom.us/j/85746065002'],
    ['a port', 'https://zoom.us:8443/j/85746065002'],
    ['javascript:', 'javascript:alert(1)//zoom.us/j/85746065002'],
    ['a data: URL', 'data:text/html,zoom.us/j/85746065002'],
    ['Zoom\'s app scheme', 'zoommtg://zoom.us/join?confno=85746065002'],
    ['a protocol-relative link elsewhere', '//evil.example/j/85746065002'],
    ['a link whose ID is above int64', 'https://zoom.us/j/9223372036854775808'],
    ['a link with letters for an ID', 'https://zoom.us/j/8574abc'],
    ['a personal link name', 'https://zoom.us/my/priya'],
    ['a link with the ID only in the query', 'https://zoom.us/join?confno=85746065002'],
    ['a link with more path after the ID', 'https://zoom.us/j/85746065002/evil'],
  ])('refuses %s with the field error and focus on the field, never a redirect', async (_name, typed) => {
    const res = await agent.get('/meetings').query({ meetingId: typed }).expect(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('A meeting ID is 1 to 19 digits');
    expect(res.text).toContain('A Zoom join link works too');
    expect(res.text).toMatch(/<input id="meetingId"[^>]*aria-invalid="true" aria-describedby="meetingId-error" autofocus>/);
    // What was typed comes back as the field's value; every link on the page stays on this site.
    const hrefs = [...res.text.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs.filter((href) => !/^(?:#|\/(?![/\\]))/.test(href))).toEqual([]);
  });

  it('explains a wrong ID in Chinese too', async () => {
    const res = await agent.get('/meetings').query({ meetingId: 'abc' }).set('Accept-Language', 'zh-CN').expect(400);
    expect(res.text).toContain('也可以粘贴 Zoom 会议加入链接');
  });

  it('without a connected account sends a typed ID to its page (which asks to connect) and anything else home', async () => {
    const link = await request(h.app).get('/meetings').query({ meetingId: 'https://zoom.us/j/85746065002?pwd=x' }).expect(303);
    expect(link.headers.location).toBe('/meetings/85746065002/livestream');
    const wrong = await request(h.app).get('/meetings').query({ meetingId: 'https://evil.example/j/1' }).expect(303);
    expect(wrong.headers.location).toBe('/');
  });
});

describe('a meeting page opened while disconnected', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  /** Consent on the emulator and the callback on the app, for a login /install already started or about to start. */
  async function finishLogin(agent: TestAgent, callbackExtra = ''): Promise<string> {
    const back = await consent(h, agent, 'pro');
    const callback = await agent.get(`${back.pathname}${back.search}${callbackExtra}`).expect(302);
    return callback.headers.location;
  }

  it('connects, then returns to that page', async () => {
    const agent = request.agent(h.app);
    const id = h.emulator.meetingsOf('pro')[0].id;
    const asked = await agent.get(`/meetings/${id}/livestream`).expect(303);
    expect(asked.headers.location).toBe('/install');
    expect(await finishLogin(agent)).toBe(`/meetings/${id}/livestream`);
    const page = await agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(page.text).toContain('name="stream_url"');
  });

  it('returns only once: the next login goes to the start page', async () => {
    const agent = request.agent(h.app);
    await agent.get(MEETING_PAGE).expect(303);
    expect(await finishLogin(agent)).toBe(MEETING_PAGE);
    expect(await finishLogin(agent)).toBe('/');
  });

  it('keeps the page through a denied consent and a second try', async () => {
    const agent = request.agent(h.app);
    await agent.get(MEETING_PAGE).expect(303);
    const install = await agent.get('/install').expect(302);
    const state = new URL(install.headers.location).searchParams.get('state');
    await agent.get('/oauth/callback').query({ error: 'access_denied', state }).expect(403);
    expect(await finishLogin(agent)).toBe(MEETING_PAGE);
  });

  it('keeps no query string: only the path is remembered', async () => {
    const agent = request.agent(h.app);
    await agent.get(`${MEETING_PAGE}?lang=xx&next=https://evil.example`).expect(303);
    expect(await finishLogin(agent)).toBe(MEETING_PAGE);
  });

  // Each attempt is what a hostile link could make a browser do before the login; every login must end on this site.
  const attempts: Array<[string, string[], string]> = [
    ['?next= on the meeting page', [`${MEETING_PAGE}?next=https://evil.example`], MEETING_PAGE],
    ['?returnTo= on the meeting page', [`${MEETING_PAGE}?returnTo=//evil.example`], MEETING_PAGE],
    ['?next= on /install', ['/install?next=//evil.example'], '/'],
    ['?returnTo= on /install', ['/install?returnTo=https://evil.example'], '/'],
    ['?next= with a backslash', ['/install?next=/%5Cevil.example'], '/'],
    ['?returnTo= without slashes', ['/install?returnTo=https:evil.example'], '/'],
    ['?next= on the start page', ['/?next=//evil.example'], '/'],
    ['an encoded // in the meeting path', ['/meetings/%2F%2Fevil.example/livestream'], '/'],
    ['an encoded backslash in the meeting path', ['/meetings/%5C%5Cevil.example/livestream'], '/'],
    ['a double slash before the path', ['//evil.example/meetings/85746065001/livestream'], '/'],
    ['a dotted path', ['/meetings/../..//evil.example/livestream'], '/'],
    ['an encoded scheme in the meeting path', ['/meetings/https:%2F%2Fevil.example/livestream'], '/'],
  ];
  it.each(attempts)('%s ends on this site', async (_name, visits, expected) => {
    const agent = request.agent(h.app);
    for (const visit of visits) await agent.get(visit);
    expect(await finishLogin(agent)).toBe(expected);
  });

  it.each([
    ['?next=', '&next=//evil.example'],
    ['?returnTo=', '&returnTo=https://evil.example'],
    ['?redirect_uri=', '&redirect_uri=https://evil.example'],
  ])('a callback carrying %s still goes to the remembered page', async (_name, extra) => {
    const agent = request.agent(h.app);
    await agent.get(MEETING_PAGE).expect(303);
    expect(await finishLogin(agent, extra)).toBe(MEETING_PAGE);
  });

  it('a form post while disconnected is refused, not remembered', async () => {
    const agent = request.agent(h.app);
    await agent.post(MEETING_PAGE).type('form').send({ stream_url: 'rtmp://x' }).expect(403);
    expect(await finishLogin(agent)).toBe('/');
  });
});

describe('a return path', () => {
  it.each([
    '//evil.example', '/\\evil.example', '\\\\evil.example', 'https:evil.example', 'https://evil.example', 'javascript:alert(1)',
    '/%2F%2Fevil.example', '/%5Cevil.example', '/meetings/1/../..//evil.example', '/..', '/meetings/1/livestream?next=//evil.example',
    '/\tevil', '', 'meetings/1/livestream', `/${'a'.repeat(300)}`,
  ])('%j is never used', (path) => {
    expect(isReturnPath(path)).toBe(false);
    expect(takeReturn({ returnTo: path })).toBe('/');
  });

  it('is a path of this site, used once', () => {
    const session = { returnTo: MEETING_PAGE };
    expect(takeReturn(session)).toBe(MEETING_PAGE);
    expect(takeReturn(session)).toBe('/');
  });
});

describe('POST /logout', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  async function logOut(agent: TestAgent, language = 'en') {
    const home = await agent.get('/').expect(200);
    return agent.post('/logout').set('Accept-Language', language).type('form').send({ _csrf: csrfFrom(home.text) }).expect(303);
  }

  it('ends the session and the start page says "Disconnected from Zoom", once', async () => {
    const agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    const out = await logOut(agent);
    expect(out.headers.location).toBe('/');
    expect(String(out.headers['set-cookie'])).toMatch(/zls\.notice=disconnected; Max-Age=60;.*HttpOnly.*SameSite=Lax/);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('<p class="notice" role="status">Disconnected from Zoom</p>');
    expect(home.text).toContain('Connect your Zoom account');
    expect(String(home.headers['set-cookie'])).toMatch(/zls\.notice=;.*Expires=Thu, 01 Jan 1970/);
    const again = await agent.get('/').expect(200);
    expect(again.text).not.toContain('Disconnected from Zoom');
    // The login is gone: the meeting page asks to connect.
    expect((await agent.get(MEETING_PAGE).expect(303)).headers.location).toBe('/install');
  });

  it('says it in Chinese', async () => {
    const agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    await logOut(agent, 'zh-CN');
    const home = await agent.get('/').set('Accept-Language', 'zh-CN').expect(200);
    expect(home.text).toContain('<p class="notice" role="status">已断开与 Zoom 的连接</p>');
  });

  it('keeps no session for the notice: nothing is written to the store', async () => {
    const agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    const count = () => new Promise<number>((resolve) => h.deps.sessionStore.length!((_e, n) => resolve(n ?? 0)));
    const before = await count();
    const out = await logOut(agent);
    expect(String(out.headers['set-cookie'])).not.toMatch(/zls\.sid=[^;]/);
    await agent.get('/').expect(200);
    expect(await count()).toBe(before - 1);
  });

  it('a forged or odd notice cookie shows nothing', async () => {
    for (const value of ['<script>alert(1)</script>', 'nav.disconnected', 'Disconnected%20from%20Zoom', 'disconnectedx']) {
      const res = await request(h.app).get('/').set('Cookie', `zls.notice=${value}`).expect(200);
      expect(res.text).not.toContain('class="notice"');
      expect(res.text).not.toContain('<script>alert');
    }
  });
});

describe('sandbox mode on another host name than BASE_URL\'s', () => {
  const port = 3988;
  let sandbox: Harness;
  let real: Harness;
  beforeAll(async () => {
    sandbox = await startHarness({ env: { BASE_URL: `http://localhost:${port}` } });
    real = await startHarness({
      env: {
        BASE_URL: `http://localhost:${port}`, ZOOM_CLIENT_ID: 'real-client', ZOOM_CLIENT_SECRET: 'real-secret',
        SESSION_SECRET: randomBytes(24).toString('hex'), TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        ZOOM_WEBHOOK_SECRET_TOKEN: 'webhook-secret',
      },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await real.close();
  });

  it('sends a page to the same path and query on BASE_URL first', async () => {
    const res = await request(sandbox.app).get('/meetings?meetingId=857%204606%205001').set('Host', `127.0.0.1:${port}`).expect(307);
    expect(res.headers.location).toBe(`http://localhost:${port}/meetings?meetingId=857%204606%205001`);
    const install = await request(sandbox.app).get('/install').set('Host', `127.0.0.1:${port}`).expect(307);
    expect(install.headers.location).toBe(`http://localhost:${port}/install`);
    expect(install.headers['set-cookie']).toBeUndefined();
  });

  it('keeps even an odd path on BASE_URL\'s host', async () => {
    const res = await request(sandbox.app).get('//evil.example/x').set('Host', `127.0.0.1:${port}`).expect(307);
    expect(new URL(res.headers.location).host).toBe(`localhost:${port}`);
  });

  it('serves BASE_URL\'s own host name (any port, any case) without a redirect', async () => {
    await request(sandbox.app).get('/').set('Host', `localhost:${port}`).expect(200);
    await request(sandbox.app).get('/').set('Host', 'LOCALHOST:4000').expect(200);
  });

  it('never moves /healthz, Zoom\'s webhooks, or a form post', async () => {
    await request(sandbox.app).get('/healthz').set('Host', `127.0.0.1:${port}`).expect(200);
    const webhook = await request(sandbox.app).post('/webhooks/zoom').set('Host', `127.0.0.1:${port}`).send({ event: 'x' });
    expect(webhook.status).not.toBe(307);
    const hook = await request(sandbox.app).get('/webhooks/zoom').set('Host', `127.0.0.1:${port}`);
    expect(hook.status).not.toBe(307);
    const post = await request(sandbox.app).post('/logout').set('Host', `127.0.0.1:${port}`).type('form').send({});
    expect(post.status).toBe(403);
  });

  it('is off outside the sandbox', async () => {
    const res = await request(real.app).get('/').set('Host', `127.0.0.1:${port}`).expect(200);
    expect(res.headers.location).toBeUndefined();
  });
});

describe('small things every page has', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('links a favicon that exists, so no page costs a 404', async () => {
    const home = await request(h.app).get('/').expect(200);
    expect(home.text).toContain('<link rel="icon" href="/public/favicon.ico" sizes="32x32">');
    expect(home.text).toContain('<link rel="icon" href="/public/favicon.svg" type="image/svg+xml">');
    await request(h.app).get('/public/favicon.ico').expect(200).expect('content-type', /icon/);
    await request(h.app).get('/public/favicon.svg').expect(200).expect('content-type', /svg/);
  });

  it('gives the skip link a solid background when it shows', async () => {
    const css = (await request(h.app).get('/public/app.css').expect(200)).text;
    expect(css).toMatch(/\.skip:focus \{[^}]*background: var\(--focus\); color: #fff;/);
  });

  it('logs pages but not static files served well; a missing one is still logged', async () => {
    h.logs.length = 0;
    await request(h.app).get('/public/app.css').expect(200);
    await request(h.app).get('/public/vendor/pico.min.css').expect(200);
    await request(h.app).get('/public/favicon.ico').expect(200);
    await request(h.app).get('/public/missing.css').expect(404);
    await request(h.app).get('/').expect(200);
    const paths = h.logs.map((line) => JSON.parse(line) as { req?: { path?: string } }).map((entry) => entry.req?.path).filter(Boolean);
    expect(paths).toEqual(expect.arrayContaining(['/']));
    expect(paths.some((path) => path?.includes('missing.css'))).toBe(true);
    expect(paths.filter((path) => /app\.css|pico|favicon/.test(path ?? ''))).toEqual([]);
  });
});
