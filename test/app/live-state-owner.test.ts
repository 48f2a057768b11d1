import request from 'supertest';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';
import { sendEvent } from '../helpers/zoom-events';

/**
 * Issue 22, item 14: a meeting's live state is shown only to its own host, and only once Zoom has just said
 * the meeting is theirs. The Licensed host (another account) opening the Pro host's live meeting gets Zoom's
 * 404 and not a word of its state; a live state row recorded for someone else is not shown on a host's page.
 */
let h: Harness;
let hook: Awaited<ReturnType<typeof listenOnLoopback>>;
/** The Pro host's meeting in progress (above 2^53). */
const PRO_MEETING = '90071992547409931';

beforeAll(async () => {
  h = await startHarness();
  hook = await listenOnLoopback(h.app);
});
afterAll(async () => {
  await hook.close();
  await h.close();
});

async function connected(host: 'pro' | 'licensed') {
  const agent = request.agent(h.app);
  await loginAs(h, host, agent);
  return agent;
}

/** meeting.live_streaming_started as Zoom signs it, for `hostId`. */
async function liveFor(meetingId: string, hostId: string): Promise<void> {
  const at = Date.now();
  const res = await sendEvent(`${hook.base}/webhooks/zoom`, { name: 'meeting.live_streaming_started', id: meetingId, hostId, eventTs: at, liveSince: new Date(at - 60_000).toISOString() });
  expect(res.status).toBe(200);
}

describe('whose live state a page shows', () => {
  it("another account's host opening the Pro host's live meeting gets Zoom's 404 and no live state", async () => {
    await liveFor(PRO_MEETING, h.emulator.hosts.pro.id);
    const pro = await connected('pro');
    expect((await pro.get(`/meetings/${PRO_MEETING}/livestream`).expect(200)).text).toContain('Live since');

    const licensed = await connected('licensed');
    const page = await licensed.get(`/meetings/${PRO_MEETING}/livestream`);

    expect(page.status).toBe(404);
    expect(page.text).not.toContain('Live since');
    expect(page.text).not.toContain('In progress, not streaming');
  });

  it("a live state row recorded for another host is not shown on the meeting's own host's page", async () => {
    const meetingId = h.emulator.meetingsOf('pro')[0].id;
    await liveFor(meetingId, h.emulator.hosts.licensed.id);
    const pro = await connected('pro');

    const page = await pro.get(`/meetings/${meetingId}/livestream`).expect(200);

    expect(page.text).not.toContain('Live since');
    expect(await h.deps.live.ofEvent('meeting', meetingId, h.emulator.hosts.pro.id)).toBeUndefined();
    expect(await h.deps.live.ofEvent('meeting', meetingId, h.emulator.hosts.licensed.id)).toMatchObject({ state: 'live' });
  });

  it("/streams shows only the host's own live states", async () => {
    const meetingId = h.emulator.meetingsOf('pro')[1].id;
    await liveFor(meetingId, h.emulator.hosts.licensed.id);
    const pro = await connected('pro');

    const page = await pro.get('/streams').expect(200);

    const row = page.text.split('<tr').find((part) => part.includes(meetingId)) ?? '';
    expect(row).not.toBe('');
    expect(row).not.toContain('Live since');
  });
});
