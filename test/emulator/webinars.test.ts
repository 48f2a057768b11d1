import { parse, type LosslessNumber } from 'lossless-json';
import { signedInAs } from './helpers';

/** Webinars: list, details and live stream settings, with the webinar plan and scope preconditions. */
const LIVE = '84129876501';
const BIG_ID = '93456789012345677';
const RECURRING = '84129876502';
const UNCONFIGURED = '84129876503';
const PLAN_MISSING = {
  code: 200,
  message: 'Webinar plan is missing. You must subscribe to the webinar plan and enable webinars for this user in order to perform this action.',
};
const STREAMING_OFF = { code: 200, message: 'The current user has not enabled the custom live streaming feature of the webinar.' };
const NEW_SETTINGS = {
  stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'abcd-efgh', page_url: 'https://youtube.com/live/xyz', resolution: '1080p',
};

describe('GET /v2/users/me/webinars', () => {
  it('lists the Pro host\'s upcoming webinars by start time, ids as raw JSON integers even above 2^53', async () => {
    const { get } = await signedInAs('pro');

    const res = await get('/v2/users/me/webinars?type=upcoming&page_size=30');

    expect(res.status).toBe(200);
    expect(res.text).toContain(`"id":${BIG_ID}`);
    const exact = parse(res.text) as { webinars: Array<{ id: LosslessNumber }> };
    expect(exact.webinars.map((webinar) => webinar.id.toString())).toEqual([LIVE, BIG_ID, RECURRING, UNCONFIGURED]);
    expect(res.body).toMatchObject({ page_size: 30, total_records: 4, next_page_token: '' });
    expect(res.body.webinars[0]).toEqual(expect.objectContaining({
      topic: 'Partner webinar (live now)', type: 5, duration: 60, timezone: 'Europe/London', uuid: expect.any(String),
    }));
    expect(res.body.webinars.map((webinar: { type: number }) => webinar.type)).toEqual([5, 5, 9, 5]);
  });

  it('pages like the meetings list, and refuses a meetings page token', async () => {
    const { get } = await signedInAs('pro');

    const first = await get('/v2/users/me/webinars?page_size=3');
    const second = await get(`/v2/users/me/webinars?page_size=3&next_page_token=${first.body.next_page_token}`);
    const meetingsToken = (await get('/v2/users/me/meetings?page_size=1')).body.next_page_token;
    const crossed = await get(`/v2/users/me/webinars?page_size=3&next_page_token=${meetingsToken}`);

    expect(first.body.webinars).toHaveLength(3);
    expect(first.body.next_page_token).not.toBe('');
    expect(second.body.webinars).toHaveLength(1);
    expect(second.body).toMatchObject({ total_records: 4, next_page_token: '' });
    expect(crossed.body).toEqual({ code: 300, message: 'Invalid next_page_token.' });
  });

  it.each(['basic', 'licensed'] as const)('answers 400 code 200 "plan missing" to the %s host', async (host) => {
    const { get } = await signedInAs(host);

    const res = await get('/v2/users/me/webinars');

    expect(res.status).toBe(400);
    expect(res.body).toEqual(PLAN_MISSING);
  });

  it('answers 4711 without a webinar read scope, and accepts webinar:read:list_webinars', async () => {
    const narrow = await signedInAs('pro', { grantedScope: 'meeting:read meeting:write user:read' });
    const granular = await signedInAs('pro', { grantedScope: 'webinar:read:list_webinars' });

    const refused = await narrow.get('/v2/users/me/webinars');
    const allowed = await granular.get('/v2/users/me/webinars');

    expect(refused.body).toEqual({
      code: 4711, message: 'Invalid access token, does not contain scopes:[webinar:read, webinar:write, webinar:read:list_webinars].',
    });
    expect(allowed.status).toBe(200);
  });
});

