import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { eventually } from '../helpers/eventually';
import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';
import { freePort } from '../helpers/net';
import { connectYouTube } from '../youtube/connect';
import { describeWithRtmp, FFMPEG_PATH, rtmpUrlAt, startNginxRtmp, type RunningNginxRtmp } from '../helpers/nginx-rtmp';

/**
 * The strongest test (issue 24): real media, end to end, on loopback. The app, the Zoom emulator pushing an ffmpeg
 * test pattern as Zoom pushes a meeting's video, the YouTube emulator, and a real nginx-rtmp playing YouTube's ingest.
 * The host connects YouTube, the meeting is pointed at a YouTube broadcast with auto start and stop, the host starts
 * the stream on the app's page: nginx receives the media under the stream name YouTube issued, the broadcast goes
 * live when the publisher arrives and completes when it leaves. Nothing here sleeps: the push is awaited, nginx's
 * hooks and /stat are watched with eventually().
 */
jest.setTimeout(60_000);

const IN_PROGRESS = '90071992547409931';
/** Long enough to watch /stat while it runs, short enough for CI. */
const PUSH_SECONDS = 4;

let h: Harness;
let nginx: RunningNginxRtmp;

/**
 * The host makes a YouTube destination on its page and applies it on the meeting's page, as in the sandbox: the app
 * makes the broadcast and writes the stream's ingest address and key into Zoom. Resolves to the key YouTube issued.
 */
async function streamMeetingToYouTube(meetingId: string): Promise<string> {
  const form = await h.agent.get('/destinations/new?type=youtube').expect(200);
  await h.agent.post('/destinations').type('form').send({
    _csrf: csrfFrom(form.text), type: 'youtube', name: 'Our channel', privacy: 'unlisted', titlePattern: '', description: '', autoStart: '1', autoStop: '1',
  }).expect(303);
  const [destination] = await h.deps.destinations.list(h.emulator.hosts.pro.id);
  const page = await h.agent.get(`/meetings/${meetingId}/livestream?destination=${destination.id}`).expect(200);
  await h.agent.post(`/meetings/${meetingId}/livestream/youtube`).type('form')
    .send({ _csrf: csrfFrom(page.text), destination: destination.id }).expect(303);
  return h.youtube!.streams('streamer')[0].streamName;
}

/** The host presses Start live stream on the meeting's page (the form's CSRF token, as a browser posts it). */
async function startOnThePage(meetingId: string): Promise<void> {
  const page = await h.agent.get(`/meetings/${meetingId}/livestream`).expect(200);
  const res = await h.agent.post(`/meetings/${meetingId}/livestream/status`).type('form')
    .send({ _csrf: csrfFrom(page.text), action: 'start', display_name: 'All-hands, live' });
  if (res.status !== 303) throw new Error(`start answered ${res.status}: ${res.text.slice(0, 500)}`);
}

/** The host presses Stop and confirms "Stop the live stream?". */
async function stopOnThePage(meetingId: string): Promise<void> {
  const page = await h.agent.get(`/meetings/${meetingId}/livestream`).expect(200);
  const res = await h.agent.post(`/meetings/${meetingId}/livestream/status`).type('form')
    .send({ _csrf: csrfFrom(page.text), action: 'stop', confirm: 'yes' });
  if (res.status !== 303) throw new Error(`stop answered ${res.status}: ${res.text.slice(0, 500)}`);
}

