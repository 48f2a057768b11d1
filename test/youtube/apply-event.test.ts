import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';
import { deliverEventsTo, nextWeek, PLANS_ENV } from '../helpers/plans';
import { connectYouTube } from './connect';
import type { DestinationInput } from '../../src/destinations/types';
import { youtubeClient } from '../../src/youtube/channel';
import { asSession } from '../../src/livestream/change';

/**
 * A YouTube destination applied to one event from its page (issue 24): the broadcast is made on the host's channel
 * (one per occurrence of a series), bound to the destination's one stream, and Zoom holds the stream's ingest
 * address and key and the broadcast's watch page — no key typed. Zoom's events then keep the broadcasts in step.
 */
let h: Harness;
let hooks: { close(): Promise<void> };
let userId: string;

const YOUTUBE_DESTINATION: DestinationInput = {
  name: 'Our channel', stream_url: '', stream_key: '', page_url: '', resolution: '',
  youtube: { privacy: 'unlisted', titlePattern: '{topic} ({date})', description: 'Live from Zoom', autoStart: true, autoStop: true },
};

beforeEach(async () => {
  h = await startHarness({ youtube: {}, env: PLANS_ENV });
  hooks = await deliverEventsTo(h);
  await loginAs(h, 'pro');
  await connectYouTube(h);
  userId = h.emulator.hosts.pro.id;
});
afterEach(async () => {
  await hooks.close();
  await h.close();
});

const WATCH = 'https://www.youtube.com/watch?v=';

/** The host picks the destination on the event's page and presses Apply. */
async function applyFromPage(kind: 'meeting' | 'webinar', eventId: string, destinationId: string, status = 303) {
  const page = await h.agent.get(`/${kind}s/${eventId}/livestream?destination=${destinationId}`).expect(200);
  expect(page.text).toContain('Stream to YouTube with “Our channel”');
  expect(page.text).toContain(`action="/${kind}s/${eventId}/livestream/youtube"`);
  return h.agent.post(`/${kind}s/${eventId}/livestream/youtube`).type('form')
    .send({ _csrf: csrfFrom(page.text), destination: destinationId }).expect(status);
}

/** Settles the webhooks and the broadcast work they began. */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    await h.emulator.webhooksDelivered();
    await h.deps.youtubeEvents!.settled();
  }
}

const broadcastRows = () => h.deps.database.db.selectFrom('youtube_broadcasts').selectAll().orderBy('scheduled_start').execute();

