import request from 'supertest';
import type { DestinationInput } from '../../src/destinations/types';
import { MAX_ACTIVE_JOBS_PER_HOST } from '../../src/jobs/types';
import { applyForm, jobIdOf, postForm } from '../helpers/bulk';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/**
 * Issue 21, defect 1: one host's queue is bounded. With five jobs queued or running, POST /streams/apply
 * refuses a sixth on the overview (409), saying the bound, in the page's language; the host's ticks stay.
 */
const DESTINATION: DestinationInput = { name: 'Main channel', stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'yt-bound-key-01', page_url: 'https://youtube.com/@acme/live', resolution: '1080p' };

describe('POST /streams/apply with five jobs already queued', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await loginAs(h, 'pro');
  });
  afterAll(() => h.close());

  it('refuses a sixth with the bound, in English and in Chinese; a finished job makes room again', async () => {
    const userId = h.emulator.hosts.pro.id;
    const saved = await h.deps.destinations.create(userId, DESTINATION);
    const target = `meeting:${h.emulator.meetingsOf('pro')[0].id}`;
    // The runner is stopped so the five stay queued.
    await h.deps.jobRunner.stop();
    const queued = [];
    for (let i = 0; i < MAX_ACTIVE_JOBS_PER_HOST; i += 1) {
      const res = await postForm(h.agent, '/streams/apply', applyForm([target], saved.id));
      expect(res.status).toBe(303);
      queued.push(jobIdOf(res.headers.location));
    }

    const refused = await postForm(h.agent, '/streams/apply', applyForm([target], saved.id));
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('You already have 5 changes queued or running, the most at once.');
    expect(refused.text).toMatch(new RegExp(`name="targets" value="${target}" checked>`));
    expect(await h.deps.jobs.listRecent(userId)).toHaveLength(5);

    const chinese = request.agent(h.app);
    await loginAs(h, 'pro', chinese);
    await chinese.get('/streams?lang=zh-CN').expect(303);
    const zh = await postForm(chinese, '/streams/apply', applyForm([target], saved.id));
    expect(zh.status).toBe(409);
    expect(zh.text).toContain('您已有 5 项更改正在排队或运行');

    await h.deps.jobs.cancel(userId, queued[0]);
    expect((await postForm(h.agent, '/streams/apply', applyForm([target], saved.id))).status).toBe(303);
    expect(h.errors).toEqual([]);
    h.deps.jobRunner.start();
  });
});
