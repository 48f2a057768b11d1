import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { loadConfig } from '../../src/config';
import { applyForm, jobIdOf, postForm, untilJob } from '../helpers/bulk';
import { loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';
import { increases, parseExposition, sumOf, type Sample } from '../helpers/prometheus';

/**
 * GET /metrics: absent without METRICS_TOKEN, bearer-protected with it, and counting what the app did,
 * exactly, in a registry of each app's own. Label values never carry a meeting, user or session id.
 */
const TOKEN = 'metrics-test-token-5d1f0c2a9b';
const ZOOM = 'zls_zoom_requests_total';
const HTTP = 'zls_http_request_duration_seconds_count';

async function scrape(h: Harness): Promise<Sample[]> {
  const res = await request(h.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
  return parseExposition(res.text);
}

/** What the app asked Zoom's REST API (/v2), as the emulator saw it. */
const restCalls = (h: Harness) => h.emulator.requests.filter((r) => r.path.startsWith('/v2/')).length;
const tokenRefreshesSeen = (h: Harness) => h.emulator.requestsTo('POST', '/oauth/token').filter((r) => r.grantType === 'refresh_token').length;

describe('GET /metrics without METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('is a 404 like any unknown path, token or not, and nothing is measured', async () => {
    const res = await request(h.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(h.deps.metrics).toBeUndefined();
  });
});

