import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { deliverEventsTo, enablePlanFor, logOf, nextWeek, planInput, PLANS_ENV, quiet, settingsPatchesOf } from '../helpers/plans';
import { connectYouTube } from './connect';
import type { DestinationInput } from '../../src/destinations/types';

/**
 * A streaming plan with a YouTube destination on a 6-occurrence series (issue 24): the plan makes each occurrence's
 * broadcast once, Zoom holds the series' stream and the first occurrence's watch page, the watch page moves on after
 * each occurrence, and the plan takes that move as its own (no conflict), making nothing again on its rounds.
 */
jest.setTimeout(30_000);

let h: Harness;
let hook: Awaited<ReturnType<typeof deliverEventsTo>>;
/** The app's clock runs with real time, shifted by `offset` to be after an occurrence. */
let offset = 0;

beforeEach(async () => {
  offset = 0;
  h = await startHarness({ youtube: {}, env: PLANS_ENV, deps: { now: () => Date.now() + offset } });
  hook = await deliverEventsTo(h);
  await loginAs(h, 'pro');
  await connectYouTube(h);
});
afterEach(async () => {
  await hook.close();
  await h.close();
});

const WATCH = 'https://www.youtube.com/watch?v=';

/** The plan's YouTube destination: public, YouTube starting and ending the broadcast with the stream. */
const youtubeDestination = (titlePattern: string): DestinationInput => ({
  name: 'Our channel', stream_url: '', stream_key: '', page_url: '', resolution: '',
  youtube: { privacy: 'public', titlePattern, description: '', autoStart: true, autoStop: true },
});

it('a plan on a weekly series of 6: six broadcasts made once, the watch page moves on after each occurrence, no conflict', async () => {
  const userId = h.emulator.hosts.pro.id;
  const destination = await h.deps.destinations.create(userId, youtubeDestination('{topic}'));
  const series = await h.emulator.createEvent('meeting', 'pro', { topic: 'Sunday service', start_time: nextWeek(1), duration: 60, occurrences: 6 });
  await quiet(h);

  const plan = await enablePlanFor(h, planInput(destination.id, { series: { kind: 'meeting', id: series.id }, autoStart: false }));
  await quiet(h, [h.deps.youtubeEvents!]);

  const broadcasts = [...h.youtube!.broadcasts()].sort((a, b) => Date.parse(a.scheduledStartTime) - Date.parse(b.scheduledStartTime));
  const [stream] = h.youtube!.streams();
  expect(broadcasts).toHaveLength(6);
  expect(broadcasts.map((b) => b.title)).toEqual(Array(6).fill('Sunday service'));
  expect(broadcasts.every((b) => b.boundStreamId === stream.id)).toBe(true);
  expect(h.emulator.livestreamOf(series.id)).toMatchObject({ stream_url: stream.ingestionAddress, stream_key: stream.streamName, page_url: WATCH + broadcasts[0].id });
  expect((await logOf(h, plan.id, series.id)).map(([action]) => action)).toEqual(['applied']);

  // The plan's rounds trust what the app recorded: no YouTube call, nothing made again, no PATCH.
  const youtubeCalls = h.youtube!.requests.length;
  await h.deps.plans.reconciler.runOnce();
  await quiet(h, [h.deps.youtubeEvents!]);
  expect(h.youtube!.requests.length).toBe(youtubeCalls);
  expect(settingsPatchesOf(h, series.id)).toHaveLength(1);

  // The first occurrence is held and ends: the watch page moves on to the second's broadcast.
  await h.emulator.startEvent('meeting', series.id);
  await h.emulator.endEvent('meeting', series.id);
  await quiet(h, [h.deps.youtubeEvents!]);
  expect(h.emulator.livestreamOf(series.id)!.page_url).toBe(WATCH + broadcasts[1].id);

  // A day later the plan's round agrees (the second occurrence is next): the move is not taken for a hand edit.
  offset = 2 * 24 * 3600_000;
  await h.deps.plans.reconciler.runOnce();
  await quiet(h, [h.deps.youtubeEvents!]);
  const tracked = await h.deps.plans.repository.event(plan.id, 'meeting', series.id);
  expect(tracked?.conflict).toBeFalsy();
  expect(h.emulator.livestreamOf(series.id)!.page_url).toBe(WATCH + broadcasts[1].id);
  expect(h.youtube!.broadcasts()).toHaveLength(6);
  expect((await logOf(h, plan.id, series.id)).map(([action]) => action)).not.toContain('conflict');
});

it('YouTube\'s quota spent: the plan says so once, not on every round, and makes nothing until the day turns', async () => {
  const userId = h.emulator.hosts.pro.id;
  const destination = await h.deps.destinations.create(userId, youtubeDestination(''));
  const series = await h.emulator.createEvent('meeting', 'pro', { topic: 'Sunday service', start_time: nextWeek(1), duration: 60, occurrences: 3 });
  await quiet(h);
  // Room for the stream only: YouTube answers quotaExceeded to the first broadcast.
  h.youtube!.setQuota(h.youtube!.quotaUsed() + 60);

  const plan = await enablePlanFor(h, planInput(destination.id, { series: { kind: 'meeting', id: series.id }, autoStart: false }));
  await h.deps.plans.reconciler.runOnce();
  await h.deps.plans.reconciler.runOnce();
  await quiet(h, [h.deps.youtubeEvents!]);

  expect(await logOf(h, plan.id, series.id)).toEqual([['paused', 'youtube:quotaExceeded']]);
  expect(h.youtube!.broadcasts()).toHaveLength(0);
  expect(settingsPatchesOf(h, series.id)).toHaveLength(0);
});
