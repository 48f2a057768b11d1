import request from 'supertest';
import type { NewJob } from '../../src/jobs/model';
import { untilJob } from '../helpers/bulk';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/**
 * Issue 21, defect 1: one host's backlog must not stall another account. The harness's runner (4 jobs at
 * once per instance) against the real emulator at Zoom's Pro rate (30 LIGHT calls a second per account).
 * Before the fair queue, jobs were claimed oldest-first: five 300-item jobs of one host took every slot
 * for minutes, and another account's 3-item job waited behind them.
 */
const DESTINATION = { stream_url: 'rtmp://live.example.com/app', stream_key: 'fair-key-0001', page_url: 'https://watch.example.com/show', resolution: '1080p' };
const PRO = { userId: 'pRoHoSt0000000000000001', accountId: 'eMuLaToRaCcOuNt00000001' };
const BASIC = { userId: 'bAsIcHoSt00000000000002', accountId: 'eMuLaToRaCcOuNt00000002' };
const PACE = 30;

function meetings(h: Harness, host: 'pro' | 'basic', count: number): NewJob['items'] {
  return h.emulator.meetingsOf(host).slice(0, count).map((event) => ({ kind: 'meeting' as const, eventId: event.id, topic: event.topic }));
}

describe('the fair queue', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ emulator: { extraMeetings: 300, rateLimits: { lightPerSecond: PACE } }, env: { JOB_POLL_MS: '50' } });
    await loginAs(h, 'pro');
    await loginAs(h, 'basic', request.agent(h.app));
  });
  afterAll(() => h.close());

  it('another account\'s 3-item job runs beside one host\'s five 300-item jobs and finishes within seconds of its own floor', async () => {
    const big = meetings(h, 'pro', 300);
    expect(big).toHaveLength(300);
    const backlog = [];
    for (let i = 0; i < 5; i += 1) backlog.push(await h.deps.jobs.create({ ...PRO, action: 'apply', settings: DESTINATION, items: big }));
    h.deps.jobRunner.kick();
    await untilJob(h, PRO.userId, backlog[0].id, (job) => job.status === 'running');

    const started = Date.now();
    const small = await h.deps.jobs.create({ ...BASIC, action: 'apply', settings: DESTINATION, items: meetings(h, 'basic', 3) });
    h.deps.jobRunner.kick();
    const done = await untilJob(h, BASIC.userId, small.id, undefined, 20_000);
    const took = Date.now() - started;

    expect(done.status).toBe('done');
    expect(done.items.map((item) => item.status)).toEqual(['failed', 'failed', 'failed']); // Zoom's 3161 for a Basic host: each item answered
    // Its floor: 3 items, a read and a write each, at the account's pace (well under a second); a few seconds allowed for the poll and the load.
    const floorMs = Math.ceil((3 * 2) / PACE) * 1000;
    expect(took).toBeLessThan(floorMs + 3000);
    // The big jobs are still going: they ran side by side, not one after the other.
    const first = (await h.deps.jobs.get(PRO.userId, backlog[0].id))!;
    expect(first.status).toBe('running');
    expect(first.items.some((item) => item.status === 'pending')).toBe(true);

    for (const job of backlog) await h.deps.jobs.cancel(PRO.userId, job.id);
  }, 40_000);
});
