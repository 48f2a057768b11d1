import { createBroadcastRepository } from '../../src/youtube/broadcast-repository';
import type { YouTubeDestinationSettings, YouTubeEvent } from '../../src/youtube/broadcasts';
import { createYouTubeLiveStatus } from '../../src/youtube/live-status';
import { daysAhead, startConnected, type Connected } from './connect';

/**
 * YouTube's view of an event's broadcast (issue 24), against the YouTube emulator through the app's own deps: the
 * broadcast the app made, its life cycle and its stream's status and health, one call each; nothing asked of
 * YouTube for an event the app made no broadcast for; the watch page still given when YouTube cannot be asked.
 */
let c: Connected;
beforeEach(async () => { c = await startConnected(); });
afterEach(() => c.h.close());

const MEETING = '85746065432';
const destination: YouTubeDestinationSettings = { key: 'd1', privacy: 'unlisted', autoStart: true, autoStop: true };
const event: YouTubeEvent = { kind: 'meeting', id: MEETING, topic: 'T', startTime: '2030-01-01T10:00:00Z' };
const WATCH = 'https://www.youtube.com/watch?v=';

const service = () => c.h.deps.youtube!.liveStatus;
const apiCalls = () => c.h.youtube!.requests.filter((entry) => entry.path.startsWith('/youtube/v3/'));
const streamName = () => c.h.youtube!.streams('streamer')[0].streamName;

/** The app's liveStatus over a repository that counts its queries, with its own clock. */
function countingService(now: () => number) {
  const repository = createBroadcastRepository(c.h.deps.database.db);
  const queries: string[] = [];
  const counted = {
    broadcastsOfEvent: (...args: Parameters<typeof repository.broadcastsOfEvent>) => { queries.push('broadcastsOfEvent'); return repository.broadcastsOfEvent(...args); },
    broadcastsOfEvents: (...args: Parameters<typeof repository.broadcastsOfEvents>) => { queries.push('broadcastsOfEvents'); return repository.broadcastsOfEvents(...args); },
  };
  const youtube = c.h.deps.youtube!;
  return { queries, live: createYouTubeLiveStatus({ grant: youtube.grant, apiUrl: youtube.apiUrl, repository: counted, now }) };
}

