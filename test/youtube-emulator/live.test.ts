import type { youtube_v3 } from '@googleapis/youtube';
import type { RunningYouTubeEmulator } from '../../src/emulators/youtube';
import { connect, inHours, refusal, startEmulator } from './helpers';

let emulator: RunningYouTubeEmulator;
afterEach(async () => emulator.close());

interface Pair {
  yt: youtube_v3.Youtube;
  broadcastId: string;
  streamId: string;
  streamName: string;
}

/** A stream and a broadcast bound to it, as the app sets up an event. */
async function boundPair(autoStart: boolean, autoStop: boolean): Promise<Pair> {
  emulator = await startEmulator();
  const { yt } = await connect(emulator.url);
  const stream = (await yt.liveStreams.insert({
    part: ['id', 'cdn'], requestBody: { snippet: { title: 'k' }, cdn: { ingestionType: 'rtmp', resolution: 'variable', frameRate: 'variable' } },
  })).data;
  const broadcast = (await yt.liveBroadcasts.insert({
    part: ['id'],
    requestBody: {
      snippet: { title: 'Event', scheduledStartTime: inHours(Date.now(), 1) }, status: { privacyStatus: 'public' },
      contentDetails: { enableAutoStart: autoStart, enableAutoStop: autoStop },
    },
  })).data;
  await yt.liveBroadcasts.bind({ id: broadcast.id ?? '', part: ['id'], streamId: stream.id ?? '' });
  return { yt, broadcastId: broadcast.id ?? '', streamId: stream.id ?? '', streamName: stream.cdn?.ingestionInfo?.streamName ?? '' };
}

async function lifeCycle(pair: Pair): Promise<string | null | undefined> {
  const { data } = await pair.yt.liveBroadcasts.list({ part: ['status'], id: [pair.broadcastId] });
  return data.items?.[0].status?.lifeCycleStatus;
}

function notify(event: 'on_publish' | 'on_publish_done', name: string): Promise<Response> {
  // What nginx-rtmp posts: a form with the call, the application, the stream key and the publisher's address.
  const call = event === 'on_publish' ? 'publish' : 'publish_done';
  return fetch(`${emulator.url}/emulator/rtmp/${event}`, {
    method: 'POST', body: new URLSearchParams({ call, app: 'live2', name, addr: '127.0.0.1', clientid: '1' }),
  });
}

describe('a stream going active and inactive', () => {
  it('with auto start and stop, nginx-rtmp\'s on_publish makes the broadcast live and on_publish_done completes it', async () => {
    const pair = await boundPair(true, true);

    const published = await notify('on_publish', pair.streamName);
    const whileLive = await lifeCycle(pair);
    const stream = (await pair.yt.liveStreams.list({ part: ['status'], id: [pair.streamId] })).data.items?.[0];
    const done = await notify('on_publish_done', pair.streamName);

    expect(published.status).toBe(200);
    expect(whileLive).toBe('live');
    expect(stream?.status).toEqual({ streamStatus: 'active', healthStatus: { status: 'good' } });
    expect(done.status).toBe(200);
    expect(await lifeCycle(pair)).toBe('complete');
    expect(emulator.broadcasts()[0]).toMatchObject({ actualStartTime: expect.any(String) as unknown, actualEndTime: expect.any(String) as unknown });
    expect(emulator.requestsTo('POST', '/emulator')).toEqual([]);
  });

  it('refuses an on_publish for a key YouTube never issued (nginx then drops the publisher)', async () => {
    await boundPair(true, true);

    const res = await notify('on_publish', 'abcd-efgh-ijkl-mnop-qrst');

    expect(res.status).toBe(404);
    expect(() => emulator.setStreamStatus('abcd-efgh-ijkl-mnop-qrst', 'active')).toThrow(/No YouTube stream/);
  });

  it('without auto start the broadcast waits in ready; without auto stop it stays live after the stream stops', async () => {
    const pair = await boundPair(false, false);

    emulator.setStreamStatus(pair.streamName, 'active');
    const waiting = await lifeCycle(pair);
    await pair.yt.liveBroadcasts.transition({ id: pair.broadcastId, part: ['status'], broadcastStatus: 'live' });
    emulator.setStreamStatus(pair.streamName, 'inactive');

    expect(waiting).toBe('ready');
    expect(await lifeCycle(pair)).toBe('live');
    expect(emulator.streams()[0]).toMatchObject({ streamStatus: 'inactive', healthStatus: 'noData' });
  });
});

describe('liveBroadcasts.transition', () => {
  it('goes testing → live → complete while the stream is active, with YouTube\'s refusals on the way', async () => {
    const pair = await boundPair(false, false);
    const to = (broadcastStatus: string) => pair.yt.liveBroadcasts.transition({ id: pair.broadcastId, part: ['status'], broadcastStatus });

    const inactive = await refusal(to('testing'));
    emulator.setStreamStatus(pair.streamName, 'active');
    const testing = (await to('testing')).data.status?.lifeCycleStatus;
    const redundant = await refusal(to('testing'));
    const live = (await to('live')).data.status?.lifeCycleStatus;
    const complete = (await to('complete')).data.status?.lifeCycleStatus;
    const backwards = await refusal(to('live'));
    const unknown = await refusal(pair.yt.liveBroadcasts.transition({ id: 'nope', part: ['id'], broadcastStatus: 'live' }));

    expect(inactive).toMatchObject({ status: 403, reason: 'errorStreamInactive' });
    expect([testing, live, complete]).toEqual(['testing', 'live', 'complete']);
    expect(redundant).toMatchObject({ status: 403, reason: 'redundantTransition' });
    expect(backwards).toMatchObject({ status: 403, reason: 'invalidTransition' });
    expect(unknown).toMatchObject({ status: 404, reason: 'liveBroadcastNotFound' });
  });

  it('refuses to bind a broadcast that is already live, and to delete one on air', async () => {
    const pair = await boundPair(true, false);
    emulator.setStreamStatus(pair.streamName, 'active');

    const rebind = await refusal(pair.yt.liveBroadcasts.bind({ id: pair.broadcastId, part: ['id'], streamId: pair.streamId }));
    const deleted = await refusal(pair.yt.liveBroadcasts.delete({ id: pair.broadcastId }));

    expect(rebind).toMatchObject({ status: 403, reason: 'liveBroadcastBindingNotAllowed' });
    expect(deleted).toMatchObject({ status: 403, reason: 'liveBroadcastDeletionNotAllowed' });
  });
});
