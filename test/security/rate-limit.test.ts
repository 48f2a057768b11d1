import type { Store } from 'express-session';
import request from 'supertest';
import { createApp } from '../../src/app';
import { buildDeps } from '../../src/deps';
import { createLogger } from '../../src/logging';
import { loginAs, startHarness } from '../helpers/harness';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';

/** Sessions the store holds right now (MemoryStore: every row a request wrote). */
function sessionCount(store: Store): Promise<number> {
  return new Promise((resolve, reject) => store.length!((error, length) => (error ? reject(error) : resolve(length ?? 0))));
}

/** Milliseconds from now until the Expires of the session cookie a response set. */
function cookieLifeMs(res: request.Response): number {
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((line) => line.startsWith('zls.sid='));
  if (!cookie) throw new Error(`no session cookie set: ${res.headers['set-cookie']}`);
  return new Date(/Expires=([^;]+)/.exec(cookie)![1]).getTime() - Date.now();
}

it('limits /install per client and answers with a clear 429 page and Retry-After', async () => {
  const h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  try {
    for (let i = 0; i < 5; i += 1) await request(h.app).get('/install').expect(302);
    const res = await request(h.app).get('/install').expect(429);
    expect(res.text).toContain('Too many requests');
    expect(res.text).toContain('Wait a minute');
    expect(res.headers['retry-after']).toBe('60');
    // Pages that cost nothing stay available, and Zoom's webhooks are never limited.
    await request(h.app).get('/').expect(200);
    await request(h.app).get('/healthz').expect(200);
    const hook = await request(h.app).post('/webhooks/zoom').send({}).expect(401);
    expect(hook.body.error).toContain('missing');
  } finally {
    await h.close();
  }
});

it('the per-client login limit holds for every spelling of /install and /oauth/callback, and so do the pending-login rows', async () => {
  const h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  const spellings = ['/Install', '/install/', '/INSTALL/', '/oauth/callback/?code=abc', '/OAuth/Callback?code=abc', '/install'];
  try {
    const statuses: number[] = [];
    for (const path of spellings) {
      for (let i = 0; i < 3; i += 1) statuses.push((await request(h.app).get(path)).status);
    }
    expect(statuses.filter((status) => status !== 429)).toEqual([302, 302, 302, 302, 302]);
    expect(statuses.filter((status) => status === 429)).toHaveLength(spellings.length * 3 - 5);
    expect(await sessionCount(h.deps.sessionStore)).toBeLessThanOrEqual(5);
  } finally {
    await h.close();
  }
});

it('a session that holds only a pending login lives 10 minutes; a completed login gets the full idle time', async () => {
  const h = await startHarness();
  try {
    const install = await h.agent.get('/install').expect(302);
    expect(cookieLifeMs(install)).toBeGreaterThan(9.9 * 60_000);
    expect(cookieLifeMs(install)).toBeLessThanOrEqual(10 * 60_000);
    // The rolling cookie keeps the short life on the next visit; it does not grow back to the idle timeout.
    expect(cookieLifeMs(await h.agent.get('/').expect(200))).toBeLessThanOrEqual(10 * 60_000);

    const login = await loginAs(h, 'pro');
    expect(cookieLifeMs(login)).toBeGreaterThan(59 * 60_000);
  } finally {
    await h.close();
  }
});

describeWithRedis('rate limits shared through Redis', () => {
  const prefix = uniquePrefix('rate-limit');
  afterAll(() => deleteKeys(REDIS_TEST_URL, prefix));

  it('two app instances sharing Redis share one limit: RATE_LIMIT_PER_MINUTE=60 requests spread over both, the 61st refused', async () => {
    const h = await startHarness({ env: { SESSION_STORE: 'redis', REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: '60' } });
    const depsB = buildDeps(h.config, { logger: createLogger('silent') });
    const appB = createApp(h.config, depsB);
    try {
      await Promise.all([h.deps.sessionStore.ready(), depsB.sessionStore.ready()]);
      const instances = [h.app, appB];
      // Logins: alternate instances, and spellings, as a balancer and a client would.
      const logins: number[] = [];
      for (let i = 0; i < 60; i += 1) logins.push((await request(instances[i % 2]).get(i % 3 === 0 ? '/Install/' : '/install')).status);
      expect(logins.filter((status) => status !== 302)).toEqual([]);
      const refusedByA = await request(h.app).get('/install');
      const refusedByB = await request(appB).get('/install');
      expect([refusedByA.status, refusedByB.status]).toEqual([429, 429]);
      expect(refusedByB.text).toContain('Too many requests');
      expect(refusedByB.headers['retry-after']).toBe('60');

      // Form posts count in a limit of their own, shared the same way (refused for CSRF, but counted first).
      const posts: number[] = [];
      for (let i = 0; i < 60; i += 1) posts.push((await request(instances[i % 2]).post('/logout').type('form').send({})).status);
      expect(posts.filter((status) => status !== 403)).toEqual([]);
      await request(appB).post('/logout').type('form').send({}).expect(429);
      await request(h.app).post('/meetings/85746065001/livestream').type('form').send({}).expect(429);
    } finally {
      await Promise.all([h.deps.sessionStore.close(), depsB.sessionStore.close()]);
      await h.close();
    }
  });
});

it('with Redis unreachable, a limited route answers the 503 "session service unavailable" page, never a 500', async () => {
  // Nothing listens on port 1 of loopback: the shared client never connects.
  const h = await startHarness({ env: { SESSION_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:1', REDIS_PREFIX: uniquePrefix('rate-limit-down') } });
  try {
    const res = await request(h.app).get('/Install/');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).toContain('Session service unavailable');
    expect(h.errors).toEqual([]);
  } finally {
    await h.deps.sessionStore.close();
    await h.close();
  }
});
