import { WATCH_URL, type YouTubeDestinationSettings } from '../../src/youtube/broadcasts';
import { daysAhead, startConnected, type Connected } from './connect';

/**
 * Applying a YouTube destination to an event (issue 24), against the YouTube emulator through the app's own deps:
 * one reusable stream per destination, one broadcast per event or occurrence, bound; re-running creates nothing.
 */
let c: Connected;
beforeEach(async () => { c = await startConnected(); });
afterEach(() => c.h.close());

const destination: YouTubeDestinationSettings = { key: 'dest-1', name: 'Weekly talks', privacy: 'unlisted', description: 'From Zoom', autoStart: true, autoStop: true };
const event = { kind: 'meeting' as const, id: '85746065432', topic: 'Town hall', startTime: daysAhead(3), timezone: 'UTC' };

describe('ensureFor', () => {
  it('one event gets one reusable stream and one scheduled broadcast bound to it; the URL, key and page are YouTube\'s', async () => {
    const applied = await c.broadcasts.ensureFor(c.userId, destination, event);

    const [stream] = c.h.youtube!.streams('streamer');
    const [broadcast] = c.h.youtube!.broadcasts('streamer');
    expect(c.h.youtube!.streams()).toHaveLength(1);
    expect(c.h.youtube!.broadcasts()).toHaveLength(1);
    expect(stream).toMatchObject({ isReusable: true, resolution: 'variable', frameRate: 'variable', title: 'Weekly talks' });
    expect(broadcast).toMatchObject({
      boundStreamId: stream.id, privacyStatus: 'unlisted', enableAutoStart: true, enableAutoStop: true, description: 'From Zoom',
      title: `Town hall — ${event.startTime.slice(0, 10)}`, scheduledStartTime: event.startTime,
    });
    expect(applied).toEqual({
      streamUrl: stream.ingestionAddress, streamKey: stream.streamName, pageUrl: `${WATCH_URL}${broadcast.id}`, broadcastId: broadcast.id, created: true,
    });
  });

  it('calling again creates nothing and binds nothing: the same broadcast, found for one unit of quota', async () => {
    const first = await c.broadcasts.ensureFor(c.userId, destination, event);
    const used = c.h.youtube!.quotaUsed();

    const again = await c.broadcasts.ensureFor(c.userId, destination, event);

    expect(again).toEqual({ ...first, created: false });
    expect(c.h.youtube!.streams()).toHaveLength(1);
    expect(c.h.youtube!.broadcasts()).toHaveLength(1);
    expect(c.h.youtube!.requestsTo('POST', '/youtube/v3/liveBroadcasts/bind')).toHaveLength(1);
    expect(c.h.youtube!.quotaUsed() - used).toBe(1);
  });

  it('a 6-occurrence series gets 6 broadcasts on one stream: one key, six watch pages; re-running adds none', async () => {
    const occurrences = [1, 2, 3, 4, 5, 6].map((week) => ({ ...event, occurrenceId: String(1_800_000_000_000 + week), startTime: daysAhead(week * 7) }));
    const applied = [];
    for (const occurrence of occurrences) applied.push(await c.broadcasts.ensureFor(c.userId, destination, occurrence));
    for (const occurrence of occurrences) await c.broadcasts.ensureFor(c.userId, destination, occurrence);

    const [stream] = c.h.youtube!.streams();
    expect(c.h.youtube!.streams()).toHaveLength(1);
    expect(c.h.youtube!.broadcasts()).toHaveLength(6);
    expect(c.h.youtube!.broadcasts().every((broadcast) => broadcast.boundStreamId === stream.id)).toBe(true);
    expect(new Set(applied.map((one) => one.streamKey))).toEqual(new Set([stream.streamName]));
    expect(new Set(applied.map((one) => one.pageUrl)).size).toBe(6);
    expect(c.h.youtube!.broadcasts().map((broadcast) => broadcast.scheduledStartTime)).toEqual(occurrences.map((one) => one.startTime));
    expect((await c.rows()).broadcasts.map((row) => row.occurrence_id)).toEqual(occurrences.map((one) => one.occurrenceId));
  });

  it('a broadcast deleted on YouTube behind the app\'s back is created again, once, and the record replaced', async () => {
    const first = await c.broadcasts.ensureFor(c.userId, destination, event);
    await c.studio((api) => api.liveBroadcasts.delete({ id: first.broadcastId }));

    const second = await c.broadcasts.ensureFor(c.userId, destination, event);
    const third = await c.broadcasts.ensureFor(c.userId, destination, event);

    expect(second).toMatchObject({ created: true, streamKey: first.streamKey });
    expect(second.broadcastId).not.toBe(first.broadcastId);
    expect(third).toEqual({ ...second, created: false });
    expect(c.h.youtube!.broadcasts().map((broadcast) => broadcast.id)).toEqual([second.broadcastId]);
    expect((await c.rows()).broadcasts.map((row) => row.broadcast_id)).toEqual([second.broadcastId]);
  });

  it('another destination applied to the same event: a stream of its own, and the event\'s one broadcast moves onto it', async () => {
    const one = await c.broadcasts.ensureFor(c.userId, destination, event);
    const other = await c.broadcasts.ensureFor(c.userId, { ...destination, key: 'dest-2' }, event);

    const streams = c.h.youtube!.streams();
    expect(streams).toHaveLength(2);
    expect(other).toMatchObject({ broadcastId: one.broadcastId, created: false, streamKey: streams[1].streamName });
    expect(other.streamKey).not.toBe(one.streamKey);
    expect(c.h.youtube!.broadcasts().map((broadcast) => broadcast.boundStreamId)).toEqual([streams[1].id]);
  });
});
