import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { NewJob } from '../../src/jobs/model';
import { untilJob } from '../helpers/bulk';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/**
 * Issue 21, defect 3: `Retry-After: 100000000000000` (3 million years) once made /streams, /jobs/:id and
 * its progress answer 500 (RangeError: Invalid time value), still after a restart, and the runner retried
 * at once (Node clamps a timer above 2^31-1 ms to 1 ms). Zoom's longest meaningful wait ends at its daily
 * reset, 00:00 UTC: the job waits until then, and every page that shows it answers 200.
 */
const DESTINATION = { stream_url: 'rtmp://live.example.com/app', stream_key: 'absurd-key-01', page_url: 'https://watch.example.com/show', resolution: '1080p' };
const PRO = { userId: 'pRoHoSt0000000000000001', accountId: 'eMuLaToRaCcOuNt00000001' };
const BASIC = { userId: 'bAsIcHoSt00000000000002', accountId: 'eMuLaToRaCcOuNt00000002' };
// Real time moved to 12:00 UTC on 1 May (the pacer and the emulator count real seconds): Zoom's reset is 2 May 00:00 UTC.
const offset = Date.UTC(2026, 4, 1, 12, 0, 0) - Date.now();
const now = () => Date.now() + offset;
const MIDNIGHT = Date.UTC(2026, 4, 2);

function meetings(h: Harness, host: 'pro' | 'basic', from: number, count: number): NewJob['items'] {
  return h.emulator.meetingsOf(host).slice(from, from + count).map((event) => ({ kind: 'meeting' as const, eventId: event.id, topic: event.topic }));
}

async function pagesAnswer(h: Harness, agent: TestAgent, jobId: string): Promise<void> {
  await agent.get(`/jobs/${jobId}`).expect(200);
  await agent.get(`/jobs/${jobId}/progress`).expect(200);
  await agent.get('/streams').expect(200);
  expect(h.errors).toEqual([]);
}

describe('Retry-After: 100000000000000', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ emulator: { now, extraMeetings: 2 }, deps: { now }, env: { JOB_POLL_MS: '50' } });
    await loginAs(h, 'pro');
    await loginAs(h, 'basic', request.agent(h.app));
  });
  afterAll(() => h.close());

  it('the job waits until 00:00 UTC, is not retried meanwhile, and its pages and /streams answer 200', async () => {
    const [item] = meetings(h, 'pro', 0, 1);
    h.emulator.failNext({
      path: `/v2/meetings/${item.eventId}`, status: 429, headers: { 'Retry-After': '100000000000000' },
      body: { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' },
    });
    const job = await h.deps.jobs.create({ ...PRO, action: 'apply', settings: DESTINATION, items: [item] });
    h.deps.jobRunner.kick();

    const waiting = await untilJob(h, PRO.userId, job.id, (found) => found.resumeAfter > 0 && found.leaseOwner === '');
    expect(waiting).toMatchObject({ status: 'queued', resumeAfter: MIDNIGHT });

    // Another job run start to end: the runner has looked for work many times meanwhile, and left this one alone.
    const other = await h.deps.jobs.create({ ...BASIC, action: 'apply', settings: DESTINATION, items: meetings(h, 'basic', 0, 1) });
    h.deps.jobRunner.kick();
    await untilJob(h, BASIC.userId, other.id);
    expect(h.emulator.requestsTo('GET', `/v2/meetings/${item.eventId}`)).toHaveLength(1);
    expect((await h.deps.jobs.get(PRO.userId, job.id))?.items[0].status).toBe('pending');

    await pagesAnswer(h, h.agent, job.id);
    // 00:00 UTC is 01:00 in London (the Pro host's zone) in May.
    expect((await h.agent.get(`/jobs/${job.id}/progress`)).body.status).toBe('Waiting for Zoom\'s rate limit until 01:00.');
    await h.deps.jobs.cancel(PRO.userId, job.id);
  });

  it('a wait stored before the caps (past any date) does not take the pages down', async () => {
    await h.deps.jobRunner.stop(); // the runner must not take the job while the test sets its state
    try {
      const job = await h.deps.jobs.create({ ...PRO, action: 'apply', settings: DESTINATION, items: meetings(h, 'pro', 1, 1) });
      await h.deps.database.db.updateTable('jobs').set({ resume_after: now() + 100000000000000 * 1000 }).where('id', '=', job.id).execute();
      await pagesAnswer(h, h.agent, job.id);
      await h.deps.jobs.cancel(PRO.userId, job.id);
    } finally {
      h.deps.jobRunner.start();
    }
  });
});
