import type { YouTubeDestinationSettings } from '../../src/youtube/broadcasts';
import { daysAhead, startConnected, type Connected } from './connect';

/**
 * Kept in step with Zoom's events (issue 24): meeting.updated moves the app's broadcast, meeting.deleted deletes it
 * (never a broadcast the host made on YouTube), deauthorization forgets the records.
 */
let c: Connected;
beforeEach(async () => { c = await startConnected(); });
afterEach(() => c.h.close());

const destination: YouTubeDestinationSettings = { key: 'dest-1', privacy: 'private', autoStart: true, autoStop: false, description: 'Kept' };
const event = { kind: 'meeting' as const, id: '85746065432', topic: 'Town hall', startTime: daysAhead(3), timezone: 'Asia/Tokyo' };

/** A broadcast the host made in YouTube Studio (the official client with their grant), not through the app. */
async function hostsOwnBroadcast(): Promise<string> {
  const made = await c.studio((api) => api.liveBroadcasts.insert({ part: ['snippet', 'status'], requestBody: {
    snippet: { title: 'My own show', scheduledStartTime: daysAhead(2) }, status: { privacyStatus: 'public' },
  } }));
  return made.data.id!;
}

describe('moveFor', () => {
  it('a renamed, moved meeting updates its broadcast\'s title and start on YouTube and in the record; the description stays', async () => {
    const applied = await c.broadcasts.ensureFor(c.userId, destination, event);
    const moved = { ...event, topic: 'Town hall (moved)', startTime: daysAhead(10) };

    expect(await c.broadcasts.moveFor(c.userId, moved)).toBe('moved');

    const [broadcast] = c.h.youtube!.broadcasts();
    expect(broadcast).toMatchObject({ id: applied.broadcastId, scheduledStartTime: moved.startTime, description: 'Kept', privacyStatus: 'private' });
    expect(broadcast.title).toMatch(/^Town hall \(moved\) — \d{4}-\d{2}-\d{2}$/);
    expect((await c.rows()).broadcasts[0]).toMatchObject({ title: broadcast.title, scheduled_start: Date.parse(moved.startTime) });
  });

  it('nothing to move sends nothing; an event without the app\'s broadcast is left alone', async () => {
    await c.broadcasts.ensureFor(c.userId, destination, event);

    expect(await c.broadcasts.moveFor(c.userId, event)).toBe('unchanged');
    expect(await c.broadcasts.moveFor(c.userId, { ...event, id: '99999999999', topic: 'Other' })).toBe('none');
    expect(c.h.youtube!.requestsTo('PUT', '/youtube/v3/liveBroadcasts')).toHaveLength(0);
  });

  it('a broadcast deleted on YouTube is not recreated by a move: the record is dropped ("gone")', async () => {
    const applied = await c.broadcasts.ensureFor(c.userId, destination, event);
    await c.studio((api) => api.liveBroadcasts.delete({ id: applied.broadcastId }));

    expect(await c.broadcasts.moveFor(c.userId, { ...event, topic: 'Renamed' })).toBe('gone');
    expect((await c.rows()).broadcasts).toHaveLength(0);
    expect(c.h.youtube!.broadcasts()).toHaveLength(0);
  });
});

describe('removeFor and removeAllOf', () => {
  it('a deleted meeting deletes only the app\'s broadcast: one the host made on YouTube stays, and the stream stays', async () => {
    const own = await hostsOwnBroadcast();
    await c.broadcasts.ensureFor(c.userId, destination, event);

    expect(await c.broadcasts.removeFor(c.userId, 'meeting', event.id)).toBe(1);

    expect(c.h.youtube!.broadcasts().map((broadcast) => broadcast.id)).toEqual([own]);
    expect(c.h.youtube!.streams()).toHaveLength(1);
    expect((await c.rows()).broadcasts).toHaveLength(0);
    expect(await c.broadcasts.removeFor(c.userId, 'meeting', event.id)).toBe(0);
  });

  it('a deleted meeting whose broadcast already went live keeps it on the channel (the recording); only the record goes', async () => {
    const applied = await c.broadcasts.ensureFor(c.userId, destination, event);
    c.h.youtube!.setStreamStatus(applied.streamKey, 'active');
    expect(c.h.youtube!.broadcasts()[0].lifeCycleStatus).toBe('live');

    expect(await c.broadcasts.removeFor(c.userId, 'meeting', event.id)).toBe(1);

    expect(c.h.youtube!.broadcasts().map((broadcast) => broadcast.id)).toEqual([applied.broadcastId]);
    expect((await c.rows()).broadcasts).toHaveLength(0);
  });

  it('a deleted occurrence deletes that occurrence\'s broadcast only; the deleted series deletes the rest', async () => {
    const occurrences = ['1', '2', '3'].map((occurrenceId, index) => ({ ...event, occurrenceId, startTime: daysAhead(7 * (index + 1)) }));
    const applied = [];
    for (const occurrence of occurrences) applied.push(await c.broadcasts.ensureFor(c.userId, destination, occurrence));

    expect(await c.broadcasts.removeFor(c.userId, 'meeting', event.id, '2')).toBe(1);
    expect(c.h.youtube!.broadcasts().map((broadcast) => broadcast.id)).toEqual([applied[0].broadcastId, applied[2].broadcastId]);

    expect(await c.broadcasts.removeFor(c.userId, 'meeting', event.id)).toBe(2);
    expect(c.h.youtube!.broadcasts()).toHaveLength(0);
  });

  it('a broadcast already deleted on YouTube still lets its record go', async () => {
    const applied = await c.broadcasts.ensureFor(c.userId, destination, event);
    await c.studio((api) => api.liveBroadcasts.delete({ id: applied.broadcastId }));

    expect(await c.broadcasts.removeFor(c.userId, 'meeting', event.id)).toBe(1);
    expect((await c.rows()).broadcasts).toHaveLength(0);
  });

  it('deauthorization forgets the records without calling YouTube', async () => {
    await c.broadcasts.ensureFor(c.userId, destination, event);
    const calls = c.h.youtube!.requests.length;

    expect(await c.broadcasts.removeAllOf(c.userId)).toBe(2);

    expect(await c.rows()).toEqual({ streams: [], broadcasts: [] });
    expect(c.h.youtube!.requests.length).toBe(calls);
    expect(c.h.youtube!.broadcasts()).toHaveLength(1);
  });
});
