import request from 'supertest';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('every page', () => {
  it('carries a strict CSP, no framing, no referrer and no caching', async () => {
    const res = await request(h.app).get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.text).not.toMatch(/<script>|style="/);
  });

  it('in sandbox mode shows the sandbox banner, and no session cookie for an anonymous visit', async () => {
    const res = await request(h.app).get('/').expect(200);
    expect(res.text).toContain('Sandbox mode');
    expect(res.text).toContain('Connect your Zoom account');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers an unknown address with the 404 page', async () => {
    const res = await request(h.app).get('/nope').expect(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).toContain('href="/"');
  });

  it('serves the stylesheet and the small script from /public', async () => {
    await request(h.app).get('/public/app.css').expect(200).expect('content-type', /css/);
    await request(h.app).get('/public/app.js').expect(200).expect('content-type', /javascript/);
  });
});

describe('GET /healthz and GET /readyz', () => {
  it('/healthz answers 200 JSON when the process answers; /readyz when the session store and the database do', async () => {
    expect((await request(h.app).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(h.app).get('/readyz').expect(200)).body).toEqual({ status: 'ready', sessionStore: 'ok', database: 'ok' });
  });
});

describe('GET / when connected', () => {
  it('shows the host, the licence, upcoming meetings with start times and IDs, and the ID box', async () => {
    const agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    const res = await agent.get('/').expect(200);
    const pro = h.emulator.hosts.pro;
    expect(res.text).toContain(pro.email);
    expect(res.text).toContain('Licensed (Pro or higher)');
    for (const meeting of h.emulator.meetingsOf('pro')) {
      expect(res.text).toContain(`<td class="meeting-id" data-label="Meeting ID">${meeting.id}</td>`);
      expect(res.text).toContain(meeting.topic);
    }
    expect(res.text).toMatch(/GMT|BST|UTC/);
    expect(res.text).toContain('<label for="meetingId">Meeting ID</label>');
  });

  it('for a Basic host shows the licence hint', async () => {
    const agent = request.agent(h.app);
    await loginAs(h, 'basic', agent);
    const res = await agent.get('/').expect(200);
    expect(res.text).toContain('Basic licence');
    expect(res.text).toContain('requires the meeting host to have a Pro licence or higher');
  });

  it('explains an invalid ID typed in the box with 400 and keeps it', async () => {
    const agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    const res = await agent.get('/meetings').query({ meetingId: '12ab' }).expect(400);
    expect(res.text).toContain('A meeting ID is 1 to 19 digits');
    expect(res.text).toContain('value="12ab"');
    expect(res.text).toContain('aria-describedby="meetingId-error"');
  });
});
