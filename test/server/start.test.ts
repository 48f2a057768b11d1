import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { freePort } from '../helpers/net';
import { csrfFrom } from '../helpers/harness';

/**
 * The quick start, for real: the compiled server in sandbox mode, as `npm start` runs it,
 * with the emulator in the same process. A host connects, updates a live stream, logs out.
 */
const ROOT = path.resolve(__dirname, '../..');


let child: ChildProcess;
let output = '';
let base: string;

beforeAll(async () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = { PATH: process.env.PATH, PORT: String(port), EMULATOR_PORT: '0', BASE_URL: base, SESSION_DB_PATH: path.join(mkdtempSync(path.join(tmpdir(), 'zls-start-')), 'sessions.db') };
  child = spawn(process.execPath, ['dist/server.js'], { cwd: ROOT, env });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  while (!output.includes('listening')) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 60_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

it('prints the emulator and app URLs, and a Pro host can connect, update and log out', async () => {
  expect(output).toContain('Sandbox mode: Zoom emulator at http://127.0.0.1:');
  expect(output).toContain(`open ${base}`);
  const agent = request.agent(base);
  const install = await agent.get('/install').expect(302);
  const consentPage = await fetch(install.headers.location);
  expect(await consentPage.text()).toContain('Basic');
  const authorize = new URL(install.headers.location);
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), host: 'pro', decision: 'allow' });
  const back = await fetch(`${authorize.origin}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const callback = new URL(back.headers.get('location')!);
  await agent.get(`${callback.pathname}${callback.search}`).expect(302);
  const home = await agent.get('/').expect(200);
  const meetingId = /href="\/meetings\/(\d+)\/livestream"/.exec(home.text)![1];
  const page = await agent.get(`/meetings/${meetingId}/livestream`).expect(200);
  const fields = { _csrf: csrfFrom(page.text), stream_url: 'rtmp://a.example/live', stream_key: 'smoke-key', page_url: 'https://a.example/watch' };
  await agent.post(`/meetings/${meetingId}/livestream`).type('form').send(fields).expect(303);
  expect((await agent.get(`/meetings/${meetingId}/livestream`)).text).toContain('Updated:');
  await agent.post('/logout').type('form').send({ _csrf: fields._csrf }).expect(303);
  expect((await agent.get('/')).text).toContain('Connect your Zoom account');
  expect(output).not.toContain('smoke-key');
});

it('stops cleanly with exit code 0 on SIGTERM', async () => {
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
});