describe('METRICS_TOKEN', () => {
  it('must be 16 or more printable characters, and never appears in the error', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short-9f3' })).toThrow(/METRICS_TOKEN must be 16 or more printable characters/);
    expect(() => loadConfig({ METRICS_TOKEN: 'has a space in it 0123' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short-9f3' })).not.toThrow(/short-9f3/);
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    // The read cache on, so a second view of a page is a hit.
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN, ZOOM_CACHE_SECONDS: '60' } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.emulator.clearFaults();
    h.emulator.clearRequests();
  });

  it('answers 401 with WWW-Authenticate: Bearer without the token, with a wrong one, or with another scheme', async () => {
    const attempts: Array<string | undefined> = [undefined, 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}X`, 'Bearer wrong', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, TOKEN];
    for (const authorization of attempts) {
      const req = request(h.app).get('/metrics');
      if (authorization !== undefined) req.set('Authorization', authorization);
      const res = await req.expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.text).not.toContain(TOKEN);
      expect(res.text).not.toContain('zls_');
    }
  });

  it('answers the text exposition to the bearer of the token, the process defaults included, and is not logged', async () => {
    const linesBefore = h.logs.length;
    const res = await request(h.app).get('/metrics').set('Authorization', `bearer  ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds', 'zls_http_request_duration_seconds', ZOOM,
      'zls_zoom_request_duration_seconds', 'zls_zoom_token_refreshes_total', 'zls_token_refresh_lock_wait_seconds', 'zls_read_cache_reads_total',
      'zls_job_items_total', 'zls_session_store_errors_total', 'zls_database_errors_total']) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
    expect(h.logs.slice(linesBefore).filter((line) => line.includes('/metrics'))).toEqual([]);
  });

  it('counts a known sequence exactly: a Pro login, a meeting page viewed twice, a Basic host\'s save refused with 3161', async () => {
    const before = await scrape(h);
    const pro = request.agent(h.app);
    const login = await loginAs(h, 'pro', pro);
    const session = /zls\.sid=([^;]+)/.exec(([] as string[]).concat(login.headers['set-cookie'] ?? []).join('\n'))?.[1];
    expect(session).toBeDefined();
    const meetingId = h.emulator.meetingsOf('pro')[0].id;
    await pro.get(`/meetings/${meetingId}/livestream`).expect(200);
    await pro.get(`/meetings/${meetingId}/livestream`).expect(200);
    const basic = request.agent(h.app);
    await loginAs(h, 'basic', basic);
    const basicMeeting = h.emulator.meetingsOf('basic')[0].id;
    const refused = await submitLivestream(basic, basicMeeting, { stream_url: 'rtmp://x.example/live', stream_key: 'k-1', page_url: 'https://x.example/w' }, 400);
    expect(refused.text).toContain('3161');
    const after = await scrape(h);

    expect(increases(before, after, HTTP)).toEqual({
      // The scrape before this sequence finished after its own body was made: it shows in the second.
      'method=GET,route=/metrics,status=200': 1,
      'method=GET,route=/install,status=302': 2,
      'method=GET,route=/oauth/callback,status=302': 2,
      'method=GET,route=/meetings/:meetingId/livestream,status=200': 2,
      // The Basic host's page: Zoom's 3161 on load shows the form disabled.
      'method=GET,route=/meetings/:meetingId/livestream,status=400': 1,
      'method=POST,route=/meetings/:meetingId/livestream,status=400': 1,
    });
    expect(increases(before, after, ZOOM)).toEqual({
      // Each login reads the profile and the account's settings.
      'operation=GET /users/me,outcome=200,zoom_code=': 2,
      'operation=GET /users/me/settings,outcome=200,zoom_code=': 2,
      // The Pro meeting's page read Zoom once (then the cache); the Basic host's page reads the meeting too.
      'operation=GET /meetings/{id},outcome=200,zoom_code=': 2,
      'operation=GET /meetings/{id}/livestream,outcome=200,zoom_code=': 1,
      // The Basic host's page load, then the save's read of the current settings: each refused, so no PATCH is sent.
      'operation=GET /meetings/{id}/livestream,outcome=400,zoom_code=3161': 2,
    });
    // Every REST call Zoom received is counted once, and timed once.
    expect(sumOf(after, ZOOM) - sumOf(before, ZOOM)).toBe(restCalls(h));
    expect(increases(before, after, 'zls_zoom_request_duration_seconds_count')).toEqual(increases(before, after, ZOOM));
    // Two misses for the Pro page's two readings, two hits on the second view, two misses on the Basic host's page
    // (a refusal is not kept); the save reads Zoom directly, and its refused page shows the meeting's context from the
    // cache (one hit).
    expect(increases(before, after, 'zls_read_cache_reads_total')).toEqual({ 'result=miss': 4, 'result=hit': 3 });
    expect(increases(before, after, 'zls_zoom_token_refreshes_total')).toEqual({});
    expect(increases(before, after, 'zls_session_store_errors_total')).toEqual({});

    // No label value holds an id: not a meeting's, a user's, an account's, nor a session's.
    const hosts = Object.values(h.emulator.hosts);
    const secrets = [
      ...hosts.flatMap((host) => [host.id, host.email, host.account_id]),
      ...(['pro', 'basic', 'licensed'] as const).flatMap((host) => [...h.emulator.meetingsOf(host), ...h.emulator.webinarsOf(host)].map((event) => event.id)),
      session, TOKEN,
    ].filter((value): value is string => typeof value === 'string' && value.length > 0);
    const values = after.flatMap((sample) => Object.values(sample.labels));
    for (const value of values) {
      for (const secret of secrets) expect(value).not.toContain(secret);
      expect(value).not.toMatch(/\d{6,}/);
    }
  });

  it('labels a request refused before its route with the route it was heading for; anything else unmatched, never the path', async () => {
    const before = await scrape(h);
    // No CSRF token: refused (403) by the middleware in front of the route table.
    await request(h.app).post('/meetings/90071992547409931/livestream').type('form').send({ stream_url: 'x' }).expect(403);
    await request(h.app).get('/no/such/page/90071992547409931').expect(404);
    await request(h.app).get('/public/app.css').expect(200);
    await request(h.app).get('/webinars/90071992547409931/livestream').expect(303);
    const after = await scrape(h);
    expect(increases(before, after, HTTP)).toEqual({
      'method=GET,route=/metrics,status=200': 1,
      'method=POST,route=/meetings/:meetingId/livestream,status=403': 1,
      'method=GET,route=unmatched,status=404': 1,
      'method=GET,route=/public/*,status=200': 1,
      'method=GET,route=/webinars/:webinarId/livestream,status=303': 1,
    });
  });

  it('counts token refreshes by result, with the 124 that prompted them; one refresh however many reads hit the expired token', async () => {
    const agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    const [, second] = h.emulator.meetingsOf('pro');
    /** The page's Refresh: one Zoom call with the host's token (the profile and settings together), so one refresh. */
    const refreshProfile = async () => expect((await postForm(agent, '/refresh', [['back', '/destinations']])).status).toBe(303);
    const before = await scrape(h);
    h.emulator.expireAccessTokens();
    await agent.get(`/meetings/${second.id}/livestream`).expect(200);
    const refreshed = await scrape(h);
    expect(increases(before, refreshed, 'zls_zoom_token_refreshes_total')).toEqual({ 'result=ok': 1 });
    expect(tokenRefreshesSeen(h)).toBe(1);
    // The page reads the meeting and its settings at once: both met Zoom's 124, and both were tried again.
    expect(increases(before, refreshed, ZOOM)).toEqual({
      'operation=GET /meetings/{id},outcome=401,zoom_code=124': 1,
      'operation=GET /meetings/{id}/livestream,outcome=401,zoom_code=124': 1,
      'operation=GET /meetings/{id},outcome=200,zoom_code=': 1,
      'operation=GET /meetings/{id}/livestream,outcome=200,zoom_code=': 1,
    });

    // Zoom's token endpoint down: the refresh failed, the token is kept.
    h.emulator.expireAccessTokens();
    h.emulator.failNext({ path: '/oauth/token', status: 503 });
    await refreshProfile();
    const failed = await scrape(h);
    expect(increases(refreshed, failed, 'zls_zoom_token_refreshes_total')).toEqual({ 'result=failed': 1 });

    // The grant is gone: invalid_grant, and the host must connect again.
    h.emulator.expireAccessTokens();
    h.emulator.expireRefreshTokens();
    await refreshProfile();
    expect(increases(failed, await scrape(h), 'zls_zoom_token_refreshes_total')).toEqual({ 'result=invalid_grant': 1 });
  });

  it('keeps a registry per app: a second app in this process counts only its own requests', async () => {
    const other = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
    try {
      const before = await scrape(h);
      for (let i = 0; i < 3; i += 1) await request(other.app).get('/healthz').expect(200);
      const after = await scrape(h);
      expect(increases(before, after, HTTP)).toEqual({ 'method=GET,route=/metrics,status=200': 1 });
      expect(sumOf(await scrape(other), HTTP, { route: '/healthz' })).toBe(3);
    } finally {
      await other.close();
    }
  });
});

