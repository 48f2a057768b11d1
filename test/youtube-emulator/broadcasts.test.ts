import type { youtube_v3 } from '@googleapis/youtube';
import type { RunningYouTubeEmulator } from '../../src/emulators/youtube';
import { connect, inHours, refusal, startEmulator } from './helpers';

const NOW = Date.parse('2026-03-02T18:00:00Z');
let emulator: RunningYouTubeEmulator;
afterEach(async () => emulator.close());

const PARTS = ['snippet', 'status', 'contentDetails'];

function newBroadcast(overrides: { snippet?: object; status?: object; contentDetails?: object } = {}) {
  return {
    part: PARTS,
    requestBody: {
      snippet: { title: 'Town hall — 2 March', scheduledStartTime: inHours(NOW, 2), description: 'Monthly', ...overrides.snippet },
      status: { privacyStatus: 'unlisted', ...overrides.status },
      contentDetails: { enableAutoStart: true, enableAutoStop: true, ...overrides.contentDetails },
    },
  };
}

async function signedIn(): Promise<youtube_v3.Youtube> {
  emulator = await startEmulator({ now: () => NOW });
  return (await connect(emulator.url)).yt;
}

describe('liveBroadcasts.insert', () => {
  it('creates a scheduled broadcast with the given title, time, privacy and auto start/stop; its id is a video id', async () => {
    const yt = await signedIn();

    const { data } = await yt.liveBroadcasts.insert(newBroadcast());

    expect(data.kind).toBe('youtube#liveBroadcast');
    expect(data.id).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(data.snippet).toMatchObject({
      title: 'Town hall — 2 March', description: 'Monthly', scheduledStartTime: inHours(NOW, 2),
      channelId: emulator.accounts.streamer.channelId, publishedAt: new Date(NOW).toISOString(),
    });
    expect(data.status).toMatchObject({ lifeCycleStatus: 'created', privacyStatus: 'unlisted', recordingStatus: 'notRecording' });
    expect(data.contentDetails).toMatchObject({ enableAutoStart: true, enableAutoStop: true });
    expect(data.contentDetails?.boundStreamId).toBeUndefined();
    expect(emulator.broadcasts('streamer')).toHaveLength(1);
  });

  it.each([
    ['a 101-character title', { snippet: { title: 'x'.repeat(101) } }, 'invalidTitle'],
    ['no title', { snippet: { title: '' } }, 'titleRequired'],
    ['no scheduled start', { snippet: { scheduledStartTime: undefined } }, 'scheduledStartTimeRequired'],
    ['a start in the past', { snippet: { scheduledStartTime: inHours(NOW, -1) } }, 'invalidScheduledStartTime'],
    ['a start that is not a time', { snippet: { scheduledStartTime: 'tomorrow' } }, 'invalidScheduledStartTime'],
    ['no privacy status', { status: { privacyStatus: undefined } }, 'privacyStatusRequired'],
    ['privacy "friends"', { status: { privacyStatus: 'friends' } }, 'invalidPrivacyStatus'],
  ])('refuses %s with 400 %s and creates nothing', async (_name, overrides, reason) => {
    const yt = await signedIn();

    const refused = await refusal(yt.liveBroadcasts.insert(newBroadcast(overrides)));

    expect(refused).toMatchObject({ status: 400, reason, domain: 'youtube.liveBroadcast' });
    expect(emulator.broadcasts()).toEqual([]);
  });

  it('accepts a title of exactly 100 characters', async () => {
    const yt = await signedIn();

    const { data } = await yt.liveBroadcasts.insert(newBroadcast({ snippet: { title: 'y'.repeat(100) } }));

    expect(data.snippet?.title).toHaveLength(100);
  });
});

