import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { applyForm, jobIdOf, postForm, untilJob } from '../helpers/bulk';
import { connectYouTube } from './connect';
import type { DestinationInput } from '../../src/destinations/types';
import { nextQuotaReset } from '../../src/youtube/quota';

/**
 * A YouTube destination applied in bulk (issue 24): every event of the job gets its own broadcast, once, however
 * often the job runs; the day's quota spent in the middle pauses the job with the plain message until YouTube's
 * day turns (midnight Pacific, on an injected clock), and nothing is made twice when it goes on.
 */
let h: Harness;
let userId: string;
/** The app's clock runs with real time (the pacer counts seconds), shifted by `offset` to cross YouTube's day. */
let offset: number;
const now = () => Date.now() + offset;

const YOUTUBE_DESTINATION: DestinationInput = {
  name: 'Our channel', stream_url: '', stream_key: '', page_url: '', resolution: '',
  youtube: { privacy: 'public', titlePattern: '', description: '', autoStart: true, autoStop: true },
};
const WATCH = 'https://www.youtube.com/watch?v=';

async function start(events: number, env: Record<string, string> = {}) {
  offset = 0;
  h = await startHarness({
    youtube: {}, emulator: { extraMeetings: events, rateLimits: { lightPerSecond: 200 } },
    env: { JOB_POLL_MS: '50', ZOOM_LIGHT_RATE_PER_SECOND: '100', ...env }, deps: { now },
  });
  await loginAs(h, 'pro');
  await connectYouTube(h);
  userId = h.emulator.hosts.pro.id;
}
afterEach(() => h.close());

/** The Pro host's single (not recurring) meetings, soonest first. */
function singleMeetings(count: number) {
  const meetings = h.emulator.meetingsOf('pro').filter((m) => !m.occurrences).sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time));
  if (meetings.length < count) throw new Error(`only ${meetings.length} single meetings`);
  return meetings.slice(0, count);
}

async function applyInBulk(ids: string[], destinationId: string): Promise<string> {
  const made = await postForm(h.agent, '/streams/apply', applyForm(ids.map((id) => `meeting:${id}`), destinationId));
  expect(made.status).toBe(303);
  return jobIdOf(made.headers.location);
}

it('a job of 20 events makes 20 broadcasts on one stream and sets each event to its own; run again, it makes none', async () => {
  await start(20);
  const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
  const meetings = singleMeetings(20);

  const job = await untilJob(h, userId, await applyInBulk(meetings.map((m) => m.id), destination.id));
  expect(job.status).toBe('done');
  expect(job.items.map((i) => i.status)).toEqual(Array(20).fill('applied'));

  const broadcasts = h.youtube!.broadcasts();
  const [stream] = h.youtube!.streams();
  expect(broadcasts).toHaveLength(20);
  expect(h.youtube!.streams()).toHaveLength(1);
  for (const meeting of meetings) {
    const held = h.emulator.livestreamOf(meeting.id)!;
    const broadcast = broadcasts.find((b) => WATCH + b.id === held.page_url);
    expect(broadcast).toBeDefined();
    expect(Date.parse(broadcast!.scheduledStartTime)).toBe(Date.parse(meeting.start_time));
    expect(held).toMatchObject({ stream_url: stream.ingestionAddress, stream_key: stream.streamName });
  }
  // Undo is not offered: the job does not keep each event's watch page to tell a later edit from its own.
  expect((await h.agent.get(`/jobs/${job.id}`)).text).not.toContain('Undo this job');

  const again = await untilJob(h, userId, await applyInBulk(meetings.map((m) => m.id), destination.id));
  expect(again.items.every((i) => i.status === 'applied')).toBe(true);
  expect(h.youtube!.broadcasts()).toHaveLength(20);
});

it('the quota spent in the middle of a 40-event job pauses it with the message; after midnight Pacific it goes on, each broadcast made once', async () => {
  // The stream (50) and at most 25 events (insert 50 + bind 50 each) fit in 2,600 units a day: the rest waits a day.
  await start(40, { YOUTUBE_DAILY_QUOTA: '2600' });
  const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
  const meetings = singleMeetings(40);

  const jobId = await applyInBulk(meetings.map((m) => m.id), destination.id);
  const paused = await untilJob(h, userId, jobId, (job) => job.status === 'paused' && job.leaseOwner === '');

  expect(paused.pausedReason).toBe('youtube_quota');
  expect(paused.resumeAfter).toBe(nextQuotaReset(now()));
  // Items run 16 at a time: those in flight when the budget ran out made their broadcast but could not bind it. The
  // 2,550 units after the stream are 51 calls of 50; at most 16 more inserts than binds: at least 18 bound, at most 25.
  const applied = paused.items.filter((i) => i.status === 'applied').length;
  expect(applied).toBeGreaterThanOrEqual(18);
  expect(applied).toBeLessThanOrEqual(25);
  expect(paused.items.filter((i) => i.status === 'not_applied')).toHaveLength(40 - applied);
  const page = await h.agent.get(`/jobs/${jobId}`).expect(200);
  expect(page.text).toContain('Paused: today’s YouTube quota is used up. Nothing is lost');
  expect(page.text).toContain('Not yet: YouTube’s daily quota');
  // YouTube itself was never asked past the budget: the app stopped first.
  expect(h.youtube!.requests.filter((r) => r.status === 403)).toHaveLength(0);

  // Nothing happens before the reset…
  expect(await h.deps.jobs.resumeDue()).toBe(0);
  // …and after it the job goes on by itself.
  offset = nextQuotaReset(now()) + 1000 - Date.now();
  expect(await h.deps.jobs.resumeDue()).toBe(1);
  h.deps.jobRunner.kick();
  const done = await untilJob(h, userId, jobId, (job) => job.status === 'done' && job.leaseOwner === '', 30_000);

  expect(done.items.every((i) => i.status === 'applied')).toBe(true);
  expect(h.youtube!.broadcasts()).toHaveLength(40);
  expect(h.youtube!.requestsTo('POST', '/youtube/v3/liveBroadcasts').filter((r) => !r.path.includes('/bind') && !r.path.includes('/transition'))).toHaveLength(40);
  const rows = await h.deps.database.db.selectFrom('youtube_broadcasts').selectAll().execute();
  expect(new Set(rows.map((row) => row.broadcast_id)).size).toBe(40);
}, 60_000);