describe('bulk jobs', () => {
  // A harness of its own: the runner works with one of the host's sessions, and no other test's may be in its way.
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => h.close());

  it('counts bulk job items by outcome, and the job runner\'s Zoom calls with the rest', async () => {
    const agent: TestAgent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    const userId = h.emulator.hosts.pro.id;
    const targets = h.emulator.meetingsOf('pro').slice(0, 3).map((meeting) => `meeting:${meeting.id}`);
    const saved = await h.deps.destinations.create(userId, { name: 'Metrics', stream_url: 'rtmp://m.example/live', stream_key: 'mk-1', page_url: 'https://m.example/w', resolution: '' });
    const before = await scrape(h);
    const restCallsBefore = restCalls(h);
    // One meeting's PATCH fails: one item failed, two applied.
    h.emulator.failNext({ method: 'PATCH', path: new RegExp(`^/v2/meetings/${targets[1].slice('meeting:'.length)}/livestream$`), status: 500 });
    const res = await postForm(agent, '/streams/apply', applyForm(targets, saved.id));
    expect(res.status).toBe(303);
    const job = await untilJob(h, userId, jobIdOf(res.headers.location));
    expect(job.items.map((item) => item.status).sort()).toEqual(['applied', 'applied', 'failed']);
    const after = await scrape(h);
    expect(increases(before, after, 'zls_job_items_total')).toEqual({ 'outcome=applied': 2, 'outcome=failed': 1 });
    expect(increases(before, after, ZOOM)).toEqual({
      // The apply checks the targets against the host's upcoming lists.
      'operation=GET /users/me/meetings,outcome=200,zoom_code=': 1,
      'operation=GET /users/me/webinars,outcome=200,zoom_code=': 1,
      // The runner: each item's settings before, then its PATCH (the emulator's 500 carries code 500).
      'operation=GET /meetings/{id}/livestream,outcome=200,zoom_code=': 3,
      'operation=PATCH /meetings/{id}/livestream,outcome=204,zoom_code=': 2,
      'operation=PATCH /meetings/{id}/livestream,outcome=500,zoom_code=500': 1,
    });
    expect(sumOf(after, ZOOM) - sumOf(before, ZOOM)).toBe(restCalls(h) - restCallsBefore);
  });
});