describe('GET /v2/webinars/:webinarId', () => {
  it('returns the webinar with its id above 2^53 exact', async () => {
    const { get, emulator } = await signedInAs('pro');

    const res = await get(`/v2/webinars/${BIG_ID}`);

    expect(res.status).toBe(200);
    expect(res.text).toContain(`"id":${BIG_ID}`);
    expect(res.body).toMatchObject({ topic: 'Spring release webinar', type: 5, host_id: emulator.hosts.pro.id, duration: 90 });
  });

  it('describes the recurring webinar as type 9 with occurrences', async () => {
    const { get } = await signedInAs('pro');

    const res = await get(`/v2/webinars/${RECURRING}`);

    expect(res.body.type).toBe(9);
    expect(res.body.occurrences[0].start_time).toBe(res.body.start_time);
  });

  it('answers 404 code 3001 "Webinar does not exist" for an unknown id, 300 for an invalid one', async () => {
    const { get } = await signedInAs('pro');

    const unknown = await get('/v2/webinars/12345');
    const invalid = await get('/v2/webinars/12ab');

    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 3001, message: 'Webinar does not exist: 12345.' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ code: 300, message: 'Invalid webinar id.' });
  });

  it('answers "plan missing" to a host without the plan, even for a webinar id that exists', async () => {
    const { get } = await signedInAs('licensed');

    expect((await get(`/v2/webinars/${BIG_ID}`)).body).toEqual(PLAN_MISSING);
  });
});

describe('GET and PATCH /v2/webinars/:webinarId/livestream', () => {
  it('reads the seeded settings, and an unconfigured webinar as empty strings', async () => {
    const { get } = await signedInAs('pro');

    const seeded = await get(`/v2/webinars/${BIG_ID}/livestream`);
    const empty = await get(`/v2/webinars/${UNCONFIGURED}/livestream`);

    expect(seeded.body).toEqual({
      stream_url: 'rtmp://live.example.com/app', stream_key: `seed-key-${BIG_ID}`,
      page_url: `https://example.com/live/${BIG_ID}`, resolution: '720p',
    });
    expect(empty.body).toEqual({ stream_url: '', stream_key: '', page_url: '', resolution: '' });
  });

  it('PATCH stores the settings (204) for the webinar, not for a meeting of the same id', async () => {
    const { get, patch, emulator } = await signedInAs('pro');

    const res = await patch(`/v2/webinars/${UNCONFIGURED}/livestream`, NEW_SETTINGS);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(emulator.livestreamOf(UNCONFIGURED, 'webinar')).toEqual(NEW_SETTINGS);
    expect(emulator.livestreamOf(UNCONFIGURED)).toBeUndefined();
    expect((await get(`/v2/webinars/${UNCONFIGURED}/livestream`)).body).toEqual(NEW_SETTINGS);
  });

  it('validates the body as the meetings route does', async () => {
    const { patch } = await signedInAs('pro');

    const res = await patch(`/v2/webinars/${BIG_ID}/livestream`, { stream_url: 'rtmp://x', page_url: 'not a uri' });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 300, message: 'Validation Failed.' });
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['page_url', 'stream_key']);
  });

  it('answers code 200 "not enabled the custom live streaming feature" once the host turns webinar live streaming off', async () => {
    const { get, patch, emulator } = await signedInAs('pro');
    emulator.setCapabilities('pro', { webinarLiveStreaming: false });

    const read = await get(`/v2/webinars/${BIG_ID}/livestream`);
    const write = await patch(`/v2/webinars/${BIG_ID}/livestream`, NEW_SETTINGS);
    const details = await get(`/v2/webinars/${BIG_ID}`);

    expect(read.status).toBe(400);
    expect(read.body).toEqual(STREAMING_OFF);
    expect(write.body).toEqual(STREAMING_OFF);
    expect(details.status).toBe(200);
  });

  it('answers "plan missing" to the Basic host on every live stream call', async () => {
    const { get, patch } = await signedInAs('basic');

    const replies = [
      await get(`/v2/webinars/${BIG_ID}/livestream`),
      await patch(`/v2/webinars/${BIG_ID}/livestream`, NEW_SETTINGS),
      await patch(`/v2/webinars/${LIVE}/livestream/status`, { action: 'start' }),
    ];

    for (const res of replies) expect(res.body).toEqual(PLAN_MISSING);
  });

  it('checks scopes: webinar:update:livestream for PATCH, webinar:read:livestream for GET', async () => {
    const readOnly = await signedInAs('pro', { grantedScope: 'webinar:read:livestream' });

    const read = await readOnly.get(`/v2/webinars/${BIG_ID}/livestream`);
    const write = await readOnly.patch(`/v2/webinars/${BIG_ID}/livestream`, NEW_SETTINGS);

    expect(read.status).toBe(200);
    expect(write.body).toEqual({
      code: 4711, message: 'Invalid access token, does not contain scopes:[webinar:write, webinar:update:livestream].',
    });
  });
});
