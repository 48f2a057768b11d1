import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { deauthorizationEvent, sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import { postForm, untilJob } from '../helpers/bulk';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';

/**
 * Issue 21, defect 6: deleting a host's data while their job has a PATCH in flight. Zoom's app_deauthorized
 * (signed as Zoom signs it) and "Delete my saved data" stop the host's jobs first, and nothing of theirs is
 * written afterwards: the PATCH Zoom answers after the deletion leaves no history row behind.
 */
let h: Harness;
const PRO_USER = 'pRoHoSt0000000000000001';
const PRO_ACCOUNT = 'eMuLaToRaCcOuNt00000001';
const SETTINGS = { stream_url: 'rtmp://gone.example.com/live', stream_key: '', page_url: 'https://gone.example.com/watch', resolution: '720p' };

beforeAll(async () => {
  h = await startHarness({ emulator: { extraMeetings: 4 }, env: { JOB_POLL_MS: '50' } });
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.clearFaults();
  h.emulator.clearRequests();
});

async function historyRowsOf(userId: string): Promise<number> {
  const { n } = await h.deps.database.db.selectFrom('change_history').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(n);
}

/** A two-item job whose first PATCH Zoom holds for 1.5 s: resolves once that PATCH has reached Zoom. */
async function jobWithPatchInFlight(streamKey: string): Promise<{ jobId: string; meetingId: string }> {
  const meetings = h.emulator.meetingsOf('pro').slice(0, 2);
  h.emulator.failNext({ method: 'PATCH', path: '/v2/meetings', delayMs: 1500, times: 2 });
  const job = await h.deps.jobs.create({
    userId: PRO_USER, accountId: PRO_ACCOUNT, action: 'apply', settings: { ...SETTINGS, stream_key: streamKey },
    items: meetings.map((m) => ({ kind: 'meeting' as const, eventId: m.id, topic: m.topic })),
  });
  h.deps.jobRunner.kick();
  const deadline = Date.now() + 10_000;
  while (h.emulator.requestsTo('PATCH', '/v2/meetings').length === 0) {
    if (Date.now() > deadline) throw new Error('no PATCH reached Zoom');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { jobId: job.id, meetingId: meetings[0].id };
}

/** The runner's stop() resolves once the work in its hands has finished: the PATCH in flight has its answer. */
async function afterWorkInHand(): Promise<void> {
  await h.deps.jobRunner.stop();
  h.deps.jobRunner.start();
}

describe('deleting a host\'s data while their job has a PATCH in flight', () => {
  it('app_deauthorized: the job is gone, and the late PATCH records no history', async () => {
    await loginAs(h, 'pro');
    const { jobId, meetingId } = await jobWithPatchInFlight('deauthorized-in-flight');

    const listening = await listenOnLoopback(h.app);
    try {
      const res = await sendZoomWebhook(`${listening.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, deauthorizationEvent(PRO_USER, PRO_ACCOUNT, h.config.zoom.clientId), {});
      expect(res.status).toBe(200);
    } finally {
      await listening.close();
    }
    await afterWorkInHand();

    // Zoom did apply it (the PATCH was already there); the app keeps nothing of the host.
    expect(h.emulator.livestreamOf(meetingId)).toMatchObject({ ...SETTINGS, stream_key: 'deauthorized-in-flight' });
    expect(await historyRowsOf(PRO_USER)).toBe(0);
    expect(await h.deps.jobs.get(PRO_USER, jobId)).toBeUndefined();
  });

  it('"Delete my saved data": the job is gone, and the late PATCH records no history', async () => {
    await loginAs(h, 'pro');
    const { jobId } = await jobWithPatchInFlight('deleted-in-flight');

    const res = await postForm(h.agent, '/destinations/delete-all', []);
    expect(res.status).toBe(303);
    await afterWorkInHand();

    expect(await historyRowsOf(PRO_USER)).toBe(0);
    expect(await h.deps.jobs.get(PRO_USER, jobId)).toBeUndefined();
    // The host is still signed in: a new job runs and is recorded as usual.
    const next = await h.deps.jobs.create({
      userId: PRO_USER, accountId: PRO_ACCOUNT, action: 'apply', settings: { ...SETTINGS, stream_key: 'after-deletion' },
      items: [{ kind: 'meeting', eventId: h.emulator.meetingsOf('pro')[2].id, topic: 'After' }],
    });
    h.deps.jobRunner.kick();
    expect((await untilJob(h, PRO_USER, next.id)).items[0].status).toBe('applied');
    expect(await historyRowsOf(PRO_USER)).toBe(1);
  });
});
