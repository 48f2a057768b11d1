import type { RunningYouTubeEmulator } from '../../src/emulators/youtube';
import { connect, refusal, startEmulator } from './helpers';

let emulator: RunningYouTubeEmulator;
afterEach(async () => emulator.close());

const NEW_STREAM = {
  part: ['snippet', 'cdn', 'contentDetails', 'status'],
  requestBody: {
    snippet: { title: 'Zoom livestream — weekly' },
    cdn: { ingestionType: 'rtmp', resolution: 'variable', frameRate: 'variable' },
    contentDetails: { isReusable: true },
  },
};

describe('liveStreams through @googleapis/youtube', () => {
  it('insert gives an RTMP ingest at the configured address, a fresh stream name, status ready and no health data', async () => {
    emulator = await startEmulator({ ingestionAddress: 'rtmp://127.0.0.1:19350/live2' });
    const { yt } = await connect(emulator.url);

    const { data, status } = await yt.liveStreams.insert(NEW_STREAM);

    expect(status).toBe(200);
    expect(data.kind).toBe('youtube#liveStream');
    expect(data.snippet).toMatchObject({ title: 'Zoom livestream — weekly', channelId: emulator.accounts.streamer.channelId });
    expect(data.cdn).toMatchObject({ ingestionType: 'rtmp', resolution: 'variable', frameRate: 'variable' });
    expect(data.cdn?.ingestionInfo).toEqual({
      ingestionAddress: 'rtmp://127.0.0.1:19350/live2',
      backupIngestionAddress: 'rtmp://127.0.0.1:19350/live2?backup=1',
      streamName: expect.stringMatching(/^[a-z0-9]{4}(-[a-z0-9]{4}){4}$/) as unknown as string,
    });
    expect(data.status).toEqual({ streamStatus: 'ready', healthStatus: { status: 'noData' } });
    expect(data.contentDetails?.isReusable).toBe(true);
    expect(emulator.streams('streamer').map(({ id }) => id)).toEqual([data.id]);
  });

  it('gives each stream its own key, lists only the channel\'s own streams (mine or id) with only the asked parts', async () => {
    emulator = await startEmulator();
    const { yt } = await connect(emulator.url);
    const first = (await yt.liveStreams.insert(NEW_STREAM)).data;
    const second = (await yt.liveStreams.insert(NEW_STREAM)).data;

    const mine = (await yt.liveStreams.list({ part: ['id', 'cdn'], mine: true })).data;
    const byId = (await yt.liveStreams.list({ part: ['status'], id: [second.id ?? ''] })).data;

    expect(first.cdn?.ingestionInfo?.streamName).not.toBe(second.cdn?.ingestionInfo?.streamName);
    expect(mine.kind).toBe('youtube#liveStreamListResponse');
    expect(mine.items?.map(({ id }) => id)).toEqual([first.id, second.id]);
    expect(mine.items?.[0].snippet).toBeUndefined();
    expect(mine.pageInfo).toEqual({ totalResults: 2, resultsPerPage: 5 });
    expect(byId.items).toHaveLength(1);
    expect(byId.items?.[0].status?.streamStatus).toBe('ready');
  });

  it('refuses a stream without a title (titleRequired) or with another ingestion type, and deletes with 204 then 404', async () => {
    emulator = await startEmulator();
    const { yt } = await connect(emulator.url);
    const { data } = await yt.liveStreams.insert(NEW_STREAM);

    const untitled = await refusal(yt.liveStreams.insert({ ...NEW_STREAM, requestBody: { ...NEW_STREAM.requestBody, snippet: {} } }));
    const hls = await refusal(yt.liveStreams.insert({ ...NEW_STREAM, requestBody: { ...NEW_STREAM.requestBody, cdn: { ingestionType: 'hls', resolution: 'variable', frameRate: 'variable' } } }));
    const deleted = await yt.liveStreams.delete({ id: data.id ?? '' });
    const again = await refusal(yt.liveStreams.delete({ id: data.id ?? '' }));

    expect(untitled).toMatchObject({ status: 400, reason: 'titleRequired', domain: 'youtube.liveStream' });
    expect(hls).toMatchObject({ status: 400, reason: 'invalidIngestionType' });
    expect(deleted.status).toBe(204);
    expect(again).toMatchObject({ status: 404, reason: 'liveStreamNotFound' });
  });

  it('hides another channel\'s stream: it is not found', async () => {
    emulator = await startEmulator();
    const owner = await connect(emulator.url, 'streamer');
    const other = await connect(emulator.url, 'not-enabled');
    const { data } = await owner.yt.liveStreams.insert(NEW_STREAM);

    const listed = (await other.yt.liveStreams.list({ part: ['id'], id: [data.id ?? ''] })).data;

    expect(listed.items).toEqual([]);
  });
});
