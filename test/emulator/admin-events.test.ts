import request from 'supertest';
import { adminLogin, adminOf } from './admin-helpers';
import { useReceivers } from './webhook-receiver';

/** An account admin's token on other users' meetings and webinars: lists, live streams, the hosts' preconditions, limits. */
const PRO2_LIVE = '83456789001'; // the second Pro host's meeting, in progress
const PRO2_WAITING = '83456789002';
const BASIC_MEETING = '81234567001';
const LICENSED_MEETING = '82345678001';
const OTHER_ACCOUNT_MEETING = '89123456001';
const PRO_OWN_ACCOUNT_MEETING = '85746065001';
const STREAM = { stream_url: 'rtmp://admin.example/live', stream_key: 'admin-key', page_url: 'https://admin.example/p', resolution: '1080p' };

describe('GET /v2/users/{userId}/meetings and /webinars with an admin token', () => {
  it('lists a host of the account\'s upcoming meetings and webinars, as /users/me lists them', async () => {
    const { get, emulator } = await adminOf('admin');

    const meetings = await get(`/v2/users/${emulator.hosts.pro2.id}/meetings?type=upcoming`);
    const byEmail = await get('/v2/users/pro2.host@example.com/meetings?page_size=2');
    const live = await get(`/v2/users/${emulator.hosts.pro2.id}/meetings?type=live`);
    const webinars = await get(`/v2/users/${emulator.hosts.pro2.id}/webinars`);

    expect(meetings.status).toBe(200);
    expect(meetings.body).toMatchObject({ page_size: 30, total_records: 3, next_page_token: '' });
    expect(meetings.text).toContain('"id":83456789001');
    expect(meetings.body.meetings[0]).toMatchObject({ host_id: emulator.hosts.pro2.id, topic: 'Engineering town hall (live)' });
    expect(byEmail.body.meetings).toHaveLength(2);
    expect(byEmail.body.next_page_token).not.toBe('');
    expect(live.body.meetings.map((meeting: { topic: string }) => meeting.topic)).toEqual(['Engineering town hall (live)']);
    expect(webinars.body).toMatchObject({ total_records: 1, webinars: [expect.objectContaining({ topic: 'Community webinar' })] });
  });

  it('answers the listed user\'s missing webinar plan, 1001 for another account\'s user, 1001 to a member asking for a colleague', async () => {
    const { get, emulator, asUserApp } = await adminOf('admin');
    const member = await asUserApp('pro2');

    const basicWebinars = await get(`/v2/users/${emulator.hosts.basic.id}/webinars`);
    const otherAccount = await get(`/v2/users/${emulator.hosts.otherHost.id}/meetings`);
    const colleague = await member.get(`/v2/users/${emulator.hosts.basic.id}/meetings`);

    expect(basicWebinars.body).toMatchObject({ code: 200, message: expect.stringMatching(/^Webinar plan is missing/) });
    expect(otherAccount.status).toBe(404);
    expect(otherAccount.body).toEqual({ code: 1001, message: `User does not exist: ${emulator.hosts.otherHost.id}.` });
    expect(colleague.body).toEqual({ code: 1001, message: `User does not exist: ${emulator.hosts.basic.id}.` });
  });
});

