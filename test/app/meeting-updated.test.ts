import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances';
import { zoomTokenOf } from '../helpers/zoom-token';
import { describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';

/**
 * Issue 22, item 17: Zoom's meeting.updated carries no object.host_id (only the account, the operator and
 * what changed), so a change made in Zoom's own portal must still clear the cached readings of the hosts
 * of that account: the next page view reads Zoom again and shows the new stream URL, not the old one for
 * the cache's whole TTL. The cache is on for a minute, so only the event can explain a fresh read.
 */
const CACHE_ON = { ZOOM_CACHE_SECONDS: '60' };

/** meeting.updated as Zoom (and the emulator, webhooks/events.ts) writes it: no host_id anywhere. */
function updatedWithoutHost(meetingId: string, accountId: string, streamUrl: string): string {
  const object = (url: string) => `{"id":${meetingId},"uuid":"u-${meetingId}","settings":{"live_stream":{"stream_url":${JSON.stringify(url)}}}}`;
  return `{"event":"meeting.updated","event_ts":${Date.now()},"payload":{"account_id":${JSON.stringify(accountId)},`
    + `"operator":"someone@example.com","operator_id":"oPeRaToR0000000000000009","object":${object(streamUrl)},"old_object":${object('rtmp://old')}}}`;
}

/** The host changes the stream in Zoom's web portal: straight to Zoom, the app is not told. */
async function changeInPortal(h: Harness, meetingId: string, streamUrl: string): Promise<void> {
  const token = await zoomTokenOf(h.emulator, 'pro');
  const res = await fetch(`${h.emulator.url}/v2/meetings/${meetingId}/livestream`, {
    method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ stream_url: streamUrl, stream_key: 'portal-key', page_url: 'https://portal.example/watch' }),
  });
  expect(res.status).toBe(204);
}

const settingsReads = (h: Harness, id: string) => h.emulator.requestsTo('GET', `/v2/meetings/${id}/livestream`).length;
const listCalls = (h: Harness) => h.emulator.requestsTo('GET', '/v2/users/me/meetings').length;

async function signedIn(h: Harness, host: 'pro' | 'licensed', app: Parameters<typeof request.agent>[0] = h.app): Promise<TestAgent> {
  const agent = request.agent(app);
  await loginAs(h, host, agent);
  return agent;
}

describe('meeting.updated without host_id (one instance, cache in memory)', () => {
  let h: Harness;
  let hook: Awaited<ReturnType<typeof listenOnLoopback>>;

  beforeAll(async () => {
    h = await startHarness({ env: CACHE_ON });
    hook = await listenOnLoopback(h.app);
  });
  afterAll(async () => {
    await hook.close();
    await h.close();
  });

  it("clears the readings of the account's hosts: the next view reads Zoom again and shows the portal's URL", async () => {
    const pro = await signedIn(h, 'pro');
    const licensed = await signedIn(h, 'licensed');
    const meetingId = h.emulator.meetingsOf('pro')[0].id;
    await pro.get(`/meetings/${meetingId}/livestream`).expect(200);
    await licensed.get('/').expect(200);
    await changeInPortal(h, meetingId, 'rtmp://portal.example/live');
    const cached = await pro.get(`/meetings/${meetingId}/livestream`).expect(200);
    expect(cached.text).not.toContain('rtmp://portal.example/live');
    const reads = settingsReads(h, meetingId);
    const lists = listCalls(h);

    const body = updatedWithoutHost(meetingId, h.emulator.hosts.pro.account_id, 'rtmp://portal.example/live');
    const res = await sendZoomWebhook(`${hook.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: body });
    expect(res.status).toBe(200);

    const after = await pro.get(`/meetings/${meetingId}/livestream`).expect(200);
    expect(settingsReads(h, meetingId)).toBe(reads + 1);
    expect(after.text).toContain('rtmp://portal.example/live');
    // The Licensed host is on another account: what was read for them is still served.
    await licensed.get('/').expect(200);
    expect(listCalls(h)).toBe(lists);
  });
});

describeWithRedis('meeting.updated without host_id (two instances, cache in Redis)', () => {
  const prefix = uniquePrefix('meeting-updated');
  let two: TwoInstances;

  beforeAll(async () => {
    two = await startTwoInstances(prefix, CACHE_ON);
  });
  afterAll(() => two.close());

  it('an event received by A clears what B read for the host', async () => {
    const { h, a, b } = two;
    const onB = await signedIn(h, 'pro', b.base);
    const meetingId = h.emulator.meetingsOf('pro')[1].id;
    await onB.get(`/meetings/${meetingId}/livestream`).expect(200);
    await changeInPortal(h, meetingId, 'rtmp://portal-two.example/live');
    const reads = settingsReads(h, meetingId);
    expect((await onB.get(`/meetings/${meetingId}/livestream`).expect(200)).text).not.toContain('rtmp://portal-two.example/live');
    expect(settingsReads(h, meetingId)).toBe(reads);

    const body = updatedWithoutHost(meetingId, h.emulator.hosts.pro.account_id, 'rtmp://portal-two.example/live');
    expect((await sendZoomWebhook(`${a.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: body })).status).toBe(200);

    const after = await onB.get(`/meetings/${meetingId}/livestream`).expect(200);
    expect(settingsReads(h, meetingId)).toBe(reads + 1);
    expect(after.text).toContain('rtmp://portal-two.example/live');
  });
});
