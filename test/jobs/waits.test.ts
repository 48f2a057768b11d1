import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createJobRunner, type JobRunner } from '../../src/jobs/runner';
import type { NewJob } from '../../src/jobs/model';
import { createZoomClient } from '../../src/zoom/client';
import { untilJob } from '../helpers/bulk';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/**
 * Issue 21, defect 1: a job waiting out Zoom's 429 must not hold a slot, and a cancel or shutdown must not
 * wait for it. The harness's runner is swapped for one with ONE slot (a slot held is then plain to see) and
 * a sleep the test controls: it never ends by itself, only when the runner aborts it. The clock is real
 * time moved to 12:00 UTC (the pacer and the emulator count real seconds), so an hour's wait ends today.
 */
const DESTINATION = { stream_url: 'rtmp://live.example.com/app', stream_key: 'wait-key-0001', page_url: 'https://watch.example.com/show', resolution: '1080p' };
const PRO = { userId: 'pRoHoSt0000000000000001', accountId: 'eMuLaToRaCcOuNt00000001' };
const BASIC = { userId: 'bAsIcHoSt00000000000002', accountId: 'eMuLaToRaCcOuNt00000002' };
const offset = Date.UTC(2026, 4, 1, 12, 0, 0) - Date.now();
const now = () => Date.now() + offset;

/** A wait that only an abort ends: a runner that does not pass its signal never wakes from it. */
function abortableOnly(_ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((_resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

function meetings(h: Harness, host: 'pro' | 'basic', from: number, count: number): NewJob['items'] {
  return h.emulator.meetingsOf(host).slice(from, from + count).map((event) => ({ kind: 'meeting' as const, eventId: event.id, topic: event.topic }));
}

/** Zoom's 429 for the next call to this meeting, with this Retry-After. */
function throttle(h: Harness, eventId: string, retryAfter: string): void {
  h.emulator.failNext({
    path: `/v2/meetings/${eventId}`, status: 429, headers: { 'Retry-After': retryAfter, 'X-RateLimit-Category': 'Light' },
    body: { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' },
  });
}

const held = async (h: Harness) => h.deps.database.db.selectFrom('jobs').select('id').where('lease_owner', '!=', '').execute();

describe('a job waiting out Zoom\'s rate limit', () => {
  let h: Harness;
  let runner: JobRunner;
  let pro: TestAgent;
  beforeAll(async () => {
    h = await startHarness({ emulator: { now, extraMeetings: 4 }, deps: { now }, env: { JOB_POLL_MS: '50', JOB_LEASE_SECONDS: '0.6' } });
    pro = h.agent;
    await loginAs(h, 'pro', pro);
    await loginAs(h, 'basic', request.agent(h.app));
    await h.deps.jobRunner.stop();
    runner = createJobRunner({
      jobs: h.deps.jobs, history: h.deps.history, pacer: h.deps.pacer, tokens: h.deps.tokens, logger: h.deps.logger, cache: h.deps.cache,
      sessions: h.deps.sessionStore, leaseMs: h.config.jobs.leaseMs, pollMs: h.config.jobs.pollMs, now, sleep: abortableOnly, maxJobs: 1,
      zoom: createZoomClient({ apiUrl: h.config.zoom.apiUrl, timeoutMs: h.config.zoom.timeoutMs, retry: { maxRetries: 0, baseDelayMs: 0, maxTotalWaitMs: 0 } }),
      owner: 'waits-test',
    });
    runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await h.close();
  });

  it('told Retry-After: 3600, gives its slot back (another account\'s job finishes), says until when, and Cancel ends it at once', async () => {
    const [item] = meetings(h, 'pro', 0, 1);
    throttle(h, item.eventId, '3600');
    const waiting = await h.deps.jobs.create({ ...PRO, action: 'apply', settings: DESTINATION, items: [item] });
    runner.kick();
    const asked = now();
    const requeued = await untilJob(h, PRO.userId, waiting.id, (job) => job.resumeAfter > 0 && job.leaseOwner === '');
    expect(requeued.status).toBe('queued');
    expect(requeued.resumeAfter).toBeGreaterThanOrEqual(asked + 3_600_000);
    expect(requeued.resumeAfter).toBeLessThan(asked + 3_605_000);

    const other = await h.deps.jobs.create({ ...BASIC, action: 'apply', settings: DESTINATION, items: meetings(h, 'basic', 0, 3) });
    runner.kick();
    expect((await untilJob(h, BASIC.userId, other.id, undefined, 10_000)).status).toBe('done');

    // 13:00 UTC is 14:00 in London (the Pro host's zone) in May.
    const page = await pro.get(`/jobs/${waiting.id}`).expect(200);
    expect(page.text).toContain('Waiting for Zoom&#39;s rate limit until 14:00.');
    expect(h.emulator.requestsTo('GET', `/v2/meetings/${item.eventId}`)).toHaveLength(1); // not retried meanwhile

    expect(await h.deps.jobs.cancel(PRO.userId, waiting.id)).toBe(true);
    const cancelled = (await h.deps.jobs.get(PRO.userId, waiting.id))!;
    expect(cancelled).toMatchObject({ status: 'cancelled', leaseOwner: '' });
    expect(cancelled.items[0].status).toBe('skipped');
  });

  it('a short wait in hand ends at once on Cancel, and stop() returns at once with every lease released', async () => {
    const [first, second] = meetings(h, 'pro', 1, 2);
    throttle(h, first.eventId, '1');
    const cancelled = await h.deps.jobs.create({ ...PRO, action: 'apply', settings: DESTINATION, items: [first] });
    runner.kick();
    await untilJob(h, PRO.userId, cancelled.id, () => h.emulator.requestsTo('GET', `/v2/meetings/${first.eventId}`).length === 1);
    await h.deps.jobs.cancel(PRO.userId, cancelled.id);
    // The one slot is free again once the runner lets go of the cancelled job: the next job runs (its wait is stop()'s).
    throttle(h, second.eventId, '2');
    const stopped = await h.deps.jobs.create({ ...PRO, action: 'apply', settings: DESTINATION, items: [second] });
    runner.kick();
    await untilJob(h, PRO.userId, stopped.id, (job) => job.status === 'running'
      && h.emulator.requestsTo('GET', `/v2/meetings/${second.eventId}`).length === 1, 5_000);

    const before = performance.now();
    await runner.stop();
    const tookMs = performance.now() - before;

    expect(tookMs).toBeLessThan(250);
    expect(await held(h)).toEqual([]);
    const left = (await h.deps.jobs.get(PRO.userId, stopped.id))!;
    expect(left.items[0].status).toBe('pending'); // taken up again by the next start, on this instance or another
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${first.eventId}`)).toHaveLength(0);
    runner.start();
    await h.deps.jobs.cancel(PRO.userId, stopped.id);
  });
});
