import request from 'supertest';
import { csrfFrom, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';
import { sendEvent, type TestEvent } from '../helpers/zoom-events';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances';
import { zoomTokenOf } from '../helpers/zoom-token';
import { describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';

/**
 * Zoom's events and the read cache, through the real app and the real emulator: signed deliveries on the
 * webhook, the live state they leave, and the host's readings they clear. The cache is on (60 s).
 */
const CACHE_ON = { ZOOM_CACHE_SECONDS: '60' };
/** Above 2^53: JSON.parse would round it; the app must keep every digit. */
const BIG_ID = '90071992547409931';

const listCalls = (h: Harness, kind = 'meetings') => h.emulator.requestsTo('GET', `/v2/users/me/${kind}`).length;
const settingsReads = (h: Harness, id: string) => h.emulator.requestsTo('GET', `/v2/meetings/${id}/livestream`).length;

describe('Zoom events and the read cache (one instance)', () => {
  let h: Harness;
  let hook: Awaited<ReturnType<typeof listenOnLoopback>>;
  let proId: string;
  const send = (event: Omit<TestEvent, 'hostId'> & { hostId?: string }, delivery = {}) => sendEvent(`${hook.base}/webhooks/zoom`, { hostId: proId, ...event }, delivery);

  beforeAll(async () => {
    h = await startHarness({ env: CACHE_ON });
    hook = await listenOnLoopback(h.app);
    proId = h.emulator.hosts.pro.id;
    await loginAs(h, 'pro');
  });
  afterAll(async () => {
    await hook.close();
    await h.close();
  });

  it('ten views of the home page make one list call of each kind, and the page offers Refresh', async () => {
    await request(hook.base).get('/').expect(200); // anonymous: no reading, no call
    await h.deps.cache.forgetHost(proId);
    const before = { meetings: listCalls(h), webinars: listCalls(h, 'webinars') };
    let page = '';
    for (let i = 0; i < 10; i += 1) page = (await h.agent.get('/').expect(200)).text;
    expect(listCalls(h) - before.meetings).toBe(1);
    expect(listCalls(h, 'webinars') - before.webinars).toBe(1);
    expect(page).toContain('<form method="post" action="/refresh" class="refresh">');
    // A reading seconds old is not dated.
    expect(page).not.toContain('class="as-of"');
  });

  it('Refresh reads Zoom again at once and comes back to the page', async () => {
    const meetingId = h.emulator.meetingsOf('pro')[0].id;
    const page = await h.agent.get(`/meetings/${meetingId}/livestream`).expect(200);
    const before = settingsReads(h, meetingId);
    const back = await h.agent.post('/refresh').type('form').send({ _csrf: csrfFrom(page.text), back: `/meetings/${meetingId}/livestream` }).expect(303);
    expect(back.headers.location).toBe(`/meetings/${meetingId}/livestream`);
    await h.agent.get(`/meetings/${meetingId}/livestream`).expect(200);
    expect(settingsReads(h, meetingId) - before).toBe(1);
    // Only a path of this site: anything else goes home.
    const outside = await h.agent.post('/refresh').type('form').send({ _csrf: csrfFrom(page.text), back: '//evil.example/x' }).expect(303);
    expect(outside.headers.location).toBe('/');
  });

  it('a save through the app shows its values on the next view, without waiting for the cache', async () => {
    const meetingId = h.emulator.meetingsOf('pro')[1].id;
    await h.agent.get(`/meetings/${meetingId}/livestream`).expect(200);
    await submitLivestream(h.agent, meetingId, { stream_url: 'rtmp://saved-now.example/live', stream_key: 'saved-now-key', page_url: 'https://saved-now.example/watch' }, 303);
    const after = await h.agent.get(`/meetings/${meetingId}/livestream`).expect(200);
    expect(after.text).toContain('rtmp://saved-now.example/live');
  });

  it('a change made elsewhere in Zoom shows after its meeting.updated event, not before', async () => {
    const meetingId = h.emulator.meetingsOf('pro')[2].id;
    await submitLivestream(h.agent, meetingId, { stream_url: 'rtmp://first.example/live', stream_key: 'first-key', page_url: 'https://first.example/watch' }, 303);
    await h.agent.get(`/meetings/${meetingId}/livestream`).expect(200);
    // The host changes it in Zoom's own web portal: the app hears nothing yet and shows what it read.
    const token = await zoomTokenOf(h.emulator, 'pro');
    const patched = await fetch(`${h.emulator.url}/v2/meetings/${meetingId}/livestream`, {
      method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stream_url: 'rtmp://portal.example/live', stream_key: 'portal-key', page_url: 'https://portal.example/watch' }),
    });
    expect(patched.status).toBe(204);
    expect((await h.agent.get(`/meetings/${meetingId}/livestream`).expect(200)).text).toContain('rtmp://first.example/live');
    const delivered = await send({ name: 'meeting.updated', id: meetingId });
    expect(delivered.status).toBe(200);
    expect((await h.agent.get(`/meetings/${meetingId}/livestream`).expect(200)).text).toContain('rtmp://portal.example/live');
  });

  it.each([
    ['meeting.created', 'meeting', undefined],
    ['meeting.updated', 'meeting', undefined],
    ['meeting.started', 'meeting', 'started'],
    ['meeting.live_streaming_started', 'meeting', 'live'],
    ['meeting.live_streaming_stopped', 'meeting', 'started'],
    ['meeting.ended', 'meeting', 'ended'],
    ['meeting.deleted', 'meeting', 'ended'],
    ['webinar.created', 'webinar', undefined],
    ['webinar.updated', 'webinar', undefined],
    ['webinar.started', 'webinar', 'started'],
    ['webinar.ended', 'webinar', 'ended'],
    ['webinar.deleted', 'webinar', 'ended'],
  ] as const)('%s clears the host\'s readings and leaves the live state %s', async (name, kind, state) => {
    const id = String(80_000_000_000 + Math.floor(Math.random() * 1e9));
    await h.agent.get('/').expect(200);
    const before = listCalls(h);
    await h.agent.get('/').expect(200);
    expect(listCalls(h)).toBe(before);
    const at = Date.now();
    const res = await send({ name, id, eventTs: at, ...(name.includes('live_streaming_started') ? { liveSince: new Date(at - 5000).toISOString() } : {}) });
    expect(res.status).toBe(200);
    await h.agent.get('/').expect(200);
    expect(listCalls(h)).toBe(before + 1);
    const kept = await h.deps.live.ofEvent(kind, id, proId);
    expect(kept?.state).toBe(state);
    if (state === 'live') expect(kept?.liveSince).toBe(at - 5000);
  });

  it('keeps an ID above 2^53 whole, written as a number or as a string', async () => {
    for (const idAs of ['number', 'string'] as const) {
      const res = await send({ name: 'meeting.started', id: BIG_ID, idAs, eventTs: Date.now() + (idAs === 'string' ? 1 : 0) });
      expect(res.status).toBe(200);
      expect((await h.deps.live.ofEvent('meeting', BIG_ID, proId))?.state).toBe('started');
      expect(await h.deps.live.ofEvent('meeting', '90071992547409930', proId)).toBeUndefined();
      expect(await h.deps.live.ofEvent('meeting', '90071992547409932', proId)).toBeUndefined();
    }
  });

  it('ignores a replayed delivery, and an event older than what is known', async () => {
    const id = '81111111111';
    const at = Date.now();
    expect((await send({ name: 'meeting.live_streaming_started', id, eventTs: at, liveSince: new Date(at).toISOString() })).status).toBe(200);
    const replay = await send({ name: 'meeting.live_streaming_started', id, eventTs: at, liveSince: new Date(at).toISOString() });
    expect(await replay.json()).toEqual({ status: 'duplicate' });
    // Zoom's late retry of an earlier meeting.started does not undo "live".
    expect((await send({ name: 'meeting.started', id, eventTs: at - 60_000 })).status).toBe(200);
    expect((await h.deps.live.ofEvent('meeting', id, proId))?.state).toBe('live');
  });

  it('refuses an unsigned event and never logs the stream key an event carries', async () => {
    const unsigned = await fetch(`${hook.base}/webhooks/zoom`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"meeting.started"}' });
    expect(unsigned.status).toBe(401);
    await send({ name: 'meeting.live_streaming_started', id: '82222222222', liveSince: new Date().toISOString(), streamKey: 'secret-event-key-123' });
    expect(h.logs.join('\n')).not.toContain('secret-event-key-123');
    expect(h.logs.join('\n')).toContain('"zoomEvent":"meeting.live_streaming_started"');
  });
});