describe('bulk jobs at Zoom\'s daily limit', () => {
  let h: Harness;
  beforeAll(async () => {
    // One live stream update a day for the account: the first PATCH is served, the rest meet the daily limit.
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN }, emulator: { rateLimits: { dailyLivestreamUpdates: 1 } } });
  });
  afterAll(() => h.close());

  it('counts the items left by the daily limit as not_applied', async () => {
    const agent: TestAgent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    const userId = h.emulator.hosts.pro.id;
    const targets = h.emulator.meetingsOf('pro').slice(0, 3).map((meeting) => `meeting:${meeting.id}`);
    const saved = await h.deps.destinations.create(userId, { name: 'Daily', stream_url: 'rtmp://d.example/live', stream_key: 'dk-1', page_url: 'https://d.example/w', resolution: '' });
    const before = await scrape(h);
    const res = await postForm(agent, '/streams/apply', applyForm(targets, saved.id));
    expect(res.status).toBe(303);
    const job = await untilJob(h, userId, jobIdOf(res.headers.location));
    expect(job.pausedReason).toBe('daily_limit');
    const after = await scrape(h);
    expect(increases(before, after, 'zls_job_items_total')).toEqual({ 'outcome=applied': 1, 'outcome=not_applied': 2 });
    expect(sumOf(after, ZOOM, { operation: 'PATCH /meetings/{id}/livestream', outcome: '429' })).toBeGreaterThanOrEqual(1);
  });
});

describe('requests that end on an unavailable store or database', () => {
  it('count as session store errors and database errors', async () => {
    const h = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
    try {
      const agent = request.agent(h.app);
      await loginAs(h, 'pro', agent);
      const before = await scrape(h);
      await h.deps.database.close();
      await agent.get('/destinations').expect(503);
      const closedDatabase = await scrape(h);
      expect(increases(before, closedDatabase, 'zls_database_errors_total')).toEqual({ '': 1 });
      expect(increases(before, closedDatabase, 'zls_session_store_errors_total')).toEqual({});

      const storeLess = await startHarness({ env: { METRICS_TOKEN: TOKEN, SESSION_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:1', REDIS_PREFIX: 'zls-test:metrics-down:' } });
      try {
        const first = await scrape(storeLess);
        await request(storeLess.app).get('/install').expect(503);
        await request(storeLess.app).get('/install').expect(503);
        expect(increases(first, await scrape(storeLess), 'zls_session_store_errors_total')).toEqual({ '': 2 });
      } finally {
        await storeLess.deps.sessionStore.close();
        await storeLess.close();
      }
    } finally {
      await h.deps.jobRunner.stop();
      await h.emulator.close();
    }
  });
});
