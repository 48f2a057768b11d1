import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/**
 * Whatever the store, when it cannot answer the host gets a 503 page that says what is wrong,
 * and /readyz says so too (while /healthz, liveness, stays 200). Here the SQLite file is closed under a running app.
 */
let h: Harness;
let dir: string;
// /readyz reuses its verdict for a second: moving the app's clock on makes the next request probe again.
let skew = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-outage-page-'));
  h = await startHarness({ env: { SESSION_STORE: 'sqlite', SESSION_DB_PATH: path.join(dir, 'sessions.db') }, deps: { now: () => Date.now() + skew } });
});
afterAll(async () => {
  await h.deps.sessionStore.close();
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('GET / with a broken session store answers 503 "Session service unavailable", and /readyz 503', async () => {
  await loginAs(h, 'pro');
  await h.agent.get('/').expect(200);
  await request(h.app).get('/readyz').expect(200, { status: 'ready', sessionStore: 'ok', database: 'ok' });

  await h.deps.sessionStore.close();

  const page = await h.agent.get('/').expect(503);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.headers['retry-after']).toBe('5');
  expect(page.text).toMatch(/<h1[^>]*>Session service unavailable<\/h1>/);
  expect(page.text).toContain('The session service is down');
  expect(page.text).toContain('try again shortly');
  skew += 1000;
  await request(h.app).get('/readyz').expect(503, { status: 'unavailable', sessionStore: 'failing', database: 'ok' });
  await request(h.app).get('/healthz').expect(200, { status: 'ok' });
  // Starting a login must save the pending state: that fails the same way, as a 503 and not a 500.
  await request(h.app).get('/install').expect(503);
  expect(h.errors).toEqual([]);
});
