import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { login } from './helpers';

/** The live/not-live state behind PATCH /v2/meetings/:id/livestream/status, and the paging seed. */
const IN_PROGRESS = '90071992547409931';
const NOT_STARTED = '85746065001';
const ENCRYPTED = '85746065003';

async function signedIn(host: 'pro' | 'basic' = 'pro', options = {}) {
  const emulator = createZoomEmulator(options);
  const auth = `Bearer ${(await login(emulator.app, host)).access_token}`;
  const patch = (id: string, body: unknown) =>
    request(emulator.app).patch(`/v2/meetings/${id}/livestream/status`).set('Authorization', auth).send(body as object);
  return { emulator, auth, patch };
}

const start = { action: 'start', settings: { active_speaker_name: false, display_name: 'Priya live' } };

describe('PATCH /v2/meetings/:meetingId/livestream/status', () => {
  it('starts and stops the stream of a meeting in progress, remembering the start settings', async () => {
    const { emulator, patch } = await signedIn();
    expect(emulator.liveStateOf(IN_PROGRESS)).toEqual({ live: false });

    expect((await patch(IN_PROGRESS, start)).status).toBe(204);
    expect(emulator.liveStateOf(IN_PROGRESS)).toEqual({ live: true, settings: start.settings });

    expect((await patch(IN_PROGRESS, { action: 'stop' })).status).toBe(204);
    expect(emulator.liveStateOf(IN_PROGRESS)).toMatchObject({ live: false });
  });

  it('accepts start twice (idempotent) and mode only while live', async () => {
    const { emulator, patch } = await signedIn();

    const modeBefore = await patch(IN_PROGRESS, { action: 'mode', settings: { layout: 'gallery_view' } });
    await patch(IN_PROGRESS, start);
    const again = await patch(IN_PROGRESS, start);
    const mode = await patch(IN_PROGRESS, { action: 'mode', settings: { layout: 'gallery_view' } });

    expect(modeBefore.status).toBe(400);
    expect(again.status).toBe(204);
    expect(mode.status).toBe(204);
    expect(emulator.liveStateOf(IN_PROGRESS)).toEqual({ live: true, settings: { ...start.settings, layout: 'gallery_view' } });
  });

  it('answers 400 code 4927 for a meeting that has not started, and stays not live', async () => {
    const { emulator, patch } = await signedIn();

    const res = await patch(NOT_STARTED, start);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 4927, message: `Meeting ${NOT_STARTED} has not started.` });
    expect(emulator.liveStateOf(NOT_STARTED)).toEqual({ live: false });
  });

  it('answers 400 code 4400 for an end-to-end encrypted meeting', async () => {
    const { patch } = await signedIn();

    const res = await patch(ENCRYPTED, start);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 4400, message: 'End-to-end encrypted meetings currently do not support the livestreaming feature.' });
  });

  it('answers 400 code 300 when stopping a stream that is not live', async () => {
    const { patch } = await signedIn();

    const res = await patch(IN_PROGRESS, { action: 'stop' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 300, message: 'The meeting is not being live streamed.' });
  });

  it('checks the licence (3161) before the meeting state', async () => {
    const { patch } = await signedIn('basic');

    expect((await patch('81234567001', start)).body.code).toBe(3161);
  });

  it('refuses a display name over 50 characters with 300 and does not go live', async () => {
    const { emulator, patch } = await signedIn();

    const res = await patch(IN_PROGRESS, { action: 'start', settings: { display_name: 'x'.repeat(51) } });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'settings.display_name', message: 'Must be at most 50 characters.' }]);
    expect(emulator.liveStateOf(IN_PROGRESS)).toEqual({ live: false });
  });
});

describe('seed', () => {
  it('knows no live state for a meeting it does not have', () => {
    expect(createZoomEmulator().liveStateOf('12345')).toBeUndefined();
  });

  it('keeps status and encryption out of the meeting list, as Zoom does', async () => {
    const { emulator, auth } = await signedIn();

    const res = await request(emulator.app).get('/v2/users/me/meetings').set('Authorization', auth);

    expect(res.text).not.toContain('encryption_type');
    expect(res.text).not.toContain('"status"');
  });

  it('adds extraMeetings for the Pro host, so the list runs past one page of 30', async () => {
    const { auth, emulator } = await signedIn('pro', { extraMeetings: 30 });
    const list = (token = '') => request(emulator.app).get('/v2/users/me/meetings')
      .query({ type: 'upcoming', page_size: 30, next_page_token: token }).set('Authorization', auth);

    const first = await list();
    const second = await list(first.body.next_page_token);

    expect(first.body.total_records).toBe(34);
    expect(first.body.meetings).toHaveLength(30);
    expect(second.body.meetings.map((m: { topic: string }) => m.topic)).toEqual(['Weekly sync 27', 'Weekly sync 28', 'Weekly sync 29', 'Weekly sync 30']);
    expect(second.body.next_page_token).toBe('');
  });
});