describe('an admin token on the live streams of its account\'s meetings', () => {
  it('reads and changes a Pro host\'s meeting live stream, though the admin\'s own licence is Basic', async () => {
    const { get, patch, emulator } = await adminOf('admin');
    expect(emulator.hosts.admin.type).toBe(1);

    const before = await get(`/v2/meetings/${PRO2_WAITING}/livestream`);
    const changed = await patch(`/v2/meetings/${PRO2_WAITING}/livestream`, STREAM);
    const details = await get(`/v2/meetings/${PRO2_WAITING}`);

    expect(before.body).toMatchObject({ stream_url: 'rtmp://live.example.com/app', stream_key: `seed-key-${PRO2_WAITING}` });
    expect(changed.status).toBe(204);
    expect(emulator.livestreamOf(PRO2_WAITING)).toEqual(STREAM);
    expect(details.body).toMatchObject({ host_id: emulator.hosts.pro2.id, host_email: 'pro2.host@example.com' });
  });

  it('starts and stops the stream of a Pro host\'s meeting in progress', async () => {
    const { patch, emulator } = await adminOf('owner');

    const started = await patch(`/v2/meetings/${PRO2_LIVE}/livestream/status`, { action: 'start', settings: { display_name: 'Town hall' } });
    const live = emulator.liveStateOf(PRO2_LIVE);
    const stopped = await patch(`/v2/meetings/${PRO2_LIVE}/livestream/status`, { action: 'stop' });

    expect([started.status, stopped.status]).toEqual([204, 204]);
    expect(live).toMatchObject({ live: true });
    expect(emulator.liveStateOf(PRO2_LIVE)).toMatchObject({ live: false });
  });

  it('gets the host\'s refusals: 3161 for the Basic host\'s meeting, the custom service off for the Licensed host\'s', async () => {
    const { get, patch } = await adminOf('admin');

    const basic = await patch(`/v2/meetings/${BASIC_MEETING}/livestream`, STREAM);
    const basicRead = await get(`/v2/meetings/${BASIC_MEETING}/livestream`);
    const licensed = await patch(`/v2/meetings/${LICENSED_MEETING}/livestream`, STREAM);

    for (const res of [basic, basicRead]) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 3161, message: 'Meeting hosting and scheduling capabilities are not allowed for your user account.' });
    }
    expect(licensed.body).toEqual({ code: 200, message: 'Custom live streaming service is not enabled for this user.' });
  });

  it('answers 3001 for a meeting of another account, the Pro host\'s own account included', async () => {
    const { get, patch } = await adminOf('admin');

    const other = await patch(`/v2/meetings/${OTHER_ACCOUNT_MEETING}/livestream`, STREAM);
    const pro = await get(`/v2/meetings/${PRO_OWN_ACCOUNT_MEETING}/livestream`);

    expect(other.status).toBe(404);
    expect(other.body).toEqual({ code: 3001, message: `Meeting does not exist: ${OTHER_ACCOUNT_MEETING}.` });
    expect(pro.body).toEqual({ code: 3001, message: `Meeting does not exist: ${PRO_OWN_ACCOUNT_MEETING}.` });
  });

  it('reaches webinars of the account too, though the admin has no webinar plan: the host\'s plan counts', async () => {
    const { get, patch, emulator } = await adminOf('admin');

    const read = await get('/v2/webinars/84345678901/livestream');
    const changed = await patch('/v2/webinars/84345678901/livestream', STREAM);
    emulator.setCapabilities('pro2', { webinarPlan: false });
    const planGone = await get('/v2/webinars/84345678901/livestream');

    expect(read.body).toMatchObject({ stream_url: 'rtmp://live.example.com/app' });
    expect(changed.status).toBe(204);
    expect(planGone.body).toMatchObject({ code: 200, message: expect.stringMatching(/^Webinar plan is missing/) });
  });

  it('keeps a user-level token to its own meetings: the admin signed in through the user-managed app gets 3001', async () => {
    const { asUserApp } = await adminOf('admin');
    const userLevel = await asUserApp('admin');

    const res = await userLevel.patch(`/v2/meetings/${PRO2_WAITING}/livestream`, STREAM);

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 3001, message: `Meeting does not exist: ${PRO2_WAITING}.` });
  });

  it('takes granular admin scopes one call at a time, and names the admin scopes in 4711', async () => {
    const { get, patch } = await adminOf('admin', { adminApp: { scope: 'meeting:update:livestream:admin' } });

    const changed = await patch(`/v2/meetings/${PRO2_WAITING}/livestream`, STREAM);
    const read = await get(`/v2/meetings/${PRO2_WAITING}/livestream`);

    expect(changed.status).toBe(204);
    expect(read.body).toEqual({
      code: 4711,
      message: 'Invalid access token, does not contain scopes:[meeting:read:admin, meeting:write:admin, meeting:read:livestream:admin].',
    });
  });
});

describe('webhooks and limits of an admin\'s changes', () => {
  const { withReceiver } = useReceivers('admin-events-secret');

  it('meeting.updated comes with the host\'s account and the admin as operator', async () => {
    const { zoom, emulator } = await withReceiver();
    const token = (await adminLogin(emulator.app, 'admin')).access_token;

    await request(emulator.app).patch(`/v2/meetings/${PRO2_WAITING}/livestream`).set('Authorization', `Bearer ${token}`).send(STREAM).expect(204);
    await emulator.webhooksDelivered();

    expect(zoom.events()).toEqual(['meeting.updated']);
    expect(zoom.received[0].body.payload).toMatchObject({
      account_id: emulator.hosts.pro2.account_id, operator: 'admin@example.com', operator_id: emulator.hosts.admin.id,
      object: { settings: { live_stream: { stream_url: STREAM.stream_url } } },
    });
  });

  it('counts list calls as MEDIUM against the account, shared with its hosts', async () => {
    let clock = Date.UTC(2026, 4, 1, 12, 0, 0, 250);
    const { get, asUserApp, emulator } = await adminOf('admin', { now: () => clock, recordRequests: true, rateLimits: { mediumPerSecond: 2 } });
    const host = await asUserApp('pro2');

    const users = await get('/v2/users');
    const hostList = await host.get('/v2/users/me/meetings');
    const over = await get(`/v2/users/${emulator.hosts.pro2.id}/meetings`);
    clock += 1000;
    const nextSecond = await get(`/v2/users/${emulator.hosts.pro2.id}/meetings`);

    expect([users.status, hostList.status, over.status, nextSecond.status]).toEqual([200, 200, 429, 200]);
    expect(over.headers).toMatchObject({ 'x-ratelimit-category': 'Medium', 'x-ratelimit-type': 'QPS' });
    expect(emulator.servedPerSecond('admin', 'Medium')).toEqual([
      { second: Math.floor(clock / 1000) - 1, served: 2, limited: 1 }, { second: Math.floor(clock / 1000), served: 1, limited: 0 },
    ]);
  });

  it('spends each host\'s daily live stream updates, not the admin\'s', async () => {
    const { patch } = await adminOf('admin', { rateLimits: { dailyLivestreamUpdates: 1 } });

    const first = await patch(`/v2/meetings/${PRO2_WAITING}/livestream`, STREAM);
    const sameHost = await patch('/v2/webinars/84345678901/livestream', STREAM);
    const otherHost = await patch(`/v2/meetings/${BASIC_MEETING}/livestream`, STREAM);

    expect(first.status).toBe(204);
    // The webinar's host is the same Pro host: its one update of the day is spent.
    expect(sameHost.status).toBe(429);
    expect(sameHost.headers['x-ratelimit-type']).toBe('Daily-limit');
    // The Basic host's day is untouched: the call goes through to the host's own refusal.
    expect(otherHost.body).toMatchObject({ code: 3161 });
  });
});