describe('a YouTube destination on one event', () => {
  it('makes the scheduled broadcast, binds it to the stream, and Zoom holds its ingest, key and watch page; again makes nothing new', async () => {
    const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(2), duration: 60 });

    const applied = await applyFromPage('meeting', meeting.id, destination.id);
    expect(applied.headers.location).toBe(`/meetings/${meeting.id}/livestream`);

    const [broadcast] = h.youtube!.broadcasts();
    const [stream] = h.youtube!.streams();
    expect(h.youtube!.broadcasts()).toHaveLength(1);
    expect(broadcast).toMatchObject({ privacyStatus: 'unlisted', enableAutoStart: true, enableAutoStop: true, boundStreamId: stream.id, description: 'Live from Zoom' });
    expect(broadcast.title).toMatch(/^Town hall \(\d{4}-\d{2}-\d{2}\)$/);
    expect(Date.parse(broadcast.scheduledStartTime)).toBe(Date.parse(meeting.start_time));
    expect(h.emulator.livestreamOf(meeting.id)).toMatchObject({ stream_url: stream.ingestionAddress, stream_key: stream.streamName, page_url: WATCH + broadcast.id });

    // Every YouTube call is charged to the day's quota, a page's reading too (the broadcast and its stream: 1 unit each).
    const spent = await h.deps.youtube!.quota.spentToday();
    expect(spent).toBe(50 + 50 + 50);
    const shown = await h.agent.get(`/meetings/${meeting.id}/livestream`).expect(200);
    expect(await h.deps.youtube!.quota.spentToday()).toBe(spent + 2);
    expect(shown.text).toContain('1 broadcast was created on your channel');
    expect(shown.text).toContain('Applied from a YouTube destination');
    // The key went from YouTube to Zoom: never into the app's database in clear, nor its logs.
    const history = await h.deps.database.db.selectFrom('change_history').selectAll().execute();
    expect(history).toHaveLength(1);
    expect(history[0].source).toBe('youtube');
    expect(JSON.stringify(history)).not.toContain(stream.streamName);
    expect(JSON.stringify(await h.deps.database.db.selectFrom('youtube_streams').selectAll().execute())).not.toContain(stream.streamName);
    expect(h.logs.join('\n')).not.toContain(stream.streamName);

    await applyFromPage('meeting', meeting.id, destination.id);
    expect(h.youtube!.broadcasts()).toHaveLength(1);
    expect(h.youtube!.streams()).toHaveLength(1);
    expect((await h.agent.get(`/meetings/${meeting.id}/livestream`)).text).toContain('into the broadcast already created for it');
  });

  it('a series gets one broadcast per occurrence; Zoom points at the first, and at the next one after each occurrence ends', async () => {
    const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
    const series = await h.emulator.createEvent('meeting', 'pro', { topic: 'Weekly class', start_time: nextWeek(1), duration: 60, occurrences: 6 });

    await applyFromPage('meeting', series.id, destination.id);

    const broadcasts = [...h.youtube!.broadcasts()].sort((a, b) => Date.parse(a.scheduledStartTime) - Date.parse(b.scheduledStartTime));
    expect(broadcasts).toHaveLength(6);
    expect(broadcasts.map((b) => Date.parse(b.scheduledStartTime))).toEqual(series.occurrences!.map((o) => Date.parse(o.start_time)));
    expect(new Set(broadcasts.map((b) => b.boundStreamId)).size).toBe(1);
    expect(h.emulator.livestreamOf(series.id)!.page_url).toBe(WATCH + broadcasts[0].id);
    expect((await h.agent.get(`/meetings/${series.id}/livestream`)).text).toContain('6 broadcasts were created on your channel');

    // The first occurrence is held and ends: the one Zoom setting now points at the second occurrence's watch page.
    await h.emulator.startEvent('meeting', series.id);
    await h.emulator.endEvent('meeting', series.id);
    await settle();
    expect(h.emulator.livestreamOf(series.id)!.page_url).toBe(WATCH + broadcasts[1].id);
    const entries = await h.deps.database.db.selectFrom('change_history').select(['source']).execute();
    expect(entries.map((e) => e.source)).toEqual(['youtube', 'youtube']);

    // Applying again finds every broadcast again: none is made twice.
    await applyFromPage('meeting', series.id, destination.id);
    expect(h.youtube!.broadcasts()).toHaveLength(6);
  });

  it('a watch page the host typed over the app\'s is not moved after an occurrence', async () => {
    const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
    const series = await h.emulator.createEvent('meeting', 'pro', { topic: 'Weekly class', start_time: nextWeek(1), duration: 60, occurrences: 3 });
    await applyFromPage('meeting', series.id, destination.id);
    const held = h.emulator.livestreamOf(series.id)!;
    const page = await h.agent.get(`/meetings/${series.id}/livestream`);
    await h.agent.post(`/meetings/${series.id}/livestream`).type('form')
      .send({ _csrf: csrfFrom(page.text), stream_url: held.stream_url, stream_key: held.stream_key, page_url: 'https://example.com/our-page', resolution: '' }).expect(303);

    await h.emulator.startEvent('meeting', series.id);
    await h.emulator.endEvent('meeting', series.id);
    await settle();

    expect(h.emulator.livestreamOf(series.id)!.page_url).toBe('https://example.com/our-page');
  });
});

