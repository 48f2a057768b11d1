import { signedInAs } from './helpers';

/** PATCH /v2/webinars/:webinarId/livestream/status: start/stop only, on a started webinar with a stream set up. */
const LIVE = '84129876501';
const BIG_ID = '93456789012345677';
const UNCONFIGURED = '84129876503';
const start = { action: 'start', settings: { active_speaker_name: true, display_name: 'Partner day' } };
const statusOf = (id: string) => `/v2/webinars/${id}/livestream/status`;

describe('PATCH /v2/webinars/:webinarId/livestream/status', () => {
  it('starts and stops the stream of the started webinar', async () => {
    const { emulator, patch } = await signedInAs('pro');

    const started = await patch(statusOf(LIVE), start);
    const whileLive = emulator.liveStateOf(LIVE, 'webinar');
    const stopped = await patch(statusOf(LIVE), { action: 'stop' });

    expect(started.status).toBe(204);
    expect(whileLive).toEqual({ live: true, settings: start.settings });
    expect(stopped.status).toBe(204);
    expect(emulator.liveStateOf(LIVE, 'webinar')).toEqual({ live: false, settings: start.settings });
  });

  it('answers 400 code 200 "Webinar {id} has not started." for a webinar not started', async () => {
    const { emulator, patch } = await signedInAs('pro');

    const res = await patch(statusOf(BIG_ID), start);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 200, message: `Webinar ${BIG_ID} has not started.` });
    expect(emulator.liveStateOf(BIG_ID, 'webinar')).toEqual({ live: false });
  });

  it('answers 400 code 3000 when starting a started webinar whose stream URL and key are not set', async () => {
    const { emulator, patch } = await signedInAs('pro');
    emulator.startEvent('webinar', UNCONFIGURED);

    const res = await patch(statusOf(UNCONFIGURED), start);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 3000, message: 'The current webinar is not configured with a custom streaming service.' });
  });

  it('starts once the stream is configured, and ending the webinar stops its stream', async () => {
    const { emulator, patch } = await signedInAs('pro');
    emulator.startEvent('webinar', UNCONFIGURED);
    await patch(`/v2/webinars/${UNCONFIGURED}/livestream`, {
      stream_url: 'rtmp://x.example/live', stream_key: 'k', page_url: 'https://x.example/p',
    }).expect(204);

    const res = await patch(statusOf(UNCONFIGURED), start);
    emulator.endEvent('webinar', UNCONFIGURED);

    expect(res.status).toBe(204);
    expect(emulator.liveStateOf(UNCONFIGURED, 'webinar')?.live).toBe(false);
    expect((await patch(statusOf(UNCONFIGURED), start)).body.code).toBe(200);
  });

  it('refuses "mode" (webinars know start and stop only) and a display name over 50 characters', async () => {
    const { patch } = await signedInAs('pro');

    const mode = await patch(statusOf(LIVE), { action: 'mode' });
    const long = await patch(statusOf(LIVE), { action: 'start', settings: { display_name: 'x'.repeat(51) } });

    expect(mode.body).toEqual({
      code: 300, message: 'Validation Failed.', errors: [{ field: 'action', message: 'Must be one of: start, stop.' }],
    });
    expect(long.body.errors).toEqual([{ field: 'settings.display_name', message: 'Must be at most 50 characters.' }]);
  });

  it('answers 300 when stopping a webinar stream that is not live', async () => {
    const { patch } = await signedInAs('pro');

    const res = await patch(statusOf(LIVE), { action: 'stop' });

    expect(res.body).toEqual({ code: 300, message: 'The webinar is not being live streamed.' });
  });

  it('needs webinar:write or webinar:update:livestream_status', async () => {
    const narrow = await signedInAs('pro', { grantedScope: 'webinar:read webinar:update:livestream' });
    const granular = await signedInAs('pro', { grantedScope: 'webinar:update:livestream_status' });

    const refused = await narrow.patch(statusOf(LIVE), start);
    const allowed = await granular.patch(statusOf(LIVE), start);

    expect(refused.body).toEqual({
      code: 4711, message: 'Invalid access token, does not contain scopes:[webinar:write, webinar:update:livestream_status].',
    });
    expect(allowed.status).toBe(204);
  });
});
