import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { ADMIN_CLIENT_ID, ADMIN_SCOPE, adminLogin, adminOf, consentToAdminApp } from './admin-helpers';
import { authorizeQuery, login } from './helpers';

/** Who gets admin scopes (the admin-managed app, owners and admins only), and roles that change while tokens live. */
const PRO2_WAITING = '83456789002';
const STREAM = { stream_url: 'rtmp://admin.example/live', stream_key: 'admin-key', page_url: 'https://admin.example/p' };

describe('the admin-managed app\'s consent', () => {
  it('says the app is admin-managed, asks for its admin scopes, and lists every user with their role', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).get('/oauth/authorize').query(authorizeQuery({ client_id: ADMIN_CLIENT_ID }));

    expect(res.status).toBe(200);
    expect(res.text).toContain(`asks for: <code>${ADMIN_SCOPE}</code>`);
    expect(res.text).toContain('This app is admin-managed</strong>: only an account owner or admin can add it');
    expect(res.text).toMatch(/<input type="radio" id="host-pro" name="host" value="pro" checked>/);
    expect(res.text).toContain('Ada Admin (admin@example.com) — Basic, admin of the shared account; role: Admin');
    expect(res.text).toContain('Pablo Pro (pro2.host@example.com) — Pro, second host of the shared account; role: Member');
  });

  it.each(['owner', 'admin', 'otherAdmin'] as const)('grants the %s the admin scopes', async (host) => {
    const { app } = createZoomEmulator();

    expect((await adminLogin(app, host)).scope).toBe(ADMIN_SCOPE);
  });

  it('refuses a member on Zoom\'s page: no redirect, no code', async () => {
    const { app } = createZoomEmulator();

    const res = await consentToAdminApp(app, 'pro2');

    expect(res.status).toBe(403);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('This app can only be added by your account owner or admin.');
  });

  it('leaves the user-managed app as it was: user-level scopes, for owners and admins too', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).get('/oauth/authorize').query(authorizeQuery());
    const grant = await login(app, 'admin');

    expect(res.text).toContain('It will act for the user you sign in as.');
    expect((grant as unknown as { scope: string }).scope).toBe('meeting:read meeting:write user:read webinar:read webinar:write');
  });

  it('makes the main app admin-managed with appType, and has no second app with adminApp: false', async () => {
    const { app } = createZoomEmulator({ appType: 'admin-managed', adminApp: false });

    const admin = await login(app, 'admin');
    const member = await request(app).post('/oauth/authorize').type('form').send({
      ...authorizeQuery(), host: 'basic', decision: 'allow',
    });
    const secondApp = await request(app).get('/oauth/authorize').query(authorizeQuery({ client_id: ADMIN_CLIENT_ID }));

    expect((admin as unknown as { scope: string }).scope).toBe(ADMIN_SCOPE);
    expect(member.status).toBe(403);
    expect(secondApp.status).toBe(400);
  });
});

describe('setRole', () => {
  it('demotes an admin at once: their next request is refused with "No permission.", and /users/me says Member', async () => {
    const { get, patch, emulator } = await adminOf('admin');
    expect((await patch(`/v2/meetings/${PRO2_WAITING}/livestream`, STREAM)).status).toBe(204);

    emulator.setRole('admin', 'Member');

    const refused = await patch(`/v2/meetings/${PRO2_WAITING}/livestream`, STREAM);
    const list = await get('/v2/users');
    const me = await get('/v2/users/me');
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ code: 200, message: 'No permission.' });
    expect(list.body).toEqual({ code: 200, message: 'No permission.' });
    expect(me.body).toMatchObject({ role_name: 'Member', role_id: '2' });
  });

  it('promotes a member: a token with admin scopes reaches the account again', async () => {
    const { get, emulator } = await adminOf('admin');
    emulator.setRole('admin', 'Member');
    expect((await get(`/v2/meetings/${PRO2_WAITING}/livestream`)).body).toEqual({ code: 200, message: 'No permission.' });

    emulator.setRole('admin', 'Admin');

    expect((await get(`/v2/meetings/${PRO2_WAITING}/livestream`)).status).toBe(200);
  });

  it('keeps one owner per account: a new owner makes the old one an Admin, and the owner cannot step down directly', () => {
    const { hosts, setRole } = createZoomEmulator();

    expect(() => setRole('owner', 'Member')).toThrow(/owns the account/);
    setRole('pro2', 'Owner');

    expect([hosts.pro2.role_name, hosts.owner.role_name, hosts.owner.role_id]).toEqual(['Owner', 'Admin', '1']);
    expect(hosts.pro.role_name).toBe('Owner');
  });
});

describe('the accounts page, /emulator/users', () => {
  it('shows each account\'s users and roles, and changes a role with a same-origin form', async () => {
    const { app, hosts } = createZoomEmulator();

    const page = await request(app).get('/emulator/users');
    const changed = await request(app).post('/emulator/users/pro2/role/Admin');
    const foreign = await request(app).post('/emulator/users/basic/role/Admin').set('Origin', 'https://evil.example');
    const ownerDown = await request(app).post('/emulator/users/owner/role/Member');

    expect(page.status).toBe(200);
    expect(page.text).toContain('Account <code>eMuLaToRaCcOuNt00000002</code>');
    expect(page.text).toMatch(/<tr id="user-admin">[\s\S]*?<td class="role">Admin<\/td>/);
    expect(changed.status).toBe(303);
    expect(changed.headers.location).toBe('/emulator/users');
    expect(hosts.pro2.role_name).toBe('Admin');
    expect(foreign.status).toBe(403);
    expect(hosts.basic.role_name).toBe('Member');
    expect(ownerDown.status).toBe(400);
    expect(ownerDown.text).toContain('make another user the owner first');
  });

  it('keeps roles in the state file across a restart', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'emu-roles-'));
    try {
      const statePath = path.join(folder, 'zoom-emulator.json');
      createZoomEmulator({ statePath }).setRole('admin', 'Member');

      const again = createZoomEmulator({ statePath });

      expect(again.hosts.admin).toMatchObject({ role_name: 'Member', role_id: '2' });
      expect(again.hosts.owner.role_name).toBe('Owner');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
