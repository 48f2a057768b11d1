import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { REDIRECT_URI, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';
import { freePort, startCompiledServer, type CompiledServer } from '../helpers/net';

/**
 * The SQLite default survives a restart for real: the compiled server (as `npm start` runs it) is
 * stopped with SIGTERM and started again on the same database file, and the host is still connected.
 * The Zoom emulator runs in this test process, so it keeps its tokens across the app's restart.
 */
let h: Harness;
let dir: string;
let base: string;
let port: number;

beforeAll(async () => {
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-restart-'));
  h = await startHarness({ emulator: { redirectUris: [REDIRECT_URI, `${base}/oauth/callback`] } });
});
afterAll(async () => {
  await h.deps.sessionStore.close();
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The compiled server in Zoom mode against this test's emulator, sessions in `dbPath`, its data in the test's folder. */
function startServer(dbPath: string): Promise<CompiledServer> {
  return startCompiledServer({
    NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', BASE_URL: base, DATA_DIR: dir,
    ZOOM_CLIENT_ID: 'sandbox-client-id', ZOOM_CLIENT_SECRET: 'sandbox-client-secret',
    // Zoom mode requires its secrets (config.ts); the same ones on both starts, or the sealed tokens would not open.
    SESSION_SECRET: 'restart-test-session-secret-0123456789', TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
    ZOOM_WEBHOOK_SECRET_TOKEN: 'restart-test-webhook',
    ZOOM_OAUTH_URL: h.emulator.url, ZOOM_API_URL: `${h.emulator.url}/v2`,
    SESSION_STORE: 'sqlite', SESSION_DB_PATH: dbPath, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000',
  });
}

it('after a restart on the same SQLite file the host is still connected and can update a live stream', async () => {
  const dbPath = path.join(dir, 'not-yet', 'created', 'sessions.db');
  const meetingId = h.emulator.meetingsOf('pro')[0].id;
  const agent = request.agent(base);

  const first = await startServer(dbPath);
  try {
    await loginAs(h, 'pro', agent);
    await submitLivestream(agent, meetingId, { stream_url: 'rtmp://before.example/live', stream_key: 'before-key', page_url: 'https://before.example/watch' }, 303);
  } finally {
    expect(await first.stop()).toBe(0);
  }
  expect(fs.existsSync(dbPath)).toBe(true);

  const second = await startServer(dbPath);
  try {
    const home = await agent.get('/').expect(200);
    expect(home.text).not.toContain('Connect your Zoom account');
    expect(home.text).toContain(h.emulator.hosts.pro.email);
    await submitLivestream(agent, meetingId, { stream_url: 'rtmp://after.example/live', stream_key: 'after-key', page_url: 'https://after.example/watch' }, 303);
    expect(h.emulator.livestreamOf(meetingId)?.stream_url).toBe('rtmp://after.example/live');
    expect((await agent.get(`/meetings/${meetingId}/livestream`).expect(200)).text).toContain('Updated:');
  } finally {
    expect(await second.stop()).toBe(0);
  }
}, 60_000);
