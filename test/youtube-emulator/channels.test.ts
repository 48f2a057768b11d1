import type { RunningYouTubeEmulator } from '../../src/emulators/youtube';
import { connect, inHours, refusal, startEmulator, youtubeClient } from './helpers';

let emulator: RunningYouTubeEmulator;
afterEach(async () => emulator.close());

const BROADCAST = {
  part: ['snippet', 'status'],
  requestBody: { snippet: { title: 'Event', scheduledStartTime: inHours(Date.now(), 24) }, status: { privacyStatus: 'private' } },
};
const STREAM = {
  part: ['cdn'],
  requestBody: { snippet: { title: 'Key' }, cdn: { ingestionType: 'rtmp', resolution: 'variable', frameRate: 'variable' } },
};

describe('what each Google account may do', () => {
  it('a channel not enabled for live streaming gets 403 liveStreamingNotEnabled on inserts and on listing broadcasts; its streams list is empty', async () => {
    emulator = await startEmulator();
    const { yt } = await connect(emulator.url, 'not-enabled');

    const broadcast = await refusal(yt.liveBroadcasts.insert(BROADCAST));
    const stream = await refusal(yt.liveStreams.insert(STREAM));
    const listed = await refusal(yt.liveBroadcasts.list({ part: ['id'], mine: true }));
    const streams = (await yt.liveStreams.list({ part: ['id'], mine: true })).data;
    const channels = (await yt.channels.list({ part: ['snippet'], mine: true })).data;

    expect(broadcast).toMatchObject({ status: 403, reason: 'liveStreamingNotEnabled', domain: 'youtube.liveBroadcast' });
    expect(stream).toMatchObject({ status: 403, reason: 'liveStreamingNotEnabled', domain: 'youtube.liveStream' });
    expect(listed).toMatchObject({ status: 403, reason: 'liveStreamingNotEnabled' });
    expect(streams.items).toEqual([]);
    // It has a channel: channels.list finds it (the app explains the missing enablement, not a missing channel).
    expect(channels.items).toHaveLength(1);
    expect(emulator.broadcasts()).toEqual([]);
  });

  it('an account with no channel gets 403 insufficientLivePermissions on every live call, reads included', async () => {
    emulator = await startEmulator();
    const { yt } = await connect(emulator.url, 'no-channel');

    const inserted = await refusal(yt.liveBroadcasts.insert(BROADCAST));
    const listed = await refusal(yt.liveStreams.list({ part: ['id'], mine: true }));

    expect(inserted).toMatchObject({ status: 403, reason: 'insufficientLivePermissions' });
    expect(listed).toMatchObject({ status: 403, reason: 'insufficientLivePermissions', domain: 'youtube.liveStream' });
  });

  it('the channel that can stream creates both', async () => {
    emulator = await startEmulator();
    const { yt } = await connect(emulator.url, 'streamer');

    await yt.liveBroadcasts.insert(BROADCAST);
    await yt.liveStreams.insert(STREAM);

    expect(emulator.broadcasts('streamer')).toHaveLength(1);
    expect(emulator.streams('streamer')).toHaveLength(1);
  });
});

describe('bearer tokens', () => {
  it('answers 401 authError (Google\'s body and WWW-Authenticate) without a token or with a made-up one', async () => {
    emulator = await startEmulator();

    const res = await fetch(`${emulator.url}/youtube/v3/liveBroadcasts?part=id&mine=true`, { headers: { Authorization: 'Bearer ya29.made-up' } });
    const body = (await res.json()) as { error: { code: number; errors: Array<{ reason: string; domain: string }>; status: string } };

    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError', domain: 'global' }] });
  });

  it('after expireAccessTokens a client holding an expiry date gets 401; with forceRefreshOnFailure it refreshes and succeeds', async () => {
    emulator = await startEmulator();
    const plain = await connect(emulator.url);
    const forcing = await connect(emulator.url, 'streamer', { forceRefreshOnFailure: true });
    emulator.expireAccessTokens();

    const refused = await refusal(plain.yt.liveBroadcasts.list({ part: ['id'], mine: true }));
    const served = await forcing.yt.liveBroadcasts.list({ part: ['id'], mine: true });

    expect(refused).toMatchObject({ status: 401, reason: 'authError' });
    expect(served.status).toBe(200);
    expect(emulator.requestsTo('POST', '/token').map(({ body }) => (body as { grant_type: string }).grant_type))
      .toEqual(['authorization_code', 'authorization_code', 'refresh_token']);
  });

  it('refreshes on its own when the access token is past its expiry date', async () => {
    emulator = await startEmulator();
    const { auth, tokens } = await connect(emulator.url);
    auth.setCredentials({ ...tokens, expiry_date: Date.now() - 1000 });
    emulator.expireAccessTokens();

    const served = await youtubeClient(emulator.url, auth).liveStreams.list({ part: ['id'], mine: true });

    expect(served.status).toBe(200);
    expect(auth.credentials.access_token).not.toBe(tokens.access_token);
  });
});