describeWithRtmp('real media: Zoom pushes, nginx-rtmp (YouTube ingest) receives, the YouTube broadcast follows', () => {
  beforeAll(async () => {
    // The RTMP port first: the YouTube emulator hands out its address, and nginx's hooks call the emulator back.
    const rtmpPort = await freePort();
    h = await startHarness({
      youtube: { ingestionAddress: rtmpUrlAt(rtmpPort) },
      emulator: { media: { ffmpegPath: FFMPEG_PATH, seconds: PUSH_SECONDS } },
    });
    nginx = await startNginxRtmp({ rtmpPort, hooksUrl: h.youtube!.url });
    await loginAs(h, 'pro');
    await connectYouTube(h, 'streamer');
  });
  afterAll(async () => {
    await h?.close();
    await nginx?.stop();
  });

  it('the host starts the stream: nginx receives media under YouTube\'s stream name, the broadcast goes live, then completes', async () => {
    const streamName = await streamMeetingToYouTube(IN_PROGRESS);
    expect(h.emulator.livestreamOf(IN_PROGRESS)).toMatchObject({ stream_url: nginx.rtmpUrl, stream_key: streamName });
    const [broadcast] = h.youtube!.broadcasts('streamer');
    expect(broadcast).toMatchObject({ lifeCycleStatus: 'ready', enableAutoStart: true, enableAutoStop: true });

    await startOnThePage(IN_PROGRESS);

    // nginx-rtmp let the publisher in (on_publish: YouTube issued this name) and media is flowing.
    const receiving = await eventually(async () => {
      const stream = (await nginx.streams()).find((candidate) => candidate.name === streamName);
      return stream !== undefined && stream.publishing && stream.bytesIn > 0 && stream;
    }, { timeoutMs: 15_000 });
    expect(receiving.bytesIn).toBeGreaterThan(0);
    expect(h.youtube!.streams('streamer')[0]).toMatchObject({ streamName, streamStatus: 'active', healthStatus: 'good' });
    expect(h.youtube!.broadcasts('streamer')[0]).toMatchObject({ id: broadcast.id, lifeCycleStatus: 'live' });
    expect(h.youtube!.broadcasts('streamer')[0].actualStartTime).toBeTruthy();
    // The meeting's page shows YouTube's view beside Zoom's: live, video arriving, health good.
    const live = await h.agent.get(`/meetings/${IN_PROGRESS}/livestream`).expect(200);
    expect(live.text).toContain('Live on YouTube');
    expect(live.text).toContain('Receiving video');
    expect(live.text).toContain('youtube-health-good');
    expect(live.text).toContain(`href="https://www.youtube.com/watch?v=${broadcast.id}"`);

    // Zoom's push runs its seconds to the end; the publisher leaves, on_publish_done completes the broadcast.
    const [push] = await h.emulator.mediaPushesFinished();
    expect(push).toMatchObject({ kind: 'meeting', eventId: IN_PROGRESS, exitCode: 0, stopped: false });
    expect(push.errorOutput).not.toContain(streamName);
    await eventually(() => expect(h.youtube!.broadcasts('streamer')[0]).toMatchObject({ lifeCycleStatus: 'complete' }), { timeoutMs: 10_000 });
    expect(h.youtube!.streams('streamer')[0]).toMatchObject({ streamStatus: 'inactive' });
    expect(h.youtube!.broadcasts('streamer')[0].actualEndTime).toBeTruthy();

    // What arrived was real media, recorded by nginx-rtmp as <stream name>.flv: an FLV file, more than headers.
    const recording = path.join(nginx.recordDir, `${streamName}.flv`);
    await eventually(() => existsSync(recording) && statSync(recording).size > 10_000, { timeoutMs: 10_000 });
    expect(readdirSync(nginx.recordDir)).toEqual([`${streamName}.flv`]);
    // The stream key YouTube issued is a secret: not in a line the app logged.
    expect(h.logs.join('\n')).not.toContain(streamName);
  });

  it('the host stops the stream on the page: Zoom\'s push ends at once and the publisher leaves nginx', async () => {
    await startOnThePage(IN_PROGRESS);
    const streamName = h.emulator.livestreamOf(IN_PROGRESS)!.stream_key;
    await eventually(async () => (await nginx.streams()).some((stream) => stream.name === streamName && stream.publishing), { timeoutMs: 15_000 });
    expect(h.youtube!.streams('streamer')[0]).toMatchObject({ streamStatus: 'active' });

    await stopOnThePage(IN_PROGRESS);

    const [, second] = await h.emulator.mediaPushesFinished();
    // Ended by the stop, not by running its seconds out (ffmpeg's own exit would be code 0 with stopped false).
    expect(second).toMatchObject({ kind: 'meeting', eventId: IN_PROGRESS, stopped: true });
    await eventually(async () => expect((await nginx.streams()).filter((stream) => stream.publishing)).toEqual([]), { timeoutMs: 10_000 });
    await eventually(() => expect(h.youtube!.streams('streamer')[0]).toMatchObject({ streamStatus: 'inactive' }), { timeoutMs: 10_000 });
  });
});
