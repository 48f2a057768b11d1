import request from 'supertest';
import type { JobWithItems, NewJob } from '../../src/jobs/model';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/**
 * The background runner against the real emulator (with Zoom's rate limits on) and a real SQLite
 * database: jobs created in the repository, run by the harness's runner, checked through what the
 * emulator received, the items' outcomes and the history.
 */
const DESTINATION = { stream_url: 'rtmp://live.example.com/app', stream_key: 'bulk-key-0001', page_url: 'https://watch.example.com/show', resolution: '1080p' };
const PRO_USER = 'pRoHoSt0000000000000001';
const PRO_ACCOUNT = 'eMuLaToRaCcOuNt00000001';
const BASIC_USER = 'bAsIcHoSt00000000000002';

/** Polls the database (the runner works in the background) until the job settles; fails after 15 s. */
async function until(h: Harness, userId: string, jobId: string, settled: (job: JobWithItems) => boolean): Promise<JobWithItems> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const job = await h.deps.jobs.get(userId, jobId);
    if (job && settled(job)) return job;
    if (Date.now() > deadline) throw new Error(`job did not settle: ${JSON.stringify({ status: job?.status, items: job?.items.map((item) => item.status) })}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const finished = (job: JobWithItems) => job.status === 'done' || job.status === 'cancelled';

function itemsOf(h: Harness, host: 'pro' | 'basic', meetings: number, webinars = 0): NewJob['items'] {
  return [
    ...h.emulator.meetingsOf(host).slice(0, meetings).map((event) => ({ kind: 'meeting' as const, eventId: event.id, topic: event.topic })),
    ...h.emulator.webinarsOf(host).slice(0, webinars).map((event) => ({ kind: 'webinar' as const, eventId: event.id, topic: event.topic })),
  ];
}

async function start(h: Harness, job: Omit<NewJob, 'action'> & { action?: NewJob['action'] }): Promise<JobWithItems> {
  const created = await h.deps.jobs.create({ action: 'apply', ...job });
  h.deps.jobRunner.kick();
  return created;
}

describe('a 25-item job at 30 requests a second', () => {
  let h: Harness;
  beforeAll(async () => {
    // The app believes the account allows 40/s while Zoom allows 30: Zoom's 429s must come, and must not fail anything.
    h = await startHarness({ emulator: { extraMeetings: 22, rateLimits: { lightPerSecond: 30 } }, env: { ZOOM_LIGHT_RATE_PER_SECOND: '40', JOB_CONCURRENCY: '8' } });
    await loginAs(h, 'pro');
  });
  afterAll(() => h.close());

  it('applies every item, meetings and webinars, records each in the history, and stays within the limit', async () => {
    const webinars = h.emulator.webinarsOf('pro').length;
    const items = itemsOf(h, 'pro', 25 - Math.min(webinars, 3), Math.min(webinars, 3));
    expect(items).toHaveLength(25);
    h.emulator.clearRequests();
    // Start as a second begins: the app's 40 of that second all reach Zoom within it, so Zoom's 30 is passed
    // for certain (a job started late in a second could split its 50 calls as 20 and 30, and meet no 429).
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));

    const job = await start(h, { userId: PRO_USER, accountId: PRO_ACCOUNT, settings: DESTINATION, items });
    const done = await until(h, PRO_USER, job.id, finished);

    expect(done.status).toBe('done');
    expect(done.items.map((item) => item.status)).toEqual(items.map(() => 'applied'));
    for (const item of items) {
      expect(h.emulator.livestreamOf(item.eventId, item.kind)).toMatchObject(DESTINATION);
      const [entry] = await h.deps.history.recent(PRO_USER, item.kind, item.eventId, 1);
      expect(entry).toMatchObject({ source: 'bulk', after: DESTINATION });
    }
    const seconds = h.emulator.servedPerSecond('pro');
    expect(seconds.some((second) => second.limited > 0)).toBe(true);
    expect(Math.max(...seconds.map((second) => second.served))).toBeLessThanOrEqual(30);
    // Each item once: one PATCH per item was served (a 429 is not served).
    const patches = h.emulator.requestsTo('PATCH', '/v2/').filter((entry) => entry.rate?.served);
    expect(patches).toHaveLength(25);
  });
});

describe('refusals, the daily limit, the session, cancel and undo', () => {
  let h: Harness;
  // Real time moved to a minute before Zoom's daily reset (the pacer and the emulator count real seconds);
  // the daily-limit test moves it past midnight.
  let offset = Date.UTC(2026, 4, 1, 23, 59, 0) - Date.now();
  const now = () => Date.now() + offset;
  beforeAll(async () => {
    h = await startHarness({
      emulator: { now, accessTokenTtlSeconds: 7 * 86_400, extraMeetings: 12, rateLimits: { lightPerSecond: 30 } },
      deps: { now },
      env: { JOB_POLL_MS: '50' },
    });
    await loginAs(h, 'pro');
  });
  afterAll(() => h.close());

  it('the Basic host\'s job: every meeting item carries Zoom\'s 3161, nothing else breaks', async () => {
    const basic = request.agent(h.app);
    await loginAs(h, 'basic', basic);
    const items = itemsOf(h, 'basic', 3);

    const job = await start(h, { userId: BASIC_USER, accountId: 'eMuLaToRaCcOuNt00000002', settings: DESTINATION, items });
    const done = await until(h, BASIC_USER, job.id, finished);

    expect(done.status).toBe('done');
    for (const item of done.items) expect(item).toMatchObject({ status: 'failed', zoomStatus: 400, zoomCode: 3161 });
    expect(h.errors).toEqual([]);
  });

  it('stops at Zoom\'s daily limit: the rest "not applied", paused until 00:00 UTC, then resumes', async () => {
    h.emulator.setRateLimits({ lightPerSecond: 30, dailyLivestreamUpdates: 4 });
    const items = itemsOf(h, 'pro', 7);

    const job = await start(h, { userId: PRO_USER, accountId: PRO_ACCOUNT, settings: DESTINATION, items });
    const paused = await until(h, PRO_USER, job.id, (found) => found.status === 'paused');

    expect(paused.pausedReason).toBe('daily_limit');
    expect(paused.resumeAfter).toBe(Date.UTC(2026, 4, 2));
    const statuses = paused.items.map((item) => item.status);
    expect(statuses.filter((status) => status === 'applied')).toHaveLength(4);
    expect(statuses.filter((status) => status === 'not_applied')).toHaveLength(3);
    expect(statuses).not.toContain('failed');

    offset += Date.UTC(2026, 4, 2, 0, 0, 5) - now(); // past Zoom's daily reset, on both clocks
    h.deps.jobRunner.kick();
    const done = await until(h, PRO_USER, job.id, finished);
    expect(done.items.map((item) => item.status)).toEqual(items.map(() => 'applied'));
    h.emulator.setRateLimits({ lightPerSecond: 30 });
  });

  it('pauses when the host logs out ("connect again") and goes on when they connect', async () => {
    const page = await h.agent.get('/');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    await h.agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);

    const items = itemsOf(h, 'pro', 3);
    const job = await start(h, { userId: PRO_USER, accountId: PRO_ACCOUNT, settings: { ...DESTINATION, stream_key: 'after-reconnect' }, items });
    const paused = await until(h, PRO_USER, job.id, (found) => found.status === 'paused');
    expect(paused.pausedReason).toBe('reconnect');
    expect(paused.items.every((item) => item.status === 'pending')).toBe(true);

    await loginAs(h, 'pro');
    const done = await until(h, PRO_USER, job.id, finished);
    expect(done.items.every((item) => item.status === 'applied')).toBe(true);
    for (const item of items) expect(h.emulator.livestreamOf(item.eventId)?.stream_key).toBe('after-reconnect');
  });

  it('cancel skips the items not yet started', async () => {
    // One request a second: the job is still running when the host cancels.
    h.emulator.setRateLimits({ lightPerSecond: 1, retryAfter: true });
    const items = itemsOf(h, 'pro', 8);
    const job = await start(h, { userId: PRO_USER, accountId: PRO_ACCOUNT, settings: { ...DESTINATION, stream_key: 'cancel-key' }, items });
    await until(h, PRO_USER, job.id, (found) => found.status === 'running');

    expect(await h.deps.jobs.cancel(PRO_USER, job.id)).toBe(true);
    h.emulator.setRateLimits({ lightPerSecond: 30 });
    // The cancel itself clears the lease; the runner lets go of the job at its next item boundary. stop()
    // resolves once it has (the calls in flight at the cancel have finished), then the runner starts again.
    await h.deps.jobRunner.stop();
    h.deps.jobRunner.start();
    const done = (await h.deps.jobs.get(PRO_USER, job.id))!;
    expect(done.status).toBe('cancelled');
    const skipped = done.items.filter((item) => item.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    for (const item of skipped) expect(h.emulator.livestreamOf(item.eventId)?.stream_key).not.toBe('cancel-key');
  });

  it('an undo job writes back each item\'s "before" values', async () => {
    const items = itemsOf(h, 'pro', 3);
    const before = items.map((item) => h.emulator.livestreamOf(item.eventId));
    const job = await start(h, { userId: PRO_USER, accountId: PRO_ACCOUNT, settings: { ...DESTINATION, stream_key: 'undo-me' }, items });
    const applied = await until(h, PRO_USER, job.id, finished);
    expect(applied.items.every((item) => item.before !== undefined)).toBe(true);

    const undo = await start(h, {
      userId: PRO_USER, accountId: PRO_ACCOUNT, action: 'undo',
      items: applied.items.map((item) => ({ kind: item.kind, eventId: item.eventId, topic: item.topic, target: item.before })),
    });
    const undone = await until(h, PRO_USER, undo.id, finished);

    expect(undone.items.every((item) => item.status === 'applied')).toBe(true);
    items.forEach((item, i) => expect(h.emulator.livestreamOf(item.eventId)).toMatchObject({
      stream_url: before[i]?.stream_url, stream_key: before[i]?.stream_key, page_url: before[i]?.page_url,
    }));
  });
});

describe('a token refresh in the middle of a job', () => {
  let h: Harness;
  beforeAll(async () => {
    // The app paces at Zoom's own rate: no second may see more calls than 4.
    h = await startHarness({ emulator: { extraMeetings: 4, rateLimits: { lightPerSecond: 4 } }, env: { ZOOM_LIGHT_RATE_PER_SECOND: '4', JOB_CONCURRENCY: '4', JOB_POLL_MS: '50' } });
    await loginAs(h, 'pro');
  });
  afterAll(() => h.close());

  it('keeps within the rate while Zoom takes 1.5 s to refresh: the pace is taken after the token, for each call sent', async () => {
    h.emulator.expireAccessTokens();
    h.emulator.failNext({ path: '/oauth/token', delayMs: 1500 });
    h.emulator.clearRequests();
    const items = itemsOf(h, 'pro', 8);

    const job = await start(h, { userId: PRO_USER, accountId: PRO_ACCOUNT, settings: { ...DESTINATION, stream_key: 'after-refresh' }, items });
    const done = await until(h, PRO_USER, job.id, finished);

    expect(done.items.map((item) => item.status)).toEqual(items.map(() => 'applied'));
    expect(h.emulator.requestsTo('POST', '/oauth/token').filter((entry) => entry.grantType === 'refresh_token')).toHaveLength(1);
    // Calls Zoom counted in each second, served or refused: a call paced in one second and sent after the refresh would add to the next.
    expect(h.emulator.servedPerSecond('pro').filter((second) => second.served + second.limited > 4)).toEqual([]);
  });
});