describe('the pre-flight check of a YouTube event', () => {
  it('is ok while the broadcast is there and bound; failing once it is deleted on YouTube, or Zoom holds another key', async () => {
    const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(2), duration: 60 });
    await applyFromPage('meeting', meeting.id, destination.id);
    const [sid] = await h.deps.sessionStore.sessionsOfUser(userId);
    const check = async () => (await h.deps.preflight.service.check({ userId, kind: 'meeting', eventId: meeting.id, trigger: 'now', access: asSession(h.deps.tokens, sid) }))
      .checks.find((one) => one.check === 'youtube');

    expect(await check()).toMatchObject({ result: 'ok' });
    const overlapOf = async () => (await h.deps.preflight.service.check({ userId, kind: 'meeting', eventId: meeting.id, trigger: 'now', access: asSession(h.deps.tokens, sid) }))
      .checks.find((one) => one.check === 'overlap');
    expect(await overlapOf()).toMatchObject({ result: 'ok' });
    // Another event of the same destination half an hour later: both would push to the destination's one key.
    const clash = await h.emulator.createEvent('meeting', 'pro', { topic: 'Clash', start_time: new Date(Date.parse(meeting.start_time) + 30 * 60_000).toISOString(), duration: 60 });
    await applyFromPage('meeting', clash.id, destination.id);
    expect(await overlapOf()).toMatchObject({ result: 'warning', reason: 'sameKey', params: { other: clash.id } });

    const [broadcast] = h.youtube!.broadcasts();
    await h.deps.youtube!.grant.withYouTube(userId, (auth) => youtubeClient(auth, h.deps.youtube!.apiUrl).liveBroadcasts.delete({ id: broadcast.id }));
    expect(await check()).toMatchObject({ result: 'failing', reason: 'deleted' });

    const held = h.emulator.livestreamOf(meeting.id)!;
    await asSession(h.deps.tokens, sid)((token) => h.deps.zoom.updateLivestream(token, 'meeting', meeting.id, { stream_url: held.stream_url, stream_key: 'rotated-key', page_url: held.page_url }));
    expect(await check()).toMatchObject({ result: 'failing', reason: 'keyMismatch' });
  });
});

describe('a stream deleted on YouTube', () => {
  it('is made again on the next apply (the old key is forgotten), not failed for ever', async () => {
    const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
    const first = await h.emulator.createEvent('meeting', 'pro', { topic: 'First', start_time: nextWeek(2), duration: 60 });
    const second = await h.emulator.createEvent('meeting', 'pro', { topic: 'Second', start_time: nextWeek(3), duration: 60 });
    await applyFromPage('meeting', first.id, destination.id);
    const [old] = h.youtube!.streams();
    await h.deps.youtube!.grant.withYouTube(userId, (auth) => youtubeClient(auth, h.deps.youtube!.apiUrl).liveStreams.delete({ id: old.id }));

    await applyFromPage('meeting', second.id, destination.id);

    const [made] = h.youtube!.streams();
    expect(h.youtube!.streams()).toHaveLength(1);
    expect(made.id).not.toBe(old.id);
    expect(h.emulator.livestreamOf(second.id)).toMatchObject({ stream_url: made.ingestionAddress, stream_key: made.streamName });
  });
});

