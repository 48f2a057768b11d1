import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { StreamSettings } from '../../src/destinations/types';
import { jobIdOf, postForm, untilJob } from '../helpers/bulk';
import { loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';

/**
 * Issue 21, defects 4 and 5, through the job page and its Undo button with jobs run by the background
 * runner against the emulator: a PATCH Zoom did not answer in time is checked before it is reported, and
 * Undo leaves later edits alone, happens once however often it is pressed, and is not offered twice.
 */
let h: Harness;
let agent: TestAgent;
const PRO_USER = 'pRoHoSt0000000000000001';
const PRO_ACCOUNT = 'eMuLaToRaCcOuNt00000001';
const WRITTEN: StreamSettings = { stream_url: 'rtmp://honest.example.com/live', stream_key: 'honest-undo-key', page_url: 'https://honest.example.com/watch', resolution: '1080p' };
const ZH = 'zh-CN,zh;q=0.9';

beforeAll(async () => {
  // Zoom is given one second to answer; the emulator can take longer and still apply the change.
  h = await startHarness({ emulator: { extraMeetings: 8 }, env: { ZOOM_TIMEOUT_MS: '1000', JOB_POLL_MS: '50' } });
  agent = request.agent(h.app);
  await loginAs(h, 'pro', agent);
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.clearFaults();
  h.emulator.clearRequests();
});

async function runJob(meetingIds: string[], settings: StreamSettings = WRITTEN): Promise<string> {
  const job = await h.deps.jobs.create({
    userId: PRO_USER, accountId: PRO_ACCOUNT, action: 'apply', settings,
    items: meetingIds.map((id) => ({ kind: 'meeting' as const, eventId: id, topic: `Meeting ${id}` })),
  });
  h.deps.jobRunner.kick();
  await untilJob(h, PRO_USER, job.id);
  return job.id;
}

/** What the outcome cell of a meeting's row says. */
function outcomeCell(html: string, id: string): string {
  const at = html.indexOf(`<a href="/meetings/${id}/livestream">${id}</a>`);
  if (at < 0) throw new Error(`no row for ${id}`);
  const cell = /<td class="outcome"[^>]*>([\s\S]*?)<\/td>/.exec(html.slice(at));
  return cell ? cell[1].trim() : '';
}

const buttonsOf = (html: string) => [...html.matchAll(/<form method="post" action="\/jobs\/[^/]+\/(\w+)"/g)].map((m) => m[1]);
const settingsOf = (id: string) => {
  const held = h.emulator.livestreamOf(id)!;
  return { stream_url: held.stream_url, stream_key: held.stream_key, page_url: held.page_url, resolution: held.resolution ?? '' };
};

describe('a PATCH Zoom applied but did not answer in time', () => {
  it('is checked with a GET: applied when Zoom holds what the job wrote, else "Unknown" (both languages), and Undo covers it', async () => {
    const [late, lost] = h.emulator.meetingsOf('pro').slice(0, 2).map((m) => m.id);
    const before = { late: settingsOf(late), lost: settingsOf(lost) };
    // Both PATCHes take 1.5 s and are applied then, though the app gave up after 1 s. The check of `late`
    // is answered after that (0.8 s on the way); the check of `lost` at once, before Zoom applied it.
    h.emulator.failNext({ method: 'GET', path: `/v2/meetings/${late}/livestream` });
    h.emulator.failNext({ method: 'GET', path: `/v2/meetings/${late}/livestream`, delayMs: 800 });
    for (const id of [late, lost]) h.emulator.failNext({ method: 'PATCH', path: `/v2/meetings/${id}/livestream`, delayMs: 1500, landsLate: true });

    const jobId = await runJob([late, lost]);

    const job = (await h.deps.jobs.get(PRO_USER, jobId))!;
    expect(job.items.map((item) => item.status)).toEqual(['applied', 'unknown']);
    expect(await h.deps.history.get(PRO_USER, job.items[0].id)).toMatchObject({ before: before.late, after: WRITTEN });
    expect(await h.deps.history.get(PRO_USER, job.items[1].id)).toBeUndefined();
    const page = await agent.get(`/jobs/${jobId}`).expect(200);
    expect(outcomeCell(page.text, late)).toBe('Applied');
    expect(outcomeCell(page.text, lost)).toBe('Unknown: Zoom did not answer in time');
    expect(page.text).not.toContain('Zoom refused');
    const chinese = await agent.get(`/jobs/${jobId}`).set('Accept-Language', ZH).expect(200);
    expect(outcomeCell(chinese.text, lost)).toBe('未知：Zoom 未及时答复');
    expect(buttonsOf(page.text)).toEqual(['undo']);

    // Zoom did apply it in the end; Undo puts back what each had before.
    expect(settingsOf(lost)).toEqual(WRITTEN);
    const res = await postForm(agent, `/jobs/${jobId}/undo`, []);
    const undo = await untilJob(h, PRO_USER, jobIdOf(res.headers.location));
    expect(undo.items.map((item) => [item.eventId, item.status])).toEqual([[late, 'applied'], [lost, 'applied']]);
    expect(settingsOf(late)).toEqual(before.late);
    expect(settingsOf(lost)).toEqual(before.lost);
  });
});

describe('Undo this job', () => {
  it('leaves alone (and lists as changed since) an event edited after the job; the others are put back', async () => {
    const ids = h.emulator.meetingsOf('pro').slice(2, 5).map((m) => m.id);
    const before = ids.map(settingsOf);
    const jobId = await runJob(ids);
    const edited = { stream_url: 'rtmp://later.example.com/live', stream_key: 'edited-later', page_url: 'https://later.example.com/w', resolution: '720p' };
    await submitLivestream(agent, ids[1], edited, 303);
    h.emulator.clearRequests();

    const res = await postForm(agent, `/jobs/${jobId}/undo`, []);
    const undoId = jobIdOf(res.headers.location);
    const undo = await untilJob(h, PRO_USER, undoId);

    expect(undo.items.map((item) => item.status)).toEqual(['applied', 'skipped', 'applied']);
    expect(settingsOf(ids[0])).toEqual(before[0]);
    expect(settingsOf(ids[1])).toEqual(edited);
    expect(settingsOf(ids[2])).toEqual(before[2]);
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${ids[1]}/livestream`)).toEqual([]);
    const page = await agent.get(`/jobs/${undoId}`).expect(200);
    expect(outcomeCell(page.text, ids[1])).toBe('Skipped: changed since this change');
    expect(outcomeCell((await agent.get(`/jobs/${undoId}`).set('Accept-Language', ZH)).text, ids[1])).toBe('已跳过：此次更改之后已被修改');
  });

  it('ten simultaneous presses make one undo job; then neither page offers Undo, and the job links to its undo', async () => {
    const ids = h.emulator.meetingsOf('pro').slice(5, 7).map((m) => m.id);
    const jobId = await runJob(ids, { ...WRITTEN, stream_key: 'pressed-ten-times' });
    await h.deps.jobRunner.stop();
    try {
      const presses = await Promise.all(Array.from({ length: 10 }, () => postForm(agent, `/jobs/${jobId}/undo`, [])));
      expect(presses.map((res) => res.status)).toEqual(Array(10).fill(303));
      const since = (await h.deps.jobs.get(PRO_USER, jobId))!.createdAt;
      const undos = (await h.deps.jobs.listRecent(PRO_USER, 100)).filter((job) => job.action === 'undo' && job.createdAt >= since);
      expect(undos).toHaveLength(1);
      expect(new Set(presses.map((res) => res.headers.location))).toEqual(new Set([`/jobs/${undos[0].id}`]));
    } finally {
      h.deps.jobRunner.start();
    }
    const undoId = (await h.deps.jobs.undoneBy(PRO_USER, jobId))!;
    await untilJob(h, PRO_USER, undoId);
    const undone = await agent.get(`/jobs/${jobId}`).expect(200);
    expect(buttonsOf(undone.text)).toEqual([]);
    expect(undone.text).toContain(`<a href="/jobs/${undoId}">This change has been undone: see the undo</a>`);
    expect(buttonsOf((await agent.get(`/jobs/${undoId}`).expect(200)).text)).toEqual([]);
    // A late press changes nothing: it goes to the undo job.
    const late = await postForm(agent, `/jobs/${jobId}/undo`, []);
    expect(late.headers.location).toBe(`/jobs/${undoId}`);
    expect((await agent.get(`/jobs/${undoId}`)).text).toContain('This change has already been undone: here is its undo.');
  });
});
