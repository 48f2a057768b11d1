import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DestinationInput } from '../../src/destinations/types';
import type { EventKind } from '../../src/zoom/client';
import { applyForm, expectLicenceRefusal, jobIdOf, postForm, untilJob } from '../helpers/bulk';
import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';

/** GET /jobs/:jobId and its buttons, with jobs really run by the background runner against the emulator. */
let h: Harness;
beforeAll(async () => {
  // 20 more meetings for the Pro host: a job long enough to cancel halfway.
  h = await startHarness({ emulator: { extraMeetings: 20 } });
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.clearFaults();
  h.emulator.clearRequests();
});

type Host = 'pro' | 'basic' | 'licensed';
const userOf = (host: Host, harness = h) => harness.emulator.hosts[host].id;
const youtube: DestinationInput = { name: 'Main channel', stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'yt-bulk-key-3f9a', page_url: 'https://youtube.com/@acme/live', resolution: '1080p' };
const sent = { stream_url: youtube.stream_url, stream_key: youtube.stream_key, page_url: youtube.page_url, resolution: youtube.resolution };
const UNCONFIGURED_WEBINAR = '84129876503';

async function connected(host: Host = 'pro', harness = h): Promise<TestAgent> {
  const agent = request.agent(harness.app);
  await loginAs(harness, host, agent);
  return agent;
}

const seededMeetings = (host: Host = 'pro', harness = h) => harness.emulator.meetingsOf(host).slice(0, 4);
const meetingTargets = (host: Host = 'pro', harness = h) => seededMeetings(host, harness).map((m) => `meeting:${m.id}`);

/** A destination of the host's, then the overview's form: the job's id from the 303. */
async function startJob(agent: TestAgent, host: Host, targets: string[], harness = h): Promise<string> {
  await harness.deps.destinations.removeAllOf(userOf(host, harness));
  const saved = await harness.deps.destinations.create(userOf(host, harness), youtube);
  const res = await postForm(agent, '/streams/apply', applyForm(targets, saved.id));
  if (res.status !== 303) throw new Error(`apply answered ${res.status}: ${res.text.slice(0, 400)}`);
  return jobIdOf(res.headers.location);
}

/** The <tr> of one item on the job page. */
function itemRow(html: string, kind: EventKind, id: string): string {
  const at = html.indexOf(`<a href="/${kind}s/${id}/livestream">${id}</a>`);
  if (at < 0) throw new Error(`no item row for ${kind} ${id}`);
  return html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at));
}

const buttonsOf = (html: string) => [...html.matchAll(/<form method="post" action="\/jobs\/[^/]+\/(\w+)"/g)].map((m) => m[1]);

