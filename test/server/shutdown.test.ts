import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import request from 'supertest';
import { freePort } from '../helpers/net';
import { startZoomEmulator } from '../../src/emulator';

/** SIGTERM: stop accepting, let the in-flight request finish, exit 0. The app runs compiled, in Zoom mode against our emulator. */
const ROOT = path.resolve(__dirname, '../..');


it('finishes an in-flight request after SIGTERM, then exits 0', async () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const emulator = await startZoomEmulator({ redirectUris: [`${base}/oauth/callback`] });
  const env = {
    PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', BASE_URL: base, SESSION_STORE: 'memory',
    ZOOM_CLIENT_ID: 'sandbox-client-id', ZOOM_CLIENT_SECRET: 'sandbox-client-secret',
    ZOOM_OAUTH_URL: emulator.url, ZOOM_API_URL: `${emulator.url}/v2`, ZOOM_TIMEOUT_MS: '5000', LOG_LEVEL: 'silent',
  };
  const child = spawn(process.execPath, ['dist/server.js'], { cwd: ROOT, env });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    while (!output.includes('listening')) {
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const agent = request.agent(base);
    const authorize = new URL((await agent.get('/install').expect(302)).headers.location);
    const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), host: 'pro', decision: 'allow' });
    const back = new URL((await fetch(`${emulator.url}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' })).headers.get('location')!);
    await agent.get(`${back.pathname}${back.search}`).expect(302);

    emulator.failNext({ path: '/v2/meetings', method: 'GET', delayMs: 1500 });
    const inFlight = agent.get(`/meetings/${emulator.meetingsOf('pro')[0].id}/livestream`);
    const reply = inFlight.then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    const res = await reply;
    expect(res.status).toBe(200);
    expect(res.text).toContain('stream_url');
    expect(code).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await emulator.close();
  }
}, 60_000);