describe('statusOf', () => {
  it('an event the app made no broadcast for: undefined, and YouTube is not asked', async () => {
    c.h.youtube!.clearRequests();

    expect(await service().statusOf(c.userId, 'meeting', MEETING)).toBeUndefined();

    expect(apiCalls()).toEqual([]);
  });

  it('follows the stream: ready with no data, then live and good while video arrives, then complete; one list call each', async () => {
    const applied = await c.h.deps.youtube!.broadcasts.ensureFor(c.userId, destination, event);
    c.h.youtube!.clearRequests();

    const before = await service().statusOf(c.userId, 'meeting', MEETING);
    expect(before).toEqual({ broadcastId: applied.broadcastId, watchUrl: `${WATCH}${applied.broadcastId}`, lifeCycleStatus: 'ready', streamStatus: 'ready', healthStatus: 'noData' });
    expect(apiCalls().map((entry) => `${entry.method} ${entry.path} ${String(entry.query.part)}`)).toEqual([
      'GET /youtube/v3/liveBroadcasts status,contentDetails', 'GET /youtube/v3/liveStreams status',
    ]);

    c.h.youtube!.setStreamStatus(streamName(), 'active');
    expect(await service().statusOf(c.userId, 'meeting', MEETING)).toMatchObject({ lifeCycleStatus: 'live', streamStatus: 'active', healthStatus: 'good' });

    c.h.youtube!.setStreamStatus(streamName(), 'inactive');
    expect(await service().statusOf(c.userId, 'meeting', MEETING)).toMatchObject({ lifeCycleStatus: 'complete', streamStatus: 'inactive', healthStatus: 'noData' });
  });

  it('a broadcast deleted on YouTube behind the app\'s back is "missing", with its watch page and no stream call', async () => {
    const applied = await c.h.deps.youtube!.broadcasts.ensureFor(c.userId, destination, event);
    await c.studio((api) => api.liveBroadcasts.delete({ id: applied.broadcastId }));
    c.h.youtube!.clearRequests();

    expect(await service().statusOf(c.userId, 'meeting', MEETING)).toEqual({ broadcastId: applied.broadcastId, watchUrl: `${WATCH}${applied.broadcastId}`, lifeCycleStatus: 'missing' });
    expect(c.h.youtube!.requestsTo('GET', '/youtube/v3/liveStreams')).toEqual([]);
  });

  it('a series shows the occurrence on air now, else the next one ahead, else the latest, asking YouTube once for all', async () => {
    const weeks = [1, 2, 3].map((week) => ({ ...event, occurrenceId: `occ-${week}`, startTime: daysAhead(week * 7) }));
    const manual = { ...destination, autoStart: false, autoStop: false };
    const ids: string[] = [];
    for (const week of weeks) ids.push((await c.h.deps.youtube!.broadcasts.ensureFor(c.userId, manual, week)).broadcastId);
    const at = (days: number) => () => Date.now() + days * 86_400_000;

    expect(await countingService(at(0)).live.statusOf(c.userId, 'meeting', MEETING)).toMatchObject({ broadcastId: ids[0], lifeCycleStatus: 'ready' });
    expect(await countingService(at(10)).live.statusOf(c.userId, 'meeting', MEETING)).toMatchObject({ broadcastId: ids[1] });
    expect(await countingService(at(30)).live.statusOf(c.userId, 'meeting', MEETING)).toMatchObject({ broadcastId: ids[2] });

    // The host takes the second week's broadcast live early in YouTube Studio: that one is what matters now.
    c.h.youtube!.setStreamStatus(streamName(), 'active');
    await c.studio((api) => api.liveBroadcasts.transition({ id: ids[1], broadcastStatus: 'live', part: ['status'] }));
    c.h.youtube!.clearRequests();
    const { live, queries } = countingService(at(0));
    expect(await live.statusOf(c.userId, 'meeting', MEETING)).toMatchObject({ broadcastId: ids[1], lifeCycleStatus: 'live', streamStatus: 'active', healthStatus: 'good' });
    const [asked] = c.h.youtube!.requestsTo('GET', '/youtube/v3/liveBroadcasts');
    expect(String(asked.query.id).split(',').sort()).toEqual([...ids].sort());
    expect(c.h.youtube!.requestsTo('GET', '/youtube/v3/liveBroadcasts')).toHaveLength(1);
    expect(queries).toEqual(['broadcastsOfEvent']);
  });

  it('YouTube not connected, or refusing: the watch page still, marked unavailable', async () => {
    const applied = await c.h.deps.youtube!.broadcasts.ensureFor(c.userId, destination, event);
    const link = { broadcastId: applied.broadcastId, watchUrl: `${WATCH}${applied.broadcastId}` };

    c.h.youtube!.setQuota(0);
    expect(await service().statusOf(c.userId, 'meeting', MEETING)).toEqual({ ...link, unavailable: true, reason: 'failed' });

    await c.h.deps.youtube!.grant.revoke(c.userId);
    expect(await service().statusOf(c.userId, 'meeting', MEETING)).toEqual({ ...link, unavailable: true, reason: 'notConnected' });
  });
});

describe('linksOf', () => {
  it('the next broadcast\'s watch page of each event that has one, in one query and no YouTube call', async () => {
    const single = await c.h.deps.youtube!.broadcasts.ensureFor(c.userId, destination, event);
    const series = [];
    for (const week of [1, 2]) series.push(await c.h.deps.youtube!.broadcasts.ensureFor(c.userId, destination, { ...event, kind: 'webinar', id: '84129876501', occurrenceId: `w${week}`, startTime: daysAhead(week * 7) }));
    c.h.youtube!.clearRequests();
    const { live, queries } = countingService(() => Date.now() + 10 * 86_400_000);

    const links = await live.linksOf(c.userId, [
      { kind: 'meeting', eventId: MEETING }, { kind: 'webinar', eventId: '84129876501' }, { kind: 'meeting', eventId: '81234567001' },
      // Same id, other kind: the meeting's broadcast is not this webinar's.
      { kind: 'webinar', eventId: MEETING },
    ]);

    expect(links).toEqual(new Map([
      [`meeting:${MEETING}`, `${WATCH}${single.broadcastId}`],
      ['webinar:84129876501', `${WATCH}${series[1].broadcastId}`],
    ]));
    expect(queries).toEqual(['broadcastsOfEvents']);
    expect(apiCalls()).toEqual([]);
  });
});
