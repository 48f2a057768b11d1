import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { adminOf } from './admin-helpers';
import { login } from './helpers';

/** The seeded accounts and their users' roles, and Zoom's user calls for an account admin. */
const SHARED = 'eMuLaToRaCcOuNt00000002';

describe('seeded accounts and roles', () => {
  it('GET /users/me carries role_name, role_id and account_id: one owner and one admin per organisation, hosts are members', async () => {
    const { app, hosts } = createZoomEmulator();
    const me = async (host: 'pro' | 'basic' | 'pro2' | 'owner' | 'admin' | 'otherAdmin') =>
      (await request(app).get('/v2/users/me').set('Authorization', `Bearer ${(await login(app, host)).access_token}`)).body as object;

    expect(await me('owner')).toMatchObject({ id: hosts.owner.id, email: 'owner@example.com', role_name: 'Owner', role_id: '0', account_id: SHARED, type: 2 });
    expect(await me('admin')).toMatchObject({ id: hosts.admin.id, email: 'admin@example.com', role_name: 'Admin', role_id: '1', account_id: SHARED, type: 1 });
    expect(await me('pro2')).toMatchObject({ role_name: 'Member', role_id: '2', account_id: SHARED, type: 2, display_name: 'Pablo Pro' });
    expect(await me('basic')).toMatchObject({ id: 'bAsIcHoSt00000000000002', role_name: 'Member', role_id: '2', account_id: SHARED });
    // The Pro host keeps her one-person account, which she owns.
    expect(await me('pro')).toMatchObject({ id: 'pRoHoSt0000000000000001', role_name: 'Owner', role_id: '0', account_id: 'eMuLaToRaCcOuNt00000001' });
    expect(await me('otherAdmin')).toMatchObject({ role_name: 'Admin', account_id: 'eMuLaToRaCcOuNt00000003' });
    expect(hosts.licensed.account_id).toBe(SHARED);
  });

  it('gives the second Pro host upcoming meetings (one in progress, one recurring) with streams set up, and a webinar', () => {
    const emulator = createZoomEmulator();

    const meetings = emulator.meetingsOf('pro2');

    expect(meetings.map((meeting) => [meeting.id, meeting.type, meeting.status])).toEqual([
      ['83456789001', 2, 'started'], ['83456789002', 2, 'waiting'], ['83456789003', 8, 'waiting'],
    ]);
    expect(meetings[2].occurrences).toHaveLength(4);
    expect(emulator.livestreamOf('83456789002')).toMatchObject({ stream_url: 'rtmp://live.example.com/app' });
    expect(emulator.webinarsOf('pro2').map((webinar) => webinar.id)).toEqual(['84345678901']);
    expect(emulator.meetingsOf('otherHost').map((meeting) => meeting.id)).toEqual(['89123456001']);
    expect(emulator.meetingsOf('pro').map((meeting) => meeting.id)).toEqual(['90071992547409931', '85746065001', '85746065002', '85746065003']);
  });
});

describe('GET /v2/users (an admin token)', () => {
  it('lists the active users of the token\'s own account only, with role_id, and Zoom\'s paging fields', async () => {
    const { get, emulator } = await adminOf('admin');

    const res = await get('/v2/users');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page_count: 1, page_number: 1, page_size: 30, total_records: 5, next_page_token: '' });
    expect(res.body.users.map((user: { email: string }) => user.email)).toEqual([
      'basic.host@example.com', 'licensed.host@example.com', 'pro2.host@example.com', 'owner@example.com', 'admin@example.com',
    ]);
    expect(res.body.users[2]).toEqual({
      id: emulator.hosts.pro2.id, first_name: 'Pablo', last_name: 'Pro', display_name: 'Pablo Pro', email: 'pro2.host@example.com',
      type: 2, pmi: 5550004004, timezone: 'Europe/Madrid', verified: 1, dept: '', created_at: expect.any(String),
      user_created_at: expect.any(String), language: 'en-US', status: 'active', role_id: '2',
    });
  });

  it('filters by status (inactive users only when asked) and by role_id', async () => {
    const { get } = await adminOf('owner');

    const inactive = await get('/v2/users?status=inactive');
    const admins = await get('/v2/users?role_id=1');
    const wrong = await get('/v2/users?status=gone');

    expect(inactive.body.users.map((user: { email: string; status: string }) => [user.email, user.status]))
      .toEqual([['former.host@example.com', 'inactive']]);
    expect(admins.body.users.map((user: { email: string }) => user.email)).toEqual(['admin@example.com']);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ code: 300, message: 'Invalid parameter: status.' });
  });

  it('pages with page_size and next_page_token, or page_number, and refuses another list\'s token', async () => {
    const { get } = await adminOf('admin');

    const first = await get('/v2/users?page_size=2');
    const second = await get(`/v2/users?page_size=2&next_page_token=${first.body.next_page_token}`);
    const third = await get(`/v2/users?page_size=2&next_page_token=${second.body.next_page_token}`);
    const byNumber = await get('/v2/users?page_size=2&page_number=3');
    const otherList = await get(`/v2/users?status=inactive&next_page_token=${first.body.next_page_token}`);

    expect([first, second, third].map((page) => page.body.users.length)).toEqual([2, 2, 1]);
    expect(first.body).toMatchObject({ page_count: 3, page_number: 1, total_records: 5 });
    expect(third.body).toMatchObject({ page_number: 3, next_page_token: '' });
    expect(byNumber.body.users).toEqual(third.body.users);
    expect(otherList.body).toEqual({ code: 300, message: 'Invalid next_page_token.' });
  });

  it('answers 4711 naming the admin scopes to a user-level token, even an admin\'s', async () => {
    const { asUserApp } = await adminOf('admin');
    const userLevel = await asUserApp('admin');

    const res = await userLevel.get('/v2/users');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 4711, message: 'Invalid access token, does not contain scopes:[user:read:admin, user:write:admin, user:read:list_users:admin].',
    });
  });

  it('accepts the granular user:read:list_users:admin scope', async () => {
    const { get } = await adminOf('admin', { adminApp: { scope: 'user:read:list_users:admin' } });

    expect((await get('/v2/users')).body.total_records).toBe(5);
  });
});

describe('GET /v2/users/{userId}', () => {
  it('shows an admin a user of their account by id or email, with role_name; another account\'s user is 1001', async () => {
    const { get, emulator } = await adminOf('admin');

    const byId = await get(`/v2/users/${emulator.hosts.pro2.id}`);
    const byEmail = await get('/v2/users/PRO2.host@example.com');
    const other = await get(`/v2/users/${emulator.hosts.otherHost.id}`);

    expect(byId.body).toMatchObject({ id: emulator.hosts.pro2.id, role_name: 'Member', role_id: '2', status: 'active', type: 2 });
    expect(byEmail.body).toEqual(byId.body);
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ code: 1001, message: `User does not exist: ${emulator.hosts.otherHost.id}.` });
  });

  it('shows a member themselves, and nobody else (1001)', async () => {
    const { asUserApp, emulator } = await adminOf('admin');
    const member = await asUserApp('pro2');

    expect((await member.get(`/v2/users/${emulator.hosts.pro2.id}`)).body).toMatchObject({ email: 'pro2.host@example.com' });
    expect((await member.get(`/v2/users/${emulator.hosts.basic.id}`)).body).toMatchObject({ code: 1001 });
  });
});
