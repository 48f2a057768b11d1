import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SessionData } from 'express-session';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { signatureFor } from '../../src/zoom/webhook';
import { eventually } from '../helpers/eventually';
import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';

/**
 * A request that loaded the session before /logout (or before app_deauthorized) and saves it after
 * must not write it back: the store refuses a destroyed id. Driven over HTTP, with Zoom's PATCH held
 * back by the emulator so the save lands after the session was ended.
 */
const SLOW_ZOOM_MS = 600;

function sidOf(setCookie: string): string {
  const value = decodeURIComponent(/^[^=]+=([^;]+)/.exec(setCookie)![1]);
  return value.slice(2, value.lastIndexOf('.'));
}

function storedSession(h: Harness, sid: string): Promise<SessionData | null | undefined> {
  return new Promise((resolve, reject) => h.deps.sessionStore.get(sid, (error, sess) => (error ? reject(error) : resolve(sess))));
}

/** Resolves once the emulator has received the PATCH: the slow request has loaded its session by then. */
async function zoomReceivedPatch(h: Harness): Promise<void> {
  await eventually(() => h.emulator.requestsTo('PATCH', '/v2/meetings/').length > 0, { intervalMs: 5 });
}

/** Logs in, then starts a live stream update that Zoom answers slowly; returns the session id and the pending request. */
async function slowUpdateInFlight(h: Harness, agent: TestAgent) {
  const callback = await loginAs(h, 'pro', agent);
  const meetingId = h.emulator.meetingsOf('pro')[0].id;
  const form = await agent.get(`/meetings/${meetingId}/livestream`).expect(200);
  const csrf = csrfFrom(form.text);
  h.emulator.clearRequests();
  h.emulator.failNext({ path: '/v2/meetings/', method: 'PATCH', delayMs: SLOW_ZOOM_MS });
  const fields = { _csrf: csrf, stream_url: 'rtmp://live.example.com/app', stream_key: 'key-123', page_url: 'https://example.com/live', resolution: '720p' };
  const pending = agent.post(`/meetings/${meetingId}/livestream`).type('form').send(fields).then((res) => res);
  await zoomReceivedPatch(h);
  return { sid: sidOf(callback.headers['set-cookie'][0]), csrf, pending };
}

function deauthorize(h: Harness) {
  const body = JSON.stringify({ event: 'app_deauthorized', event_ts: Date.now(), payload: { user_id: h.emulator.hosts.pro.id, account_id: 'acct', client_id: h.config.zoom.clientId, deauthorization_time: new Date().toISOString() } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  return request(h.app).post('/webhooks/zoom').set('content-type', 'application/json').set('x-zm-request-timestamp', timestamp)
    .set('x-zm-signature', signatureFor(SANDBOX_WEBHOOK_SECRET, timestamp, body)).send(body);
}

function lateSaveSuite(env: () => Record<string, string>) {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: env() });
    await h.deps.sessionStore.ready();
  });
  afterEach(async () => {
    await h.deps.sessionStore.close();
    await h.close();
  });

  it('a save that finishes after POST /logout does not bring the session back', async () => {
    const agent = request.agent(h.app);
    const { sid, csrf, pending } = await slowUpdateInFlight(h, agent);
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    // Logout revoked the token, so Zoom now refuses the held PATCH: the reconnect page, which saves the
    // typed values into the session. Either way the request saves its session after it was destroyed.
    expect((await pending).status).toBe(401);
    expect(await storedSession(h, sid)).toBeFalsy();
    expect((await agent.get('/').expect(200)).text).toContain('Connect your Zoom account');
    expect(h.errors).toEqual([]);
  });

  it('a save that finishes after app_deauthorized does not bring the session back', async () => {
    const agent = request.agent(h.app);
    const { sid, pending } = await slowUpdateInFlight(h, agent);
    expect((await deauthorize(h).expect(200)).body).toEqual({ status: 'ok', sessionsEnded: 1 });
    expect((await pending).status).toBe(303);
    expect(await storedSession(h, sid)).toBeFalsy();
    expect(await h.deps.sessionStore.sessionsOfUser(h.emulator.hosts.pro.id)).toEqual([]);
    expect((await agent.get('/').expect(200)).text).toContain('Connect your Zoom account');
  });
}

describe('memory store', () => lateSaveSuite(() => ({ SESSION_STORE: 'memory' })));

describe('SQLite store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-late-save-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  lateSaveSuite(() => ({ SESSION_STORE: 'sqlite', SESSION_DB_PATH: path.join(dir, `s${++n}.db`) }));
});

describeWithRedis('Redis store', () => {
  const prefix = uniquePrefix('late-save');
  afterAll(() => deleteKeys(REDIS_TEST_URL, prefix));
  lateSaveSuite(() => ({ SESSION_STORE: 'redis', REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix }));
});
