import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { basicAuth, login } from './helpers';

/** statePath: tokens, live stream settings and live state survive a restart; a broken file never stops start-up. */
const IN_PROGRESS = '90071992547409931';
const LIVE_WEBINAR = '84129876501';
const SETTINGS = { stream_url: 'rtmp://kept.example/live', stream_key: 'kept-key', page_url: 'https://kept.example/p', resolution: '1080p' };

let folder: string;
let statePath: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'emu-state-'));
  statePath = path.join(folder, 'data', 'zoom-emulator.json');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const refresh = (app: Parameters<typeof request>[0], refreshToken: string) =>
  request(app).post('/oauth/token').set('Authorization', basicAuth()).type('form')
    .send({ grant_type: 'refresh_token', refresh_token: refreshToken });

describe('statePath', () => {
  it('a second emulator on the same file keeps the login, the saved settings and what is live', async () => {
    const first = createZoomEmulator({ statePath });
    const tokens = await login(first.app);
    const auth = `Bearer ${tokens.access_token}`;
    await request(first.app).patch(`/v2/meetings/${IN_PROGRESS}/livestream`).set('Authorization', auth).send(SETTINGS).expect(204);
    await request(first.app).patch(`/v2/meetings/${IN_PROGRESS}/livestream/status`).set('Authorization', auth)
      .send({ action: 'start', settings: { display_name: 'Kept' } }).expect(204);
    await request(first.app).patch(`/v2/webinars/${LIVE_WEBINAR}/livestream/status`).set('Authorization', auth)
      .send({ action: 'start' }).expect(204);

    const second = createZoomEmulator({ statePath });
    const me = await request(second.app).get('/v2/users/me').set('Authorization', auth);
    const rotated = await refresh(second.app, tokens.refresh_token);

    expect(me.status).toBe(200);
    expect(rotated.status).toBe(200);
    expect(second.livestreamOf(IN_PROGRESS)).toEqual(SETTINGS);
    expect(second.liveStateOf(IN_PROGRESS)).toEqual({ live: true, settings: { display_name: 'Kept' } });
    expect(second.liveStateOf(LIVE_WEBINAR, 'webinar')?.live).toBe(true);
  });

  it('keeps a refresh rotation and a meeting started by a test', async () => {
    const first = createZoomEmulator({ statePath });
    const tokens = await login(first.app);
    const rotated = (await refresh(first.app, tokens.refresh_token).expect(200)).body as { refresh_token: string };
    first.startEvent('meeting', '85746065001');

    const second = createZoomEmulator({ statePath });

    expect((await refresh(second.app, tokens.refresh_token)).status).toBe(400);
    expect((await refresh(second.app, rotated.refresh_token)).status).toBe(200);
    expect(second.meetingsOf('pro').find((meeting) => meeting.id === '85746065001')?.status).toBe('started');
  });

  it('writes the file 0600 in a folder it creates 0700, leaving no temporary file', async () => {
    const emulator = createZoomEmulator({ statePath });
    await login(emulator.app);

    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(statePath)).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.dirname(statePath))).toEqual(['zoom-emulator.json']);
  });

  it('replaces the file by rename on each save, never writing into it (a reader never sees half a file)', async () => {
    const emulator = createZoomEmulator({ statePath });
    await login(emulator.app);
    const before = statSync(statePath).ino;

    emulator.startEvent('meeting', '85746065001');

    expect(statSync(statePath).ino).not.toBe(before);
  });

  it('without statePath keeps everything in memory', async () => {
    const emulator = createZoomEmulator();
    const tokens = await login(emulator.app);

    const other = createZoomEmulator();

    expect((await refresh(other.app, tokens.refresh_token)).status).toBe(400);
  });

  it('sets a corrupt file aside with one warning and starts fresh', async () => {
    createZoomEmulator({ statePath }).startEvent('meeting', '85746065001');
    writeFileSync(statePath, '{"version":1,"grants":[{"accessTok');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    const emulator = createZoomEmulator({ statePath, now: () => 1_700_000_000_000 });

    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain(`${statePath}.corrupt-1700000000000`);
    warn.mockRestore();
    expect(readFileSync(`${statePath}.corrupt-1700000000000`, 'utf8')).toContain('accessTok');
    expect(existsSync(statePath)).toBe(false);
    expect(emulator.meetingsOf('pro').find((meeting) => meeting.id === '85746065001')?.status).toBe('waiting');
    expect((await login(emulator.app)).access_token).toMatch(/^emu_at_/);
  });

  it('sets aside valid JSON of the wrong shape too', () => {
    createZoomEmulator({ statePath }).startEvent('meeting', '85746065001');
    writeFileSync(statePath, JSON.stringify({ version: 1, grants: 'nope' }));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    createZoomEmulator({ statePath, now: () => 5 });

    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    expect(existsSync(`${statePath}.corrupt-5`)).toBe(true);
  });

  it('ignores a half-written temporary file left by a crash', async () => {
    const first = createZoomEmulator({ statePath });
    const tokens = await login(first.app);
    writeFileSync(`${statePath}.tmp`, '{"half');

    const second = createZoomEmulator({ statePath });
    await request(second.app).patch(`/v2/meetings/${IN_PROGRESS}/livestream`)
      .set('Authorization', `Bearer ${tokens.access_token}`).send(SETTINGS).expect(204);

    expect(createZoomEmulator({ statePath }).livestreamOf(IN_PROGRESS)).toEqual(SETTINGS);
    expect(existsSync(`${statePath}.tmp`)).toBe(false);
  });

  it('starts fresh, with a warning, when the state path cannot be read (a folder)', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    const emulator = createZoomEmulator({ statePath: folder });

    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    expect(emulator.meetingsOf('pro')).toHaveLength(4);
  });
});
