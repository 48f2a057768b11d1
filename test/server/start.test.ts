import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { csrfFrom } from '../helpers/harness';
import { startCompiledServer, type CompiledServer } from '../helpers/net';

/**
 * The quick start, for real: the compiled server in sandbox mode, as `npm start` runs it,
 * with the emulator in the same process. A host connects, updates a live stream, logs out.
 * PORT=0 and no BASE_URL: the server picks its port and derives BASE_URL (and the redirect URI
 * the emulator accepts) from it, so parallel runs never race for a port.
 */

let server: CompiledServer;
let dataDir: string;

beforeAll(async () => {
  // A fresh data folder: the sandbox keeps its sessions and the emulator's state there.
  dataDir = mkdtempSync(path.join(tmpdir(), 'zls-start-'));
  server = await startCompiledServer({ PORT: '0', EMULATOR_PORT: '0', DATA_DIR: dataDir });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('with PORT=0 prints the port it bound and opens at a BASE_URL made from it', () => {
  expect(server.port).toBeGreaterThan(0);
  expect(server.baseUrl).toBe(`http://localhost:${server.port}`);
  expect(server.output()).toContain(`listening on 127.0.0.1 port ${server.port}: open http://localhost:${server.port}`);
});

it('prints the emulator and app URLs, and a Pro host can connect, update and log out', async () => {
  expect(server.output()).toContain('Sandbox mode: Zoom emulator at http://127.0.0.1:');
  const agent = request.agent(server.baseUrl);
  const install = await agent.get('/install').expect(302);
  const consentPage = await fetch(install.headers.location);
  expect(await consentPage.text()).toContain('Basic');
  const authorize = new URL(install.headers.location);
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${server.baseUrl}/oauth/callback`);
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), host: 'pro', decision: 'allow' });
  const back = await fetch(`${authorize.origin}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  expect(back.status).toBe(302);
  const callback = new URL(back.headers.get('location')!);
  expect(callback.origin).toBe(server.baseUrl);
  await agent.get(`${callback.pathname}${callback.search}`).expect(302);
  const home = await agent.get('/').expect(200);
  const meetingId = /href="\/meetings\/(\d+)\/livestream"/.exec(home.text)![1];
  const page = await agent.get(`/meetings/${meetingId}/livestream`).expect(200);
  const fields = { _csrf: csrfFrom(page.text), stream_url: 'rtmp://a.example/live', stream_key: 'smoke-key', page_url: 'https://a.example/watch' };
  await agent.post(`/meetings/${meetingId}/livestream`).type('form').send(fields).expect(303);
  expect((await agent.get(`/meetings/${meetingId}/livestream`)).text).toContain('Updated:');
  await agent.post('/logout').type('form').send({ _csrf: fields._csrf }).expect(303);
  expect((await agent.get('/')).text).toContain('Connect your Zoom account');
  expect(server.output()).not.toContain('smoke-key');
});

it('stops cleanly with exit code 0 on SIGTERM', async () => {
  expect(await server.stop()).toBe(0);
});