describe('kept in step with Zoom\'s events', () => {
  it('meeting.updated moves and renames the broadcast; meeting.deleted deletes the app\'s broadcast and never the host\'s own', async () => {
    const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(2), duration: 60 });
    await applyFromPage('meeting', meeting.id, destination.id);
    const [ours] = h.youtube!.broadcasts();

    const later = nextWeek(9);
    await h.emulator.updateEvent('meeting', meeting.id, { topic: 'Town hall (moved)', start_time: later });
    await settle();
    const moved = h.youtube!.broadcasts().find((b) => b.id === ours.id)!;
    expect(moved.title).toMatch(/^Town hall \(moved\) \(\d{4}-\d{2}-\d{2}\)$/);
    expect(Date.parse(moved.scheduledStartTime)).toBe(Date.parse(later));
    expect(Number((await broadcastRows())[0].scheduled_start)).toBe(Date.parse(later));

    // A broadcast the host made in YouTube Studio, for the same day.
    const own = await h.deps.youtube!.grant.withYouTube(userId, async (auth) => {
      const made = await youtubeClient(auth, h.deps.youtube!.apiUrl).liveBroadcasts.insert({ part: ['snippet', 'status'], requestBody: {
        snippet: { title: 'My own show', scheduledStartTime: later }, status: { privacyStatus: 'public' },
      } });
      return made.data.id!;
    });

    await h.emulator.deleteEvent('meeting', meeting.id);
    await settle();
    expect(h.youtube!.broadcasts().map((b) => b.id)).toEqual([own]);
    expect(await broadcastRows()).toHaveLength(0);
  });

  it('one occurrence deleted deletes that occurrence\'s broadcast only', async () => {
    const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
    const series = await h.emulator.createEvent('meeting', 'pro', { topic: 'Weekly class', start_time: nextWeek(1), duration: 60, occurrences: 3 });
    await applyFromPage('meeting', series.id, destination.id);
    const third = series.occurrences![2];
    const thirdBroadcast = (await broadcastRows()).find((row) => row.occurrence_id === third.occurrence_id)!.broadcast_id;

    await h.emulator.deleteEvent('meeting', series.id, third.occurrence_id);
    await settle();

    expect(h.youtube!.broadcasts()).toHaveLength(2);
    expect(h.youtube!.broadcasts().map((b) => b.id)).not.toContain(thirdBroadcast);
    expect((await broadcastRows()).map((row) => row.occurrence_id)).toEqual(series.occurrences!.slice(0, 2).map((o) => o.occurrence_id));
  });
});

describe('what stops it, said plainly', () => {
  it('YouTube not connected: 409 with the step, and Zoom is not changed', async () => {
    const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(2), duration: 60 });
    const page = await h.agent.get('/destinations');
    await h.agent.post('/youtube/disconnect').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    const before = h.emulator.livestreamOf(meeting.id);

    const refused = await applyFromPage('meeting', meeting.id, destination.id, 409);

    expect(refused.text).toContain('YouTube could not be used');
    expect(refused.text).toContain('href="/destinations#youtube-heading"');
    expect(h.emulator.livestreamOf(meeting.id)).toEqual(before);
  });

  it('the day\'s quota spent: 503 with when it goes on, nothing half-made', async () => {
    const destination = await h.deps.destinations.create(userId, YOUTUBE_DESTINATION);
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(2), duration: 60 });
    h.youtube!.setQuota(h.youtube!.quotaUsed() + 60);

    const refused = await applyFromPage('meeting', meeting.id, destination.id, 503);

    expect(refused.text).toContain('today’s YouTube allowance');
    expect(refused.text).toContain('midnight Pacific time');
    expect(h.emulator.livestreamOf(meeting.id)?.page_url ?? '').not.toContain(WATCH);
    expect(h.youtube!.broadcasts()).toHaveLength(0);
  });

  it('another host\'s destination id, or one not of YouTube, is a 404', async () => {
    const typed = await h.deps.destinations.create(userId, { name: 'Typed', stream_url: 'rtmp://example.com/live', stream_key: 'k-1', page_url: 'https://example.com', resolution: '' });
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(2), duration: 60 });
    const page = await h.agent.get(`/meetings/${meeting.id}/livestream`);
    await h.agent.post(`/meetings/${meeting.id}/livestream/youtube`).type('form').send({ _csrf: csrfFrom(page.text), destination: typed.id }).expect(404);
    await h.agent.post(`/meetings/${meeting.id}/livestream/youtube`).type('form').send({ _csrf: csrfFrom(page.text), destination: 'nope' }).expect(404);
  });
});
