import { parse, type LosslessNumber } from 'lossless-json';
import { createZoomEmulator } from '../../src/emulator';
import { signedInAs } from './helpers';

/** GET /v2/meetings/:meetingId, and the controls that start and end a meeting. */
const IN_PROGRESS = '90071992547409931';
const WAITING = '85746065001';
const RECURRING = '85746065002';
const ENCRYPTED = '85746065003';

describe('GET /v2/meetings/:meetingId', () => {
  it('returns the meeting in progress with its int64 id written as a raw JSON number', async () => {
    const { get, emulator } = await signedInAs('pro');

    const res = await get(`/v2/meetings/${IN_PROGRESS}`);

    expect(res.status).toBe(200);
    expect(res.text).toContain(`"id":${IN_PROGRESS}`);
    expect((parse(res.text) as { id: LosslessNumber }).id.toString()).toBe(IN_PROGRESS);
    expect(res.body).toMatchObject({
      uuid: expect.any(String), host_id: emulator.hosts.pro.id, host_email: 'pro.host@example.com',
      topic: 'Quarterly all-hands (live)', type: 2, status: 'started', duration: 60, timezone: 'Europe/London',
      settings: { encryption_type: 'enhanced_encryption' },
    });
    expect(res.body.start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(res.body.occurrences).toBeUndefined();
  });

  it('says waiting for a meeting not started, and e2ee for the encrypted one', async () => {
    const { get } = await signedInAs('pro');

    const waiting = await get(`/v2/meetings/${WAITING}`);
    const encrypted = await get(`/v2/meetings/${ENCRYPTED}`);

    expect(waiting.body).toMatchObject({ status: 'waiting', settings: { encryption_type: 'enhanced_encryption' } });
    expect(encrypted.body.settings.encryption_type).toBe('e2ee');
  });

  it('describes the recurring meeting as type 8 with weekly occurrences, the first one at its start time', async () => {
    const { get } = await signedInAs('pro');

    const res = await get(`/v2/meetings/${RECURRING}`);

    expect(res.body).toMatchObject({ type: 8, recurrence: { type: 2, repeat_interval: 1 } });
    const occurrences = res.body.occurrences as Array<{ occurrence_id: string; start_time: string; status: string }>;
    expect(occurrences.length).toBeGreaterThan(1);
    expect(occurrences[0].start_time).toBe(res.body.start_time);
    expect(Date.parse(occurrences[1].start_time) - Date.parse(occurrences[0].start_time)).toBe(7 * 24 * 3_600_000);
    expect(occurrences[0]).toEqual({
      occurrence_id: String(Date.parse(res.body.start_time)), start_time: res.body.start_time, duration: 45, status: 'available',
    });
  });

  it('lets a Basic host read their own meeting (reading needs no licence)', async () => {
    const { get } = await signedInAs('basic');

    const res = await get('/v2/meetings/81234567001');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ topic: 'Book club', type: 2, status: 'waiting' });
  });

  it('answers 404 code 3001 for an unknown meeting and for another host\'s meeting', async () => {
    const { get } = await signedInAs('basic');

    const unknown = await get('/v2/meetings/12345');
    const someoneElses = await get(`/v2/meetings/${IN_PROGRESS}`);

    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 3001, message: 'Meeting does not exist: 12345.' });
    expect(someoneElses.body).toEqual({ code: 3001, message: `Meeting does not exist: ${IN_PROGRESS}.` });
  });

  it.each(['abc', '9223372036854775808', '0123'])('answers 400 code 300 for the invalid id %s', async (id) => {
    const { get } = await signedInAs('pro');

    const res = await get(`/v2/meetings/${id}`);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 300, message: 'Invalid meeting id.' });
  });

  it('answers 4711 to a token without a meeting read scope, and accepts the granular meeting:read:meeting', async () => {
    const narrow = await signedInAs('pro', { grantedScope: 'user:read meeting:update:livestream' });
    const granular = await signedInAs('pro', { grantedScope: 'meeting:read:meeting' });

    const refused = await narrow.get(`/v2/meetings/${IN_PROGRESS}`);
    const allowed = await granular.get(`/v2/meetings/${IN_PROGRESS}`);

    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      code: 4711, message: 'Invalid access token, does not contain scopes:[meeting:read, meeting:write, meeting:read:meeting].',
    });
    expect(allowed.status).toBe(200);
  });

  it('answers 401 code 124 without a valid bearer token', async () => {
    const { emulator, get } = await signedInAs('pro');
    emulator.expireAccessTokens();

    const res = await get(`/v2/meetings/${IN_PROGRESS}`);

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 124, message: 'Access token is expired.' });
  });
});

describe('startEvent / endEvent', () => {
  it('starting a meeting makes it started, so its stream can start; ending it stops the stream', async () => {
    const { emulator, get, patch } = await signedInAs('pro');
    const start = { action: 'start', settings: { display_name: 'Priya live', active_speaker_name: false } };

    const before = await patch(`/v2/meetings/${WAITING}/livestream/status`, start);
    emulator.startEvent('meeting', WAITING);
    const details = await get(`/v2/meetings/${WAITING}`);
    const started = await patch(`/v2/meetings/${WAITING}/livestream/status`, start);
    const liveWhileStarted = emulator.liveStateOf(WAITING);
    emulator.endEvent('meeting', WAITING);

    expect(before.body.code).toBe(4927);
    expect(details.body.status).toBe('started');
    expect(started.status).toBe(204);
    expect(liveWhileStarted?.live).toBe(true);
    expect(emulator.liveStateOf(WAITING)).toEqual({ live: false, settings: start.settings });
    expect((await get(`/v2/meetings/${WAITING}`)).body.status).toBe('waiting');
  });

  it('refuses an id the emulator does not hold, naming it', () => {
    const emulator = createZoomEmulator();

    expect(() => emulator.startEvent('meeting', '12345')).toThrow('No meeting 12345 in the emulator');
    expect(() => emulator.endEvent('webinar', IN_PROGRESS)).toThrow(`No webinar ${IN_PROGRESS} in the emulator`);
  });
});
