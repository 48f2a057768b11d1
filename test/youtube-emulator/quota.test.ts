import type { youtube_v3 } from '@googleapis/youtube';
import { QUOTA_COSTS, type RunningYouTubeEmulator } from '../../src/emulators/youtube';
import { connect, inHours, refusal, startEmulator } from './helpers';

let emulator: RunningYouTubeEmulator;
afterEach(async () => emulator.close());

let now = 0;

async function signedIn(at: string, dailyQuota?: number, forceRefreshOnFailure = false): Promise<youtube_v3.Youtube> {
  now = Date.parse(at);
  // google-auth-library judges expiry by the real clock, the emulator by its own: moving the emulator's clock a day
  // ahead would leave the client holding a token it thinks is fresh. A week-long token keeps these tests on quota.
  emulator = await startEmulator({ now: () => now, dailyQuota, accessTokenTtlSeconds: 7 * 86_400 });
  return (await connect(emulator.url, 'streamer', { forceRefreshOnFailure })).yt;
}

function insertBroadcast(yt: youtube_v3.Youtube) {
  return yt.liveBroadcasts.insert({
    part: ['id'],
    requestBody: { snippet: { title: 'Event', scheduledStartTime: inHours(now, 48) }, status: { privacyStatus: 'private' } },
  });
}

describe('the daily quota', () => {
  it('charges YouTube\'s costs: list 1, insert, bind, update, transition and delete 50 each; a refused call 1; a 401 nothing', async () => {
    const yt = await signedIn('2026-01-15T12:00:00-08:00');
    const stream = (await yt.liveStreams.insert({
      part: ['id'], requestBody: { snippet: { title: 'k' }, cdn: { ingestionType: 'rtmp', resolution: 'variable', frameRate: 'variable' } },
    })).data;
    const spent: number[] = [emulator.quotaUsed()];
    const after = async (call: Promise<unknown>) => {
      await call.catch(() => undefined);
      spent.push(emulator.quotaUsed());
    };

    const id = (await insertBroadcast(yt)).data.id ?? '';
    spent.push(emulator.quotaUsed());
    await after(yt.liveBroadcasts.list({ part: ['id'], mine: true }));
    await after(yt.liveBroadcasts.bind({ id, part: ['id'], streamId: stream.id ?? '' }));
    await after(yt.liveBroadcasts.update({ part: ['snippet'], requestBody: { id, snippet: { title: 'T', scheduledStartTime: inHours(now, 50) } } }));
    await after(yt.liveBroadcasts.transition({ id, part: ['id'], broadcastStatus: 'complete' }));
    await after(yt.liveBroadcasts.delete({ id }));
    await after(yt.liveBroadcasts.delete({ id }));
    await after(fetch(`${emulator.url}/youtube/v3/liveBroadcasts?part=id&mine=true`));

    const deltas = spent.slice(1).map((value, index) => value - spent[index]);
    expect(spent[0]).toBe(QUOTA_COSTS['liveStreams.insert']);
    // insert, list, bind, update, transition (refused: the stream is not active → 1), delete, delete again (404 → 1), no token.
    expect(deltas).toEqual([50, 1, 50, 50, 1, 50, 1, 0]);
    expect(QUOTA_COSTS).toMatchObject({ 'liveBroadcasts.transition': 50, 'liveStreams.list': 1, 'liveStreams.delete': 50 });
  });

  it('refuses with 403 quotaExceeded (domain youtube.quota) once spent, and serves again after midnight Pacific time', async () => {
    const yt = await signedIn('2026-01-15T09:00:00-08:00', 200);
    for (let i = 0; i < 4; i += 1) await insertBroadcast(yt);

    const exhausted = await refusal(insertBroadcast(yt));
    const listRefused = await refusal(yt.liveBroadcasts.list({ part: ['id'], mine: true }));
    now = Date.parse('2026-01-15T23:59:59-08:00');
    const lateEvening = await refusal(insertBroadcast(yt));
    const usedBeforeMidnight = emulator.quotaUsed();
    now = Date.parse('2026-01-16T00:00:01-08:00');
    const nextDay = await insertBroadcast(yt);

    expect(exhausted).toMatchObject({ status: 403, reason: 'quotaExceeded', domain: 'youtube.quota' });
    expect(listRefused).toMatchObject({ status: 403, reason: 'quotaExceeded' });
    expect(lateEvening.reason).toBe('quotaExceeded');
    expect(usedBeforeMidnight).toBe(200);
    expect(nextDay.status).toBe(200);
    expect(emulator.quotaUsed()).toBe(50);
    expect(emulator.broadcasts()).toHaveLength(5);
  });

  it('follows daylight saving: in summer the day turns at 07:00 UTC, not 08:00', async () => {
    const yt = await signedIn('2026-03-09T06:30:00Z', 50);
    await insertBroadcast(yt);
    const before = await refusal(insertBroadcast(yt));

    now = Date.parse('2026-03-09T07:00:01Z');
    const after = await insertBroadcast(yt);

    expect(before.reason).toBe('quotaExceeded');
    expect(after.status).toBe(200);
  });

  it('setQuota lowers the limit while running; what was spent today still counts', async () => {
    const yt = await signedIn('2026-01-15T09:00:00-08:00');
    await insertBroadcast(yt);

    emulator.setQuota(60);
    const refused = await refusal(insertBroadcast(yt));
    const listed = await yt.liveBroadcasts.list({ part: ['id'], mine: true });

    expect(refused.reason).toBe('quotaExceeded');
    expect(listed.status).toBe(200);
    expect(emulator.quotaUsed()).toBe(51);
  });

  it('with forceRefreshOnFailure, google-auth-library answers quotaExceeded (a 403) by refreshing its token and retrying once', async () => {
    const yt = await signedIn('2026-01-15T09:00:00-08:00', 0, true);

    const refused = await refusal(yt.liveBroadcasts.list({ part: ['id'], mine: true }));

    expect(refused.reason).toBe('quotaExceeded');
    expect(emulator.requestsTo('GET', '/youtube/v3/liveBroadcasts')).toHaveLength(2);
    expect(emulator.requestsTo('POST', '/token')).toHaveLength(2);
  });
});