describe('live state on the pages', () => {
  let h: Harness;
  let hook: Awaited<ReturnType<typeof listenOnLoopback>>;

  beforeAll(async () => {
    h = await startHarness({ env: CACHE_ON });
    hook = await listenOnLoopback(h.app);
    await loginAs(h, 'pro');
  });
  afterAll(async () => {
    await hook.close();
    await h.close();
  });

  it('a start through the app says "Live since"; Zoom\'s live_streaming_stopped makes it "In progress, not streaming"; meeting.ended "Not started"', async () => {
    const id = BIG_ID;
    const page = await h.agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(page.text).toMatch(/<dd class="event-status">In progress, not streaming<\/dd>/);
    await h.agent.post(`/meetings/${id}/livestream/status`).type('form')
      .send({ _csrf: csrfFrom(page.text), action: 'start', display_name: 'Town hall' }).expect(303);
    const live = await h.agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(live.text).toMatch(/<dd class="event-status">Live since \d\d:\d\d<\/dd>/);
    expect(live.text).toContain('value="stop"');
    expect(live.text).not.toContain('value="start"');
    const overview = await h.agent.get('/streams').expect(200);
    expect(overview.text).toMatch(new RegExp(`${id}</td>[\\s\\S]*?<td class="state state-live"><strong>Live since <time`));

    const hostId = h.emulator.hosts.pro.id;
    await sendEvent(`${hook.base}/webhooks/zoom`, { name: 'meeting.live_streaming_stopped', id, hostId, liveSince: new Date().toISOString() });
    const stopped = await h.agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(stopped.text).toMatch(/<dd class="event-status">In progress, not streaming<\/dd>/);
    expect(stopped.text).toContain('value="start"');

    // The meeting ends in Zoom (this emulator has no webhook target: the test delivers the event itself).
    await h.emulator.endEvent('meeting', id);
    await sendEvent(`${hook.base}/webhooks/zoom`, { name: 'meeting.ended', id, hostId, idAs: 'string', eventTs: Date.now() + 1 });
    const ended = await h.agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(ended.text).toMatch(/<dd class="event-status">Not started<\/dd>/);
    expect(ended.text).not.toContain('value="start"');
    expect(ended.text).toContain('class="waiting"');
  });
});

describeWithRedis('Zoom events and the read cache across two instances on Redis', () => {
  const prefix = uniquePrefix('events-cache');
  let two: TwoInstances;

  beforeAll(async () => {
    two = await startTwoInstances(prefix, CACHE_ON);
  });
  afterAll(() => two.close());

  it('a reading made on A serves B, and an event received by A clears it for B', async () => {
    const { h, a, b } = two;
    const onA = request.agent(a.base);
    const onB = request.agent(b.base);
    onB.jar = onA.jar;
    await loginAs(h, 'pro', onA);
    const before = listCalls(h);
    await onA.get('/').expect(200);
    await onB.get('/').expect(200);
    expect(listCalls(h)).toBe(before + 1);
    const res = await sendEvent(`${a.base}/webhooks/zoom`, { name: 'meeting.created', id: '83333333333', hostId: h.emulator.hosts.pro.id });
    expect(res.status).toBe(200);
    await onB.get('/').expect(200);
    expect(listCalls(h)).toBe(before + 2);
  });
});
