/** The emulator against Zoom's published OpenAPI subset: its answers fit the schemas, and it judges bodies alike. */
import { parse, type LosslessNumber } from 'lossless-json';
import { existsSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { ZOOM_SPEC_PATH, responseValidatorFor, validatorFor } from '../helpers/openapi';
import { login } from './helpers';

const PRO_MEETING = '90071992547409931';
const BIG_WEBINAR = '93456789012345677';
const LIVE_WEBINAR = '84129876501';

async function signedIn() {
  const emulator = createZoomEmulator();
  return { emulator, app: emulator.app, auth: `Bearer ${(await login(emulator.app)).access_token}` };
}

describe('emulator contract with zoom-openapi-subset.json', () => {
  it('reads the spec kept in this repository, so a clone anywhere can run the suites', () => {
    expect(ZOOM_SPEC_PATH).toBe(path.resolve(__dirname, '../../contract/zoom-openapi-subset.json'));
    expect(existsSync(ZOOM_SPEC_PATH)).toBe(true);
  });

  it('GET livestream 200 fits the operation\'s 200 schema', async () => {
    const { app, auth } = await signedIn();
    const fits = responseValidatorFor('/meetings/{meetingId}/livestream', 'get', '200');

    const res = await request(app).get(`/v2/meetings/${PRO_MEETING}/livestream`).set('Authorization', auth);

    expect(res.status).toBe(200);
    expect(fits(res.body)).toEqual({ valid: true, errors: '' });
  });

  it('the meetings list fits the list operation\'s 200 schema and keeps int64 ids exact', async () => {
    const { app, auth } = await signedIn();
    const fits = responseValidatorFor('/users/{userId}/meetings', 'get', '200');

    const res = await request(app).get('/v2/users/me/meetings').query({ type: 'upcoming' }).set('Authorization', auth);

    expect(fits(JSON.parse(res.text))).toEqual({ valid: true, errors: '' });
    const exact = parse(res.text) as { meetings: Array<{ id: LosslessNumber }> };
    expect(exact.meetings.map((meeting) => meeting.id.toString())).toContain(PRO_MEETING);
  });

  it('the schema notices a broken response (the validator is not vacuous)', () => {
    const fits = responseValidatorFor('/users/{userId}/meetings', 'get', '200');

    expect(fits({ meetings: [{ id: '123', start_time: 'tomorrow' }] }).valid).toBe(false);
  });

  const valid = {
    stream_url: 'rtmp://live.example.com/app', stream_key: 'key', page_url: 'https://example.com/live', resolution: '1080p',
  };
  const bodies: Array<[string, Record<string, unknown>]> = [
    ['a complete body', valid],
    ['a body without resolution', { ...valid, resolution: undefined }],
    ['a body missing stream_key', { ...valid, stream_key: undefined }],
    ['a body missing page_url', { ...valid, page_url: undefined }],
    ['a 1025-character stream_url', { ...valid, stream_url: 'r'.repeat(1025) }],
    ['a 513-character stream_key', { ...valid, stream_key: 'k'.repeat(513) }],
    ['a page_url that is not a URI', { ...valid, page_url: 'not a uri' }],
    ['a numeric stream_key', { ...valid, stream_key: 42 }],
  ];

  it.each(bodies)('PATCH livestream judges %s as MeetingIdLivestreamBody does', async (_name, body) => {
    const { app, auth } = await signedIn();
    const verdict = validatorFor('MeetingIdLivestreamBody')(JSON.parse(JSON.stringify(body)));

    const res = await request(app).patch(`/v2/meetings/${PRO_MEETING}/livestream`).set('Authorization', auth).send(body);

    expect(res.status).toBe(verdict.valid ? 204 : 400);
    if (!verdict.valid) expect(res.body).toMatchObject({ code: 300, message: 'Validation Failed.' });
  });

  it('the schema and the emulator both reject a body missing stream_key', async () => {
    const { app, auth } = await signedIn();
    const body = { stream_url: valid.stream_url, page_url: valid.page_url };

    const verdict = validatorFor('MeetingIdLivestreamBody')(body);
    const res = await request(app).patch(`/v2/meetings/${PRO_MEETING}/livestream`).set('Authorization', auth).send(body);

    expect(verdict.valid).toBe(false);
    expect(verdict.errors).toContain('stream_key');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'stream_key', message: 'Required field is missing.' }]);
  });

  it('every Pro meeting\'s details fit GET /meetings/{meetingId} 200, the recurring one with occurrences', async () => {
    const { emulator, app, auth } = await signedIn();
    const fits = responseValidatorFor('/meetings/{meetingId}', 'get', '200');
    const ids = emulator.meetingsOf('pro').map((meeting) => meeting.id);

    const replies = await Promise.all(ids.map((id) => request(app).get(`/v2/meetings/${id}`).set('Authorization', auth)));

    for (const res of replies) {
      expect(res.status).toBe(200);
      expect(fits(JSON.parse(res.text))).toEqual({ valid: true, errors: '' });
    }
    expect(replies.some((res) => res.body.type === 8 && res.body.occurrences.length > 0)).toBe(true);
  });

  it('the webinars list fits GET /users/{userId}/webinars 200 and keeps int64 ids exact', async () => {
    const { app, auth } = await signedIn();
    const fits = responseValidatorFor('/users/{userId}/webinars', 'get', '200');

    const res = await request(app).get('/v2/users/me/webinars').query({ type: 'upcoming' }).set('Authorization', auth);

    expect(fits(JSON.parse(res.text))).toEqual({ valid: true, errors: '' });
    const exact = parse(res.text) as { webinars: Array<{ id: LosslessNumber }> };
    expect(exact.webinars.map((webinar) => webinar.id.toString())).toContain(BIG_WEBINAR);
  });

  it('every Pro webinar\'s details and live stream fit GET /webinars/{webinarId} and its livestream 200', async () => {
    const { emulator, app, auth } = await signedIn();
    const details = responseValidatorFor('/webinars/{webinarId}', 'get', '200');
    const livestream = responseValidatorFor('/webinars/{webinarId}/livestream', 'get', '200');

    for (const { id } of emulator.webinarsOf('pro')) {
      const event = await request(app).get(`/v2/webinars/${id}`).set('Authorization', auth);
      const stream = await request(app).get(`/v2/webinars/${id}/livestream`).set('Authorization', auth);
      expect(details(JSON.parse(event.text))).toEqual({ valid: true, errors: '' });
      expect(livestream(stream.body)).toEqual({ valid: true, errors: '' });
    }
  });

  it('the schema notices a webinar of a meeting\'s type (the webinar validator is not vacuous)', () => {
    expect(responseValidatorFor('/webinars/{webinarId}', 'get', '200')({ id: 1, type: 2 }).valid).toBe(false);
  });

  it.each(bodies)('PATCH webinar livestream judges %s as WebinarIdLivestreamBody does', async (_name, body) => {
    const { app, auth } = await signedIn();
    const verdict = validatorFor('WebinarIdLivestreamBody')(JSON.parse(JSON.stringify(body)));

    const res = await request(app).patch(`/v2/webinars/${BIG_WEBINAR}/livestream`).set('Authorization', auth).send(body);

    expect(res.status).toBe(verdict.valid ? 204 : 400);
    if (!verdict.valid) expect(res.body).toMatchObject({ code: 300, message: 'Validation Failed.' });
  });

  const statusBodies: Array<[string, Record<string, unknown>]> = [
    ['start with settings', { action: 'start', settings: { active_speaker_name: true, display_name: 'Live' } }],
    ['mode (meetings only)', { action: 'mode' }],
    ['an empty display name', { action: 'start', settings: { display_name: '' } }],
    ['a 51-character display name', { action: 'start', settings: { display_name: 'd'.repeat(51) } }],
    ['a string active_speaker_name', { action: 'start', settings: { active_speaker_name: 'yes' } }],
  ];

  it.each(statusBodies)('PATCH webinar livestream/status judges %s as LivestreamStatusBody1 does', async (_name, body) => {
    const { app, auth } = await signedIn();
    const verdict = validatorFor('LivestreamStatusBody1')(body);

    const res = await request(app).patch(`/v2/webinars/${LIVE_WEBINAR}/livestream/status`).set('Authorization', auth).send(body);

    expect(res.status).toBe(verdict.valid ? 204 : 400);
  });
});