describe('liveBroadcasts.bind, list, update, delete', () => {
  it('bind ties the broadcast to a stream (boundStreamId, lifeCycleStatus ready); bind without streamId unties it', async () => {
    const yt = await signedIn();
    const stream = (await yt.liveStreams.insert({
      part: ['cdn'], requestBody: { snippet: { title: 'key' }, cdn: { ingestionType: 'rtmp', resolution: 'variable', frameRate: 'variable' } },
    })).data;
    const broadcast = (await yt.liveBroadcasts.insert(newBroadcast())).data;

    const bound = (await yt.liveBroadcasts.bind({ id: broadcast.id ?? '', part: ['id', 'contentDetails', 'status'], streamId: stream.id ?? '' })).data;
    const unbound = (await yt.liveBroadcasts.bind({ id: broadcast.id ?? '', part: ['status'] })).data;
    const unknown = await refusal(yt.liveBroadcasts.bind({ id: broadcast.id ?? '', part: ['id'], streamId: 'nope' }));

    expect(bound.contentDetails?.boundStreamId).toBe(stream.id);
    expect(bound.status?.lifeCycleStatus).toBe('ready');
    expect(unbound.status?.lifeCycleStatus).toBe('created');
    expect(unknown).toMatchObject({ status: 404, reason: 'liveStreamNotFound' });
  });

  it('lists 5 per page by default with page tokens, filters by id and broadcastStatus, and accepts part=a,b', async () => {
    const yt = await signedIn();
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) ids.push((await yt.liveBroadcasts.insert(newBroadcast({ snippet: { title: `Event ${i}` } }))).data.id ?? '');

    const first = (await yt.liveBroadcasts.list({ part: ['id'], mine: true })).data;
    const second = (await yt.liveBroadcasts.list({ part: ['id'], mine: true, pageToken: first.nextPageToken ?? '' })).data;
    const byId = (await yt.liveBroadcasts.list({ part: ['snippet,status'], id: [ids[3]] })).data;
    const completed = (await yt.liveBroadcasts.list({ part: ['id'], broadcastStatus: 'completed' })).data;
    const noFilter = await refusal(yt.liveBroadcasts.list({ part: ['id'] }));

    expect(first.items?.map(({ id }) => id)).toEqual(ids.slice(0, 5));
    expect(first.pageInfo).toEqual({ totalResults: 7, resultsPerPage: 5 });
    expect(second.items?.map(({ id }) => id)).toEqual(ids.slice(5));
    expect(second.nextPageToken).toBeUndefined();
    expect(byId.items?.[0].snippet?.title).toBe('Event 3');
    expect(byId.items?.[0].status?.lifeCycleStatus).toBe('created');
    expect(completed.items).toEqual([]);
    expect(noFilter).toMatchObject({ status: 400, reason: 'missingRequiredParameter' });
  });

  it('update moves and renames the broadcast (the parts it names), keeping auto start; unknown ids are 404', async () => {
    const yt = await signedIn();
    const { data } = await yt.liveBroadcasts.insert(newBroadcast());

    const updated = (await yt.liveBroadcasts.update({
      part: ['id', 'snippet', 'contentDetails'],
      requestBody: { id: data.id, snippet: { title: 'Town hall (moved)', scheduledStartTime: inHours(NOW, 26) } },
    })).data;
    const missing = await refusal(yt.liveBroadcasts.update({
      part: ['snippet'], requestBody: { id: 'nope', snippet: { title: 't', scheduledStartTime: inHours(NOW, 3) } },
    }));

    expect(updated.snippet).toMatchObject({ title: 'Town hall (moved)', scheduledStartTime: inHours(NOW, 26) });
    expect(updated.contentDetails?.enableAutoStart).toBe(true);
    expect(emulator.broadcasts()[0]).toMatchObject({ title: 'Town hall (moved)', privacyStatus: 'unlisted' });
    expect(missing).toMatchObject({ status: 404, reason: 'liveBroadcastNotFound' });
  });

  it('delete answers 204, then 404 liveBroadcastNotFound; another channel cannot see or delete it', async () => {
    const yt = await signedIn();
    const other = await connect(emulator.url, 'not-enabled');
    const { data } = await yt.liveBroadcasts.insert(newBroadcast());
    const id = data.id ?? '';

    const foreignList = await refusal(other.yt.liveBroadcasts.list({ part: ['id'], id: [id] }));
    const foreign = await refusal(other.yt.liveBroadcasts.delete({ id }));
    const deleted = await yt.liveBroadcasts.delete({ id });
    const again = await refusal(yt.liveBroadcasts.delete({ id }));

    expect(foreignList.status).toBe(403);
    expect(foreign.status).toBe(403);
    expect(deleted.status).toBe(204);
    expect(again).toMatchObject({ status: 404, reason: 'liveBroadcastNotFound', domain: 'youtube.liveBroadcast' });
    expect(emulator.broadcasts()).toEqual([]);
  });
});
