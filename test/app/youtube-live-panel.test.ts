import type { YouTubeDestinationSettings } from '../../src/youtube/broadcasts';
import { startConnected, type Connected } from '../youtube/connect';

/**
 * Issue 24: the event page shows YouTube's view of the broadcast the app made for the event (its state, the stream's
 * status and health, the watch page) beside Zoom's, read on each view; /streams links each such event's watch page
 * from the database. An event without a broadcast costs YouTube nothing.
 */
let c: Connected;
beforeEach(async () => { c = await startConnected(); });
afterEach(() => c.h.close());

const LAUNCH = '85746065001'; // Pro host, "Product launch stream", not started
const ALL_HANDS = '90071992547409931'; // Pro host, in progress
const destination: YouTubeDestinationSettings = { key: 'd1', privacy: 'unlisted', autoStart: true, autoStop: true };
const WATCH = 'https://www.youtube.com/watch?v=';

const panelOf = (html: string) => /<section class="youtube-live"[\s\S]*?<\/section>/.exec(html)?.[0];
const apiCalls = () => c.h.youtube!.requests.filter((entry) => entry.path.startsWith('/youtube/v3/'));
const streamName = () => c.h.youtube!.streams('streamer')[0].streamName;

async function broadcastFor(id: string): Promise<string> {
  const applied = await c.h.deps.youtube!.broadcasts.ensureFor(c.userId, destination, { kind: 'meeting', id, topic: 'T', startTime: '2030-01-01T10:00:00Z' });
  return applied.broadcastId;
}

function rowOf(html: string, id: string): string {
  const start = html.indexOf(`id="target-meeting-${id}"`);
  if (start < 0) throw new Error(`no row for meeting ${id}`);
  return html.slice(html.lastIndexOf('<tr', start), html.indexOf('</tr>', start));
}

describe('the event page\'s YouTube panel', () => {
  it('links the watch page in a new tab and says the broadcast, stream and health as YouTube reports them now', async () => {
    const broadcastId = await broadcastFor(LAUNCH);
    c.h.youtube!.clearRequests();

    const ready = panelOf((await c.h.agent.get(`/meetings/${LAUNCH}/livestream`).expect(200)).text)!;
    // One view, one reading: the broadcast, then its bound stream.
    expect(apiCalls().map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /youtube/v3/liveBroadcasts', 'GET /youtube/v3/liveStreams']);
    expect(ready).toContain(`<a href="${WATCH}${broadcastId}" target="_blank" rel="noopener">Watch page on YouTube<span class="visually-hidden"> (opens in a new tab)</span></a>`);
    expect(ready).toContain('<dd class="youtube-state youtube-state-ready">Ready: waiting for the stream</dd>');
    expect(ready).toContain('<dd class="youtube-stream youtube-stream-ready">Ready, no video yet</dd>');
    expect(ready).toContain('<dd class="youtube-health youtube-health-noData">No data yet</dd>');

    c.h.youtube!.setStreamStatus(streamName(), 'active');
    const live = panelOf((await c.h.agent.get(`/meetings/${LAUNCH}/livestream`).expect(200)).text)!;
    expect(live).toContain('<dd class="youtube-state youtube-state-live">Live on YouTube</dd>');
    expect(live).toContain('<dd class="youtube-stream youtube-stream-active">Receiving video</dd>');
    expect(live).toContain('<dd class="youtube-health youtube-health-good">Good</dd>');
  });

  it('speaks Chinese to a Chinese browser', async () => {
    await broadcastFor(LAUNCH);
    c.h.youtube!.setStreamStatus(streamName(), 'active');

    const panel = panelOf((await c.h.agent.get(`/meetings/${LAUNCH}/livestream`).set('Accept-Language', 'zh-CN').expect(200)).text)!;

    expect(panel).toContain('<h2 id="youtube-live-heading">YouTube 直播</h2>');
    expect(panel).toContain('>在 YouTube 上打开观看页面<span class="visually-hidden"> （在新标签页中打开）</span></a>');
    expect(panel).toContain('<dd class="youtube-state youtube-state-live">正在 YouTube 上直播</dd>');
    expect(panel).toContain('<dd class="youtube-stream youtube-stream-active">正在接收视频</dd>');
    expect(panel).toContain('<dd class="youtube-health youtube-health-good">良好</dd>');
  });

  it('YouTube no longer connected: the page still links the broadcast and says why there is no state', async () => {
    const broadcastId = await broadcastFor(LAUNCH);
    await c.h.deps.youtube!.grant.revoke(c.userId);

    const panel = panelOf((await c.h.agent.get(`/meetings/${LAUNCH}/livestream`).expect(200)).text)!;

    expect(panel).toContain('YouTube is not connected, so its state cannot be shown.');
    expect(panel).toContain(`href="${WATCH}${broadcastId}"`);
    expect(panel).not.toContain('youtube-status');
  });

  it('an event the app made no broadcast for: no panel, and not one call to YouTube', async () => {
    await broadcastFor(LAUNCH);
    c.h.youtube!.clearRequests();

    const page = await c.h.agent.get(`/meetings/${ALL_HANDS}/livestream`).expect(200);

    expect(page.text).toContain('<dl class="event-context"');
    expect(panelOf(page.text)).toBeUndefined();
    expect(apiCalls()).toEqual([]);
  });
});

describe('/streams', () => {
  it('a row whose event has the app\'s broadcast links its watch page; the others do not; YouTube is not asked', async () => {
    const broadcastId = await broadcastFor(LAUNCH);
    c.h.youtube!.clearRequests();

    const page = (await c.h.agent.get('/streams').expect(200)).text;

    expect(rowOf(page, LAUNCH)).toContain(`<a class="youtube-link" href="${WATCH}${broadcastId}" target="_blank" rel="noopener" aria-label="YouTube watch page of Product launch stream (opens in a new tab)">YouTube</a>`);
    const others = c.h.emulator.meetingsOf('pro').filter((meeting) => meeting.id !== LAUNCH && page.includes(`id="target-meeting-${meeting.id}"`));
    expect(others.length).toBeGreaterThan(0);
    for (const meeting of others) expect(rowOf(page, meeting.id)).not.toContain('youtube-link');
    expect(apiCalls()).toEqual([]);
  });
});