describe('GET /jobs/:jobId', () => {
  it('refreshes itself while the job runs; when done: every item applied, Zoom got each PATCH, the history has each change', async () => {
    const agent = await connected();
    // Each PATCH takes a while: the page is seen while the job runs.
    h.emulator.failNext({ method: 'PATCH', path: '/v2/meetings', delayMs: 400, times: 4 });
    const jobId = await startJob(agent, 'pro', meetingTargets());
    const running = await agent.get(`/jobs/${jobId}`).expect(200);
    // Without JavaScript a timed reload; with it, the page's script asks /progress (a timed reload fails axe).
    expect(running.text).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    expect(running.text).toContain(`data-progress-url="/jobs/${jobId}/progress"`);
    const polled = await agent.get(`/jobs/${jobId}/progress`).expect(200).expect('Content-Type', /json/).expect('Cache-Control', 'no-store');
    expect(polled.body).toMatchObject({ total: 4, active: true, text: `${polled.body.done} of 4` });
    expect(polled.body.status).toMatch(/^(Queued: starting in a moment\.|Running\.)$/);
    expect(running.text).toMatch(/<p class="job-status" role="status">(Queued: starting in a moment\.|Running\.)<\/p>/);
    expect(running.text).toContain('<td class="outcome" data-label="Outcome">Waiting</td>');
    expect(buttonsOf(running.text)).toEqual(['cancel']);

    await untilJob(h, userOf('pro'), jobId);
    const done = await agent.get(`/jobs/${jobId}`).expect(200);
    expect(done.text).not.toContain('http-equiv="refresh"');
    expect(done.text).not.toContain('data-progress-url');
    expect((await agent.get(`/jobs/${jobId}/progress`).expect(200)).body).toEqual({ done: 4, total: 4, failed: 0, text: '4 of 4', status: 'Done.', active: false });
    // The job says what it did (issue 22): the destination's name and how many events.
    expect(done.text).toMatch(/<h1>Apply “[^”]+” to 4 events<\/h1>/);
    expect(done.text).toContain('<progress aria-labelledby="progress-heading" value="4" max="4">');
    expect(done.text).toContain('<span class="progress-text">4 of 4</span>');
    expect(done.text).toContain('<p class="job-status" role="status">Done.</p>');
    for (const meeting of seededMeetings()) {
      const row = itemRow(done.text, 'meeting', meeting.id);
      expect(row).toContain(`<td class="topic" data-label="Topic">${meeting.topic}</td>`);
      expect(row).toContain('<td class="outcome" data-label="Outcome">Applied</td>');
      const patches = h.emulator.requestsTo('PATCH', `/v2/meetings/${meeting.id}/livestream`);
      expect(patches.map((p) => JSON.parse(p.rawBody))).toEqual([sent]);
      expect(h.emulator.livestreamOf(meeting.id)).toEqual(sent);
      const [latest] = await h.deps.history.recent(userOf('pro'), 'meeting', meeting.id);
      expect(latest).toMatchObject({ source: 'bulk', after: sent });
    }
    expect(buttonsOf(done.text)).toEqual(['undo']);
    expect(done.text).not.toContain(youtube.stream_key);
  });

  it('with the Basic host: every item shows Zoom\'s 3161 with what it means, and Retry failed items', async () => {
    const agent = await connected('basic');
    const jobId = await startJob(agent, 'basic', meetingTargets('basic'));
    await untilJob(h, userOf('basic'), jobId);
    const res = await agent.get(`/jobs/${jobId}`).expect(200);
    expect(res.text).toContain('<span class="progress-text">3 of 3</span>');
    for (const meeting of seededMeetings('basic')) {
      const row = itemRow(res.text, 'meeting', meeting.id);
      expect(row).toContain('<strong>Not applied: Zoom refused</strong>');
      expectLicenceRefusal(row);
    }
    expect(buttonsOf(res.text)).toEqual(['retry']);
    expect(h.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(0);
  });

  it('another host\'s job, an unknown one and a malformed id are 404 on every route, and nothing changes', async () => {
    const owner = await connected();
    const jobId = await startJob(owner, 'pro', meetingTargets().slice(0, 1));
    await untilJob(h, userOf('pro'), jobId);
    const intruder = await connected('licensed');
    for (const id of [jobId, '00000000-0000-4000-8000-000000000000', 'not-an-id!']) {
      const page = await intruder.get(`/jobs/${encodeURIComponent(id)}`).expect(404);
      await intruder.get(`/jobs/${encodeURIComponent(id)}/progress`).expect(404);
      expect(page.text).toContain('Bulk change not found');
    }
    const csrf = csrfFrom((await intruder.get('/destinations')).text);
    for (const action of ['cancel', 'resume', 'retry', 'undo']) {
      await intruder.post(`/jobs/${jobId}/${action}`).type('form').send({ _csrf: csrf }).expect(404);
    }
    expect(await h.deps.jobs.listRecent(userOf('licensed'))).toEqual([]);
    expect((await h.deps.jobs.listRecent(userOf('pro'))).filter((job) => job.action === 'undo')).toEqual([]);
    expect((await h.deps.jobs.get(userOf('pro'), jobId))?.status).toBe('done');
  });

  it('says when a job waits for Zoom\'s rate limit, and when it waits for the host to connect again', async () => {
    const agent = await connected();
    // The runner is stopped so it cannot take the job while the test sets its state.
    await h.deps.jobRunner.stop();
    try {
      const job = await h.deps.jobs.create({ userId: userOf('pro'), accountId: 'acct', action: 'apply', settings: sent, items: [{ kind: 'meeting', eventId: seededMeetings()[0].id, topic: 'One' }] });
      await h.deps.jobs.defer(job.id, Date.now() + 60_000);
      const waiting = await agent.get(`/jobs/${job.id}`).expect(200);
      expect(waiting.text).toMatch(/Waiting for Zoom&#39;s rate limit until \d{2}:\d{2}\./);
      expect(waiting.text).toContain('<meta http-equiv="refresh" content="2">');

      await h.deps.database.db.updateTable('jobs').set({ status: 'paused', paused_reason: 'reconnect', resume_after: 0 }).where('id', '=', job.id).execute();
      const paused = await agent.get(`/jobs/${job.id}`).expect(200);
      expect(paused.text).toContain('Paused: connect Zoom again to continue.');
      expect(paused.text).toContain('<a class="button" href="/install">Connect Zoom again</a>');
      expect(paused.text).not.toContain('http-equiv="refresh"');
      expect(buttonsOf(paused.text)).toEqual(['cancel']);
      await h.deps.jobs.cancel(userOf('pro'), job.id);
    } finally {
      h.deps.jobRunner.start();
    }
  });
});

describe('the job\'s buttons', () => {
  it('Cancel: the items not done yet are skipped, those applied stay; Zoom got a PATCH for each applied one only', async () => {
    const agent = await connected();
    h.emulator.failNext({ method: 'PATCH', path: '/v2/meetings', delayMs: 300, times: 40 });
    const all = h.emulator.meetingsOf('pro').map((m) => `meeting:${m.id}`);
    expect(all.length).toBe(24);
    const jobId = await startJob(agent, 'pro', all);
    // Halfway: some items applied, most still to do.
    await untilJob(h, userOf('pro'), jobId, (j) => j.items.some((item) => item.status === 'applied'));
    const res = await postForm(agent, `/jobs/${jobId}/cancel`, []);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/jobs/${jobId}`);
    // Stopping the runner waits for the work in its hands: the PATCHes already on their way finish (Zoom applied
    // them, so they count as applied) and no other is sent.
    await h.deps.jobRunner.stop();
    h.deps.jobRunner.start();
    const job = (await h.deps.jobs.get(userOf('pro'), jobId))!;
    expect(job.status).toBe('cancelled');
    expect(h.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(job.items.filter((item) => item.status === 'applied').length);
    const applied = job.items.filter((item) => item.status === 'applied');
    const skipped = job.items.filter((item) => item.status === 'skipped');
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.length + skipped.length).toBe(24);
    // The runner fetches 16 items at a time: the rest of that batch is not sent after the cancel.
    expect(skipped.length).toBeGreaterThanOrEqual(12);
    const page = await agent.get(`/jobs/${jobId}`).expect(200);
    expect(page.text).toContain('Cancelled: the items not done yet were skipped.');
    expect(page.text).toContain('<p class="job-status" role="status">Cancelled.</p>');
    expect(page.text).toContain('<td class="outcome" data-label="Outcome">Skipped</td>');
    expect(page.text).not.toContain('http-equiv="refresh"');
    expect(buttonsOf(page.text)).not.toContain('cancel');
  });

  it('Retry failed items: what Zoom refused is tried again and applied', async () => {
    const agent = await connected();
    const [first, second] = seededMeetings();
    h.emulator.failNext({ method: 'PATCH', path: `/v2/meetings/${second.id}/livestream`, status: 500 });
    const jobId = await startJob(agent, 'pro', [`meeting:${first.id}`, `meeting:${second.id}`]);
    await untilJob(h, userOf('pro'), jobId);
    const failed = await agent.get(`/jobs/${jobId}`).expect(200);
    expect(itemRow(failed.text, 'meeting', second.id)).toContain('<span class="zoom-status">HTTP status 500</span>');
    expect(itemRow(failed.text, 'meeting', second.id)).toContain('Zoom failed to handle the request. Try again in a moment.');
    expect(buttonsOf(failed.text)).toEqual(['retry', 'undo']);

    const res = await postForm(agent, `/jobs/${jobId}/retry`, []);
    expect(res.status).toBe(303);
    const job = await untilJob(h, userOf('pro'), jobId, (j) => j.status === 'done' && j.items.every((item) => item.status === 'applied'));
    expect(job.items.map((item) => item.status)).toEqual(['applied', 'applied']);
    expect(h.emulator.livestreamOf(second.id)).toEqual(sent);
    const page = await agent.get(`/jobs/${jobId}`).expect(200);
    expect(buttonsOf(page.text)).toEqual(['undo']);
  });

  it('Undo this job: a new job puts back each meeting\'s previous values; an event that had none is left out', async () => {
    const agent = await connected();
    const meetings = seededMeetings();
    const previous = new Map(meetings.map((m) => [m.id, h.emulator.livestreamOf(m.id)]));
    const jobId = await startJob(agent, 'pro', [...meetingTargets(), `webinar:${UNCONFIGURED_WEBINAR}`]);
    await untilJob(h, userOf('pro'), jobId);
    for (const meeting of meetings) expect(h.emulator.livestreamOf(meeting.id)).toEqual(sent);

    const res = await postForm(agent, `/jobs/${jobId}/undo`, []);
    expect(res.status).toBe(303);
    const undoId = jobIdOf(res.headers.location);
    expect(undoId).not.toBe(jobId);
    const undo = await untilJob(h, userOf('pro'), undoId);
    expect(undo).toMatchObject({ action: 'undo', status: 'done' });
    expect(undo.items.map((item) => `${item.kind}:${item.eventId}`)).toEqual(meetingTargets());
    for (const meeting of meetings) expect(h.emulator.livestreamOf(meeting.id)).toEqual(previous.get(meeting.id));
    expect(h.emulator.livestreamOf(UNCONFIGURED_WEBINAR, 'webinar')).toEqual(sent);
    const page = await agent.get(`/jobs/${undoId}`).expect(200);
    expect(page.text).toMatch(/<h1>Undo of Apply “[^”]+” to \d+ events<\/h1>/);
    expect(page.text).toContain('<span class="progress-text">4 of 4</span>');
  });
});

describe('Zoom\'s daily limit on live stream updates', () => {
  it('pauses the job with the items not applied and when it resumes; Resume applies them once the limit is gone', async () => {
    const limited = await startHarness({ emulator: { rateLimits: { dailyLivestreamUpdates: 2 } } });
    try {
      const agent = await connected('pro', limited);
      const jobId = await startJob(agent, 'pro', meetingTargets('pro', limited), limited);
      const paused = await untilJob(limited, userOf('pro', limited), jobId);
      expect(paused).toMatchObject({ status: 'paused', pausedReason: 'daily_limit' });
      const page = await agent.get(`/jobs/${jobId}`).expect(200);
      expect(page.text).toContain('Paused: the rest was not applied because of Zoom&#39;s daily limit on live stream updates. It resumes after 00:00 UTC (');
      expect(page.text.match(/<td class="outcome" data-label="Outcome">Not applied: Zoom&#39;s daily limit<\/td>/g)).toHaveLength(2);
      expect(page.text.match(/<td class="outcome" data-label="Outcome">Applied<\/td>/g)).toHaveLength(2);
      expect(page.text).toContain('<span class="progress-text">4 of 4</span>');
      expect(buttonsOf(page.text)).toEqual(['resume', 'cancel']);

      limited.emulator.setRateLimits({});
      const res = await postForm(agent, `/jobs/${jobId}/resume`, []);
      expect(res.status).toBe(303);
      const done = await untilJob(limited, userOf('pro', limited), jobId);
      expect(done.status).toBe('done');
      expect(done.items.map((item) => item.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
      for (const meeting of seededMeetings('pro', limited)) expect(limited.emulator.livestreamOf(meeting.id)).toEqual(sent);
      const after = await agent.get(`/jobs/${jobId}`).expect(200);
      expect(after.text).toContain('Resumed: the items not applied are being tried again.');
      expect(after.text).toContain('<p class="job-status" role="status">Done.</p>');
    } finally {
      await limited.close();
    }
  });
});
