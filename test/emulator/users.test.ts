import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { login } from './helpers';

describe('GET /v2/users/me', () => {
  it('returns the host who consented, with their licence type', async () => {
    const { app, hosts } = createZoomEmulator();
    const pro = await login(app, 'pro');
    const basic = await login(app, 'basic');

    const proMe = await request(app).get('/v2/users/me').set('Authorization', `Bearer ${pro.access_token}`);
    const basicMe = await request(app).get('/v2/users/me').set('Authorization', `Bearer ${basic.access_token}`);

    expect(proMe.status).toBe(200);
    expect(proMe.body).toMatchObject({
      id: hosts.pro.id, email: 'pro.host@example.com', first_name: 'Priya', last_name: 'Pro',
      display_name: 'Priya Pro', type: 2, account_id: hosts.pro.account_id, timezone: 'Europe/London', status: 'active',
    });
    expect(basicMe.body).toMatchObject({ id: hosts.basic.id, email: 'basic.host@example.com', type: 1 });
  });

  it('answers 401 code 124 without a bearer token or with an unknown one', async () => {
    const { app } = createZoomEmulator();

    const missing = await request(app).get('/v2/users/me');
    const unknown = await request(app).get('/v2/users/me').set('Authorization', 'Bearer emu_at_made-up');

    for (const res of [missing, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 124, message: 'Invalid access token.' });
    }
  });
});

describe('GET /v2/users/me/meetings', () => {
  it('writes meeting ids as raw JSON integers, even above 2^53', async () => {
    const { app } = createZoomEmulator();
    const { access_token } = await login(app);

    const res = await request(app).get('/v2/users/me/meetings').query({ type: 'upcoming' })
      .set('Authorization', `Bearer ${access_token}`);

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.text).toContain('"id":90071992547409931');
    expect(res.text).not.toContain('"90071992547409931"');
  });

  it('lists the host\'s meetings sorted by start time, in the future, Zoom-formatted', async () => {
    const emulator = createZoomEmulator();
    const { access_token } = await login(emulator.app, 'basic');

    const res = await request(emulator.app).get('/v2/users/me/meetings').set('Authorization', `Bearer ${access_token}`);

    const starts: string[] = res.body.meetings.map((m: { start_time: string }) => m.start_time);
    expect(res.body).toMatchObject({ page_size: 30, total_records: 3, next_page_token: '' });
    expect(res.body.meetings.map((m: { id: number }) => String(m.id))).toEqual(['81234567001', '81234567002', '81234567003']);
    expect([...starts].sort()).toEqual(starts);
    for (const start of starts) {
      expect(start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Date.parse(start)).toBeGreaterThan(Date.now());
    }
    expect(res.body.meetings[0]).toEqual(expect.objectContaining({
      uuid: expect.any(String), host_id: emulator.hosts.basic.id, topic: 'Book club', type: 2,
      duration: 60, timezone: 'America/New_York', created_at: expect.any(String), join_url: expect.any(String),
    }));
  });

  it('pages with page_size=2: a next_page_token, then the rest with an empty token', async () => {
    const { app } = createZoomEmulator();
    const auth = `Bearer ${(await login(app)).access_token}`;

    const first = await request(app).get('/v2/users/me/meetings').query({ page_size: 2 }).set('Authorization', auth);
    const second = await request(app).get('/v2/users/me/meetings')
      .query({ page_size: 2, next_page_token: first.body.next_page_token }).set('Authorization', auth);

    expect(first.body.meetings).toHaveLength(2);
    expect(first.body.total_records).toBe(4);
    expect(first.body.next_page_token).not.toBe('');
    expect(second.body.meetings).toHaveLength(2);
    expect(second.body.next_page_token).toBe('');
    expect(second.text).toContain('"id":85746065002');
  });

  it('answers 400 code 300 for a next_page_token it never issued', async () => {
    const { app } = createZoomEmulator();
    const auth = `Bearer ${(await login(app)).access_token}`;

    const res = await request(app).get('/v2/users/me/meetings').query({ next_page_token: 'forged' }).set('Authorization', auth);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 300, message: 'Invalid next_page_token.' });
  });
});

describe('fallbacks', () => {
  it('answers unknown routes with Zoom-shaped JSON 404, never HTML', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).get('/nowhere');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 404, message: 'Not found.' });
  });

  it('answers a malformed percent-encoding in the path with JSON, not an HTML error page', async () => {
    const { app } = createZoomEmulator();
    const auth = `Bearer ${(await login(app)).access_token}`;

    const res = await request(app).get('/v2/meetings/%E0%A4%A/livestream').set('Authorization', auth);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({ code: 400, message: 'Bad Request' });
  });

  it('seeds fresh, independent data for every emulator', () => {
    const a = createZoomEmulator();
    const b = createZoomEmulator();

    a.meetingsOf('pro')[0].topic = 'changed';

    expect(a.meetingsOf('pro').map((m) => m.id)).toEqual(['90071992547409931', '85746065001', '85746065002', '85746065003']);
    expect(b.meetingsOf('pro')[0].topic).toBe('Quarterly all-hands (live)');
    expect(a.livestreamOf('85746065001')).toMatchObject({ stream_url: 'rtmp://live.example.com/app', resolution: '720p' });
    expect(a.livestreamOf('81234567001')).toBeUndefined();
  });
});
