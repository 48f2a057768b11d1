import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { authorizeQuery, signedInAs } from './helpers';

/** The third host (Licensed, no webinar plan, streaming off), each host's settings, and the sandbox's paging seed. */
const NEW_SETTINGS = { stream_url: 'rtmp://x.example/live', stream_key: 'k', page_url: 'https://x.example/p' };
const CUSTOM_SERVICE_OFF = { code: 200, message: 'Custom live streaming service is not enabled for this user.' };

describe('the Licensed host', () => {
  it('is listed third on the consent page, after Pro and Basic, with its label', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).get('/oauth/authorize').query(authorizeQuery());

    const order = ['host-pro', 'host-basic', 'host-licensed'].map((id) => res.text.indexOf(`id="${id}"`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(res.text).toContain('<input type="radio" id="host-licensed" name="host" value="licensed">');
    expect(res.text).toContain('Lena Licensed (licensed.host@example.com) — Licensed host, no webinar plan, streaming off');
    expect(res.text).toContain('Priya Pro (pro.host@example.com) — Pro');
    expect(res.text).toContain('Basil Basic (basic.host@example.com) — Basic');
  });

  it('is a Licensed user (type 2) with upcoming meetings of its own', async () => {
    const { get, emulator } = await signedInAs('licensed');

    const me = await get('/v2/users/me');
    const meetings = await get('/v2/users/me/meetings');

    expect(me.body).toMatchObject({ id: emulator.hosts.licensed.id, type: 2, email: 'licensed.host@example.com' });
    expect(meetings.body.total_records).toBe(2);
    expect(emulator.meetingsOf('licensed').map((meeting) => meeting.id)).toEqual(['82345678001', '82345678002']);
  });

  it('reads its meeting live stream, but a PATCH answers 400 code 200 (custom service off) and stores nothing', async () => {
    const { get, patch, emulator } = await signedInAs('licensed');

    const read = await get('/v2/meetings/82345678001/livestream');
    const write = await patch('/v2/meetings/82345678001/livestream', NEW_SETTINGS);
    const status = await patch('/v2/meetings/82345678001/livestream/status', { action: 'start' });

    expect(read.status).toBe(200);
    expect(write.status).toBe(400);
    expect(write.body).toEqual(CUSTOM_SERVICE_OFF);
    expect(status.body).toEqual(CUSTOM_SERVICE_OFF);
    expect(emulator.livestreamOf('82345678001')).toBeUndefined();
  });

  it('can be given the custom service by a test, and then its PATCH succeeds', async () => {
    const { patch, emulator } = await signedInAs('licensed');
    emulator.setCapabilities('licensed', { customLiveStreamingService: true });

    expect((await patch('/v2/meetings/82345678001/livestream', NEW_SETTINGS)).status).toBe(204);
  });
});

describe('GET /v2/users/me/settings', () => {
  it.each([
    ['pro', true, true, true, true],
    ['basic', false, false, false, false],
    ['licensed', true, false, false, false],
  ] as const)('describes the %s host: live streaming %s, custom service %s, webinar %s', async (host, allow, custom, webinar, webinarStream) => {
    const { get } = await signedInAs(host);

    const res = await get('/v2/users/me/settings');

    expect(res.status).toBe(200);
    expect(res.body.in_meeting).toMatchObject({
      allow_live_streaming: allow, custom_live_streaming_service: custom, custom_service_instructions: expect.any(String),
      webinar_live_streaming: { enable: webinarStream, live_streaming_service: webinarStream ? ['custom_live_streaming_service'] : [] },
    });
    expect(res.body.feature.webinar).toBe(webinar);
  });

  it('follows setCapabilities', async () => {
    const { get, emulator } = await signedInAs('pro');
    emulator.setCapabilities('pro', { allowLiveStreaming: false });

    expect((await get('/v2/users/me/settings')).body.in_meeting.allow_live_streaming).toBe(false);
  });

  it('needs user:read or user:read:settings', async () => {
    const narrow = await signedInAs('pro', { grantedScope: 'meeting:read' });
    const granular = await signedInAs('pro', { grantedScope: 'user:read:settings' });

    const refused = await narrow.get('/v2/users/me/settings');

    expect(refused.body).toEqual({
      code: 4711, message: 'Invalid access token, does not contain scopes:[user:read, user:write, user:read:settings].',
    });
    expect((await granular.get('/v2/users/me/settings')).status).toBe(200);
  });
});

describe('seed for the sandbox', () => {
  it('grants webinar scopes by default', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).get('/oauth/authorize').query(authorizeQuery());

    expect(res.text).toContain('meeting:read meeting:write user:read webinar:read webinar:write');
  });

  it('gives the Pro host 44 upcoming meetings with extraMeetings: 40, paged 30 + 14 with total_records', async () => {
    const { get } = await signedInAs('pro', { extraMeetings: 40 });

    const first = await get('/v2/users/me/meetings?type=upcoming&page_size=30');
    const second = await get(`/v2/users/me/meetings?type=upcoming&page_size=30&next_page_token=${first.body.next_page_token}`);

    expect(first.body).toMatchObject({ total_records: 44, page_size: 30 });
    expect(first.body.meetings).toHaveLength(30);
    expect(second.body.meetings).toHaveLength(14);
    expect(second.body).toMatchObject({ total_records: 44, next_page_token: '' });
  });

  it('answers 400 code 300 to a page token 15 minutes old', async () => {
    let clock = Date.parse('2026-11-23T10:00:00Z');
    const { get } = await signedInAs('pro', { now: () => clock, extraMeetings: 40 });
    const token = (await get('/v2/users/me/webinars?page_size=2')).body.next_page_token;

    clock += 15 * 60_000;
    const res = await get(`/v2/users/me/webinars?page_size=2&next_page_token=${token}`);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 300, message: 'Invalid next_page_token.' });
  });
});
