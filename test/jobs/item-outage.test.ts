import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { untilJob } from '../helpers/bulk';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { freePort } from '../helpers/net';
import { describeWithRedisServerBinary, startRedisServer, uniquePrefix, type RedisServer } from '../sessions/redis-test-env';

/**
 * Issue 21, defect 2: an outage of our own is not Zoom's refusal. The host's token lives in the session
 * store (Redis); a Redis of this suite's own is killed while a job runs and started again. No item may end
 * "Not applied: Zoom refused" for a request that was never sent: each waits and is applied, exactly once.
 */
describeWithRedisServerBinary('a bulk job while the session store (Redis) is down', () => {
  const PRO_USER = 'pRoHoSt0000000000000001';
  const PRO_ACCOUNT = 'eMuLaToRaCcOuNt00000001';
  const SETTINGS = { stream_url: 'rtmp://outage.example.com/live', stream_key: 'through-the-outage', page_url: 'https://outage.example.com/watch', resolution: '1080p' };
  const ITEMS = 14;
  let dir: string;
  let port: number;
  let redis: RedisServer;
  let h: Harness;
  // Append-only, so the host's session (and the token in it) is still there when Redis comes back.
  const redisArgs = () => ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-job-outage-'));
    port = await freePort();
    redis = await startRedisServer(port, redisArgs());
    h = await startHarness({
      emulator: { extraMeetings: ITEMS },
      env: { SESSION_STORE: 'redis', REDIS_URL: redis.url, REDIS_PREFIX: uniquePrefix('job-outage'), JOB_POLL_MS: '50' },
    });
    await h.deps.sessionStore.ready();
    await loginAs(h, 'pro');
  });
  afterAll(async () => {
    await h.deps.jobRunner.stop();
    await h.deps.sessionStore.close();
    await redis.stop();
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every item is applied exactly once (one PATCH per meeting), none reported as refused by Zoom', async () => {
    const meetings = h.emulator.meetingsOf('pro').slice(0, ITEMS);
    h.emulator.clearRequests();
    // Zoom answers the reads one after another, 200 ms apart: most items read the token for their PATCH (from
    // the session in Redis) after Redis has stopped.
    meetings.forEach((m, i) => h.emulator.failNext({ method: 'GET', path: `/v2/meetings/${m.id}/livestream`, delayMs: 200 * (i + 1) }));
    const job = await h.deps.jobs.create({
      userId: PRO_USER, accountId: PRO_ACCOUNT, action: 'apply', settings: SETTINGS,
      items: meetings.map((m) => ({ kind: 'meeting' as const, eventId: m.id, topic: m.topic })),
    });
    h.deps.jobRunner.kick();
    await untilJob(h, PRO_USER, job.id, (found) => found.items.filter((item) => item.status === 'applied').length >= 2);

    await redis.stop('SIGKILL');
    const down = Date.now();
    // Down long enough for every item in hand to meet the outage (each tries again with a growing wait).
    const during = await untilJob(h, PRO_USER, job.id, () => Date.now() - down > 2500, 10_000);
    redis = await startRedisServer(port, redisArgs());
    const restarted = Date.now();
    const done = await untilJob(h, PRO_USER, job.id, (found) => found.status === 'done', 60_000);
    console.log(`Redis down ${restarted - down} ms mid-job: ${during.items.filter((item) => item.status === 'pending').length} of ${ITEMS} items waiting, ` +
      `${during.items.filter((item) => item.status === 'failed').length} failed; the job done ${Date.now() - restarted} ms after Redis was back`);

    expect(during.items.filter((item) => item.status === 'failed')).toEqual([]);
    expect(done.items.map((item) => item.status)).toEqual(meetings.map(() => 'applied'));
    for (const meeting of meetings) {
      expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${meeting.id}/livestream`)).toHaveLength(1);
      expect(h.emulator.livestreamOf(meeting.id)).toEqual(SETTINGS);
      expect(await h.deps.history.get(PRO_USER, done.items.find((item) => item.eventId === meeting.id)!.id)).toMatchObject({ after: SETTINGS });
    }
    expect(h.logs.join('\n')).toContain('job item not sent: an outage of ours');
  }, 90_000);
});
