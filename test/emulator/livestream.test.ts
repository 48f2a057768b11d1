import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { login } from './helpers';

const BIG_ID = '90071992547409931';
const NEW_SETTINGS = {
  stream_url: 'rtmp://a.rtmp.youtube.com/live2',
  stream_key: 'abcd-efgh-ijkl',
  page_url: 'https://youtube.com/live/xyz',
  resolution: '1080p',
};

async function signedIn(host: 'pro' | 'basic' = 'pro', options = {}) {
  const emulator = createZoomEmulator(options);
  const auth = `Bearer ${(await login(emulator.app, host)).access_token}`;
  return { emulator, app: emulator.app, auth };
}

describe('GET /v2/meetings/:meetingId/livestream', () => {
  it('returns the Pro host\'s current settings for an id above 2^53', async () => {
    const { app, auth } = await signedIn();

    const res = await request(app).get(`/v2/meetings/${BIG_ID}/livestream`).set('Authorization', auth);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      stream_url: 'rtmp://live.example.com/app', stream_key: `seed-key-${BIG_ID}`,
      page_url: `https://example.com/live/${BIG_ID}`, resolution: '720p',
    });
  });

  it('answers 400 code 3161 for a Basic host\'s own meeting', async () => {
    const { app, auth } = await signedIn('basic');

    const res = await request(app).get('/v2/meetings/81234567001/livestream').set('Authorization', auth);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 3161, message: 'Meeting hosting and scheduling capabilities are not allowed for your user account.',
    });
  });

  it('answers 404 code 3001 for an unknown meeting and for another host\'s meeting', async () => {
    const { app, auth } = await signedIn('basic');

    const unknown = await request(app).get('/v2/meetings/12345/livestream').set('Authorization', auth);
    const someoneElses = await request(app).get(`/v2/meetings/${BIG_ID}/livestream`).set('Authorization', auth);

    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 3001, message: 'Meeting does not exist: 12345.' });
    expect(someoneElses.body).toEqual({ code: 3001, message: `Meeting does not exist: ${BIG_ID}.` });
  });

  it.each(['abc', '9223372036854775808', '0123'])('answers 400 code 300 for the invalid id %s', async (id) => {
    const { app, auth } = await signedIn();

    const res = await request(app).get(`/v2/meetings/${id}/livestream`).set('Authorization', auth);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 300, message: 'Invalid meeting id.' });
  });
});

describe('PATCH /v2/meetings/:meetingId/livestream', () => {
  it('accepts JSON: 204, no body, and the settings are stored', async () => {
    const { emulator, app, auth } = await signedIn();

    const res = await request(app).patch(`/v2/meetings/${BIG_ID}/livestream`).set('Authorization', auth).send(NEW_SETTINGS);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(emulator.livestreamOf(BIG_ID)).toEqual(NEW_SETTINGS);
    const read = await request(app).get(`/v2/meetings/${BIG_ID}/livestream`).set('Authorization', auth);
    expect(read.body).toEqual(NEW_SETTINGS);
  });

  it('accepts multipart/form-data like older Postman collections, keeping the resolution when left out', async () => {
    const { emulator, app, auth } = await signedIn();

    const res = await request(app).patch('/v2/meetings/85746065001/livestream').set('Authorization', auth)
      .field('stream_url', 'rtmp://x.example/live').field('stream_key', 'k1').field('page_url', 'https://x.example/p');

    expect(res.status).toBe(204);
    expect(emulator.livestreamOf('85746065001')).toEqual({
      stream_url: 'rtmp://x.example/live', stream_key: 'k1', page_url: 'https://x.example/p', resolution: '720p',
    });
  });

  it('answers 400 code 3161 for a Basic host', async () => {
    const { app, auth } = await signedIn('basic');

    const res = await request(app).patch('/v2/meetings/81234567002/livestream').set('Authorization', auth).send(NEW_SETTINGS);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe(3161);
  });

  it('answers 400 code 300 "Validation Failed." naming each bad field', async () => {
    const { emulator, app, auth } = await signedIn();
    const body = { stream_url: 'r'.repeat(1025), page_url: 'not a uri', resolution: '4k' };

    const res = await request(app).patch(`/v2/meetings/${BIG_ID}/livestream`).set('Authorization', auth).send(body);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe(300);
    expect(res.body.message).toBe('Validation Failed.');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['page_url', 'resolution', 'stream_key', 'stream_url']);
    expect(emulator.livestreamOf(BIG_ID)?.stream_key).toBe(`seed-key-${BIG_ID}`);
  });

  it.each([
    ['malformed JSON', 'application/json', '{"stream_url":'],
    ['a JSON array', 'application/json', '[]'],
    ['a form-urlencoded body', 'application/x-www-form-urlencoded', 'stream_url=a&stream_key=b&page_url=https://c'],
    ['plain text', 'text/plain', 'hello'],
  ])('refuses %s with 400 code 300', async (_name, type, body) => {
    const { app, auth } = await signedIn();

    const res = await request(app).patch(`/v2/meetings/${BIG_ID}/livestream`).set('Authorization', auth)
      .set('Content-Type', type).send(body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 300, message: 'Request Body should be a valid JSON object.' });
  });

  it('answers 400 code 4711 when the token lacks meeting:write', async () => {
    const { app, auth } = await signedIn('pro', { grantedScope: 'meeting:read user:read' });

    const res = await request(app).patch(`/v2/meetings/${BIG_ID}/livestream`).set('Authorization', auth).send(NEW_SETTINGS);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 4711, message: 'Invalid access token, does not contain scopes:[meeting:write, meeting:update:livestream].',
    });
  });

  it('accepts the granular meeting:update:livestream scope', async () => {
    const { app, auth } = await signedIn('pro', { grantedScope: 'meeting:update:livestream' });

    const res = await request(app).patch(`/v2/meetings/${BIG_ID}/livestream`).set('Authorization', auth).send(NEW_SETTINGS);

    expect(res.status).toBe(204);
  });
});

describe('PATCH /v2/meetings/:meetingId/livestream/status', () => {
  it('accepts start with settings (204) and refuses an action in the wrong case', async () => {
    const { app, auth } = await signedIn();
    const url = `/v2/meetings/${BIG_ID}/livestream/status`;

    const ok = await request(app).patch(url).set('Authorization', auth)
      .send({ action: 'start', settings: { active_speaker_name: true, display_name: 'Priya live' } });
    const wrongCase = await request(app).patch(url).set('Authorization', auth).send({ action: 'Start' });

    expect(ok.status).toBe(204);
    expect(wrongCase.status).toBe(400);
    expect(wrongCase.body.errors).toEqual([{ field: 'action', message: 'Must be one of: start, stop, mode.' }]);
  });

  it('answers 3161 for a Basic host', async () => {
    const { app, auth } = await signedIn('basic');

    const res = await request(app).patch('/v2/meetings/81234567001/livestream/status').set('Authorization', auth)
      .send({ action: 'stop' });

    expect(res.body.code).toBe(3161);
  });
});
