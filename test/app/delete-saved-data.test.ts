import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { postForm, untilJob } from '../helpers/bulk';
import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';
import { sendEvent } from '../helpers/zoom-events';

/**
 * Issue 22, item 15: "Delete my saved data" deletes what its page says, the same way app_deauthorized does
 * (events/deauthorize.ts deleteUserData): destinations, change history, bulk jobs with their items (so no
 * Undo can send the old stream keys back to Zoom), the live state recorded for the host and the host's cached
 * readings. The host stays signed in; nobody else's data is touched.
 */
let h: Harness;
let hook: Awaited<ReturnType<typeof listenOnLoopback>>;
let pro: TestAgent;
let proId: string;
let licensedId: string;
const ZH = 'zh-CN,zh;q=0.9';
const SETTINGS = { stream_url: 'rtmp://kept.example.com/live', stream_key: 'sealed-old-key', page_url: 'https://kept.example.com/watch', resolution: '720p' as const };

beforeAll(async () => {
  h = await startHarness({ emulator: { extraMeetings: 2 }, env: { JOB_POLL_MS: '50', ZOOM_CACHE_SECONDS: '60' } });
  hook = await listenOnLoopback(h.app);
  pro = request.agent(h.app);
  await loginAs(h, 'pro', pro);
  proId = h.emulator.hosts.pro.id;
  licensedId = h.emulator.hosts.licensed.id;
});
afterAll(async () => {
  await hook.close();
  await h.close();
});

async function liveEvent(meetingId: string, hostId: string): Promise<void> {
  const res = await sendEvent(`${hook.base}/webhooks/zoom`, { name: 'meeting.started', id: meetingId, hostId, eventTs: Date.now() });
  expect(res.status).toBe(200);
}

async function finishedJob(meetingIds: string[]): Promise<string> {
  const job = await h.deps.jobs.create({
    userId: proId, accountId: h.emulator.hosts.pro.account_id, action: 'apply', settings: SETTINGS,
    items: meetingIds.map((id) => ({ kind: 'meeting' as const, eventId: id, topic: `Meeting ${id}` })),
  });
  h.deps.jobRunner.kick();
  await untilJob(h, proId, job.id);
  return job.id;
}

describe('"Delete my saved data"', () => {
  it('the confirmation page names everything it deletes and what stays, in both languages', async () => {
    const en = (await pro.get('/destinations/delete-all').expect(200)).text;
    for (const words of ['saved destinations', 'history of live stream changes', 'bulk jobs', 'Undo', 'live state', 'read from Zoom', 'stay signed in']) {
      expect(en).toContain(words);
    }
    const zh = (await pro.get('/destinations/delete-all').set('Accept-Language', ZH).expect(200)).text;
    for (const words of ['推流目标', '更改记录', '批量任务', '撤销', '直播状态', '保持登录']) expect(zh).toContain(words);
  });

  it("deletes the host's jobs and items (Undo is gone), live state and cached readings, and no one else's; the host stays signed in", async () => {
    const meetings = h.emulator.meetingsOf('pro').slice(0, 2).map((m) => m.id);
    const jobId = await finishedJob(meetings);
    await h.deps.destinations.create(proId, { name: 'Mine', ...SETTINGS });
    await h.deps.destinations.create(licensedId, { name: 'Theirs', ...SETTINGS });
    await liveEvent(meetings[0], proId);
    const theirMeeting = h.emulator.meetingsOf('licensed')[0].id;
    await liveEvent(theirMeeting, licensedId);
    await pro.get(`/meetings/${meetings[1]}/livestream`).expect(200);
    const settingsReads = () => h.emulator.requestsTo('GET', `/v2/meetings/${meetings[1]}/livestream`).length;

    const confirm = await pro.get('/destinations/delete-all').expect(200);
    const res = await pro.post('/destinations/delete-all').type('form').send({ _csrf: csrfFrom(confirm.text) });
    expect(res.status).toBe(303);
    expect((await pro.get(res.headers.location).expect(200)).text).toContain('and your bulk jobs and recorded live state with them');

    expect(await h.deps.jobs.get(proId, jobId)).toBeUndefined();
    const { n } = await h.deps.database.db.selectFrom('job_items').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('job_id', '=', jobId).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(0);
    await pro.get(`/jobs/${jobId}`).expect(404);
    h.emulator.clearRequests();
    expect((await postForm(pro, `/jobs/${jobId}/undo`, [])).status).toBe(404);
    expect(h.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(0);

    expect((await h.deps.live.ofHost(proId)).size).toBe(0);
    expect((await h.deps.live.ofHost(licensedId)).has(`meeting:${theirMeeting}`)).toBe(true);
    expect(await h.deps.destinations.list(proId)).toHaveLength(0);
    expect(await h.deps.destinations.list(licensedId)).toHaveLength(1);

    // Still signed in, and the next view reads Zoom again: nothing read for the host is kept either.
    await pro.get(`/meetings/${meetings[1]}/livestream`).expect(200);
    expect(settingsReads()).toBe(1);
  });
});
