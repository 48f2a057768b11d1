import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { csrfFrom, inputValue } from '../helpers/harness';
import { startCompiledServer, type CompiledServer } from '../helpers/net';

/**
 * A newcomer restarts the sandbox (`npm start` again) and finds their login and saved settings still
 * there: the sessions live in DATA_DIR/sessions.db, the emulator's state in DATA_DIR/zoom-emulator.json.
 * The same after SIGKILL: the state file is written whole (temporary file, then rename) or not at all.
 */
jest.setTimeout(60_000);

let dataDir: string;
let server: CompiledServer | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'zls-sandbox-restart-'));
});

afterEach(async () => {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGKILL');
  await exited;
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** The same port each time (PORT=0 the first time): BASE_URL, the redirect URI and the cookie's host stay the same. */
async function start(port = '0'): Promise<CompiledServer> {
  server = await startCompiledServer({ PORT: port, EMULATOR_PORT: '0', DATA_DIR: dataDir });
  return server;
}

async function connectAndSave(running: CompiledServer, cookieJar: { cookie: string }, values: Record<string, string>) {
  const install = await request(running.baseUrl).get('/install').expect(302);
  cookieJar.cookie = String(install.headers['set-cookie']).split(';')[0];
  const authorize = new URL(install.headers.location);
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), host: 'pro', decision: 'allow' });
  const back = await fetch(`${authorize.origin}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const callback = new URL(back.headers.get('location')!);
  const done = await request(running.baseUrl).get(`${callback.pathname}${callback.search}`).set('Cookie', cookieJar.cookie).expect(302);
  cookieJar.cookie = String(done.headers['set-cookie']).split(';')[0];
  const home = await request(running.baseUrl).get('/').set('Cookie', cookieJar.cookie).expect(200);
  const meetingId = /href="\/meetings\/(\d+)\/livestream"/.exec(home.text)![1];
  const page = await request(running.baseUrl).get(`/meetings/${meetingId}/livestream`).set('Cookie', cookieJar.cookie).expect(200);
  await request(running.baseUrl).post(`/meetings/${meetingId}/livestream`).set('Cookie', cookieJar.cookie).type('form')
    .send({ _csrf: csrfFrom(page.text), ...values }).expect(303);
  return meetingId;
}

async function expectStillThere(running: CompiledServer, cookie: string, meetingId: string, values: Record<string, string>) {
  const home = await request(running.baseUrl).get('/').set('Cookie', cookie).expect(200);
  expect(home.text).not.toContain('Connect your Zoom account');
  const page = await request(running.baseUrl).get(`/meetings/${meetingId}/livestream`).set('Cookie', cookie).expect(200);
  expect(inputValue(page.text, 'stream_url')).toBe(values.stream_url);
  expect(inputValue(page.text, 'stream_key')).toBe(values.stream_key);
}

it('after SIGTERM and a new start on the same data folder: still connected, the saved settings in place', async () => {
  const first = await start();
  const jar = { cookie: '' };
  const values = { stream_url: 'rtmp://restart.example/live', stream_key: 'survives-sigterm', page_url: 'https://restart.example/watch' };
  const meetingId = await connectAndSave(first, jar, values);
  expect(await first.stop()).toBe(0);

  const second = await start(String(first.port));
  await expectStillThere(second, jar.cookie, meetingId, values);
  expect(await second.stop()).toBe(0);
});

it('after SIGKILL right after a save: the state file is whole, still connected, the settings in place', async () => {
  const first = await start();
  const jar = { cookie: '' };
  const values = { stream_url: 'rtmp://restart.example/kill', stream_key: 'survives-sigkill', page_url: 'https://restart.example/watch' };
  const meetingId = await connectAndSave(first, jar, values);
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  const second = await start(String(first.port));
  expect(second.output()).not.toMatch(/corrupt|set aside/i);
  expect(readdirSync(dataDir).filter((name) => name.includes('corrupt'))).toEqual([]);
  await expectStillThere(second, jar.cookie, meetingId, values);
});
