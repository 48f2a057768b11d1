import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { deauthorizationEvent, sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import { signatureFor } from '../../src/zoom/webhook';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';

let h: Harness;
let listening: Awaited<ReturnType<typeof listenOnLoopback>>;
let url: string;

beforeAll(async () => {
  h = await startHarness();
  listening = await listenOnLoopback(h.app);
  url = `${listening.base}/webhooks/zoom`;
});
afterAll(async () => {
  await listening.close();
  await h.close();
});

const send = (event: object, delivery = {}) => sendZoomWebhook(url, SANDBOX_WEBHOOK_SECRET, event, delivery);
const proDeauthorized = () => deauthorizationEvent(h.emulator.hosts.pro.id, 'acct', h.config.zoom.clientId);

describe('POST /webhooks/zoom', () => {
  it('answers endpoint.url_validation with the HMAC of the plain token', async () => {
    const res = await send({ event: 'endpoint.url_validation', payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
      encryptedToken: createHmac('sha256', SANDBOX_WEBHOOK_SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'),
    });
  });

  it('app_deauthorized ends every session of that Zoom user, leaves others, and is idempotent', async () => {
    const laptop = request.agent(h.app);
    const phone = request.agent(h.app);
    const basic = request.agent(h.app);
    await loginAs(h, 'pro', laptop);
    await loginAs(h, 'pro', phone);
    await loginAs(h, 'basic', basic);
    const first = await send(proDeauthorized());
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: 'ok', sessionsEnded: 2 });
    for (const agent of [laptop, phone]) expect((await agent.get('/')).text).toContain('Connect your Zoom account');
    expect((await basic.get('/')).text).toContain('Log out');
    const again = await send(proDeauthorized());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'ok', sessionsEnded: 0 });
  });

  it('app_deauthorized spares a login made after the event (a delivery that arrives late)', async () => {
    const laptop = request.agent(h.app);
    await loginAs(h, 'pro', laptop);
    const minuteAgo = Date.now() - 60_000;
    const late = { ...proDeauthorized(), event_ts: minuteAgo };
    late.payload.deauthorization_time = new Date(minuteAgo).toISOString();
    const res = await send(late);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', sessionsEnded: 0 });
    expect((await laptop.get('/')).text).toContain('Log out');
  });

  it('a replay of a signed delivery within its 5 minutes is a duplicate: it ends no login made since', async () => {
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const event = proDeauthorized();
    expect((await send(event, { timestampSeconds })).status).toBe(200);
    const newLogin = request.agent(h.app);
    await loginAs(h, 'pro', newLogin);
    const replay = await send(event, { timestampSeconds });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ status: 'duplicate' });
    expect((await newLogin.get('/')).text).toContain('Log out');
    expect(await h.deps.sessionStore.sessionsOfUser(h.emulator.hosts.pro.id)).toHaveLength(1);
  });

  it.each([
    ['a wrong signature', { signature: 'v0=' + '0'.repeat(64) }, 401, 'bad-signature'],
    ['a signature of another length', { signature: 'v0=abc' }, 401, 'bad-signature'],
    ['a timestamp 6 minutes old', { timestampSeconds: Math.floor(Date.now() / 1000) - 360 }, 401, 'stale'],
    ['a timestamp 6 minutes ahead', { timestampSeconds: Math.floor(Date.now() / 1000) + 360 }, 401, 'stale'],
    ['a signed body that is not JSON', { rawBody: '{"event": "app_deauth' }, 400, 'not a JSON object'],
  ])('refuses %s', async (_name, delivery, status, message) => {
    const laptop = request.agent(h.app);
    await loginAs(h, 'pro', laptop);
    const res = await send(proDeauthorized(), delivery);
    expect(res.status).toBe(status);
    expect(JSON.stringify(await res.json())).toContain(message);
    expect((await laptop.get('/')).text).toContain('Log out');
  });

  it('refuses a request without Zoom\'s headers', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(proDeauthorized()) });
    expect(res.status).toBe(401);
  });

  it('acknowledges an event it does not handle with 200 so Zoom does not retry', async () => {
    const res = await send({ event: 'recording.completed', payload: { object: { id: 1 } } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ignored' });
  });

  it('is not subject to CSRF or the form content-type rule, and never logs the secret', async () => {
    const res = await send({ event: 'endpoint.url_validation', payload: { plainToken: 'abc' } });
    expect(res.status).toBe(200);
    expect(h.logs.join('\n')).not.toContain(SANDBOX_WEBHOOK_SECRET);
  });
});

describe('POST /webhooks/zoom with the SQLite file locked by another connection', () => {
  let s: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-webhook-lock-'));
    s = await startHarness({ env: { SESSION_STORE: 'sqlite', SESSION_DB_PATH: path.join(dir, 'sessions.db') } });
  });
  afterAll(async () => {
    await s.deps.sessionStore.close();
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('app_deauthorized answers 503 (so Zoom retries), not 500, and the retry of the same event ends the sessions', async () => {
    const laptop = request.agent(s.app);
    await loginAs(s, 'pro', laptop);
    const event = deauthorizationEvent(s.emulator.hosts.pro.id, 'acct', s.config.zoom.clientId);
    const deliver = () => {
      const body = JSON.stringify(event);
      const timestamp = String(Math.floor(Date.now() / 1000));
      return request(s.app).post('/webhooks/zoom').set('content-type', 'application/json').set('x-zm-request-timestamp', timestamp)
        .set('x-zm-signature', signatureFor(SANDBOX_WEBHOOK_SECRET, timestamp, body)).send(body);
    };
    const other = new Database(path.join(dir, 'sessions.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      expect((await deliver()).status).toBe(503);
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    expect((await deliver().expect(200)).body).toEqual({ status: 'ok', sessionsEnded: 1 });
    expect((await laptop.get('/')).text).toContain('Connect your Zoom account');
    expect(s.errors).toEqual([]);
  });
});
