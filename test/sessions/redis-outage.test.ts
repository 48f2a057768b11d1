import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { eventually } from '../helpers/eventually';
import { loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';
import { freePort } from '../helpers/net';
import { describeWithRedisServerBinary, startRedisServer, uniquePrefix, type RedisServer } from './redis-test-env';

/**
 * A Redis of this suite's own, killed mid-run and started again: requests get the 503 page and
 * /readyz 503 while it is down (naming the store and Redis; /healthz, liveness, stays 200), nothing crashes,
 * and service resumes by itself (no app restart).
 * Redis keeps an append-only file here, so the host's session is still there when it returns.
 */
describeWithRedisServerBinary('Redis outage', () => {
  const password = 'outage-test-pw-7f3a';
  let dir: string;
  let port: number;
  let redis: RedisServer;
  let h: Harness;
  const OUTAGE_MS = 4000;
  const redisArgs = () => ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--requirepass', password];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-redis-outage-'));
    port = await freePort();
    redis = await startRedisServer(port, redisArgs(), password);
    h = await startHarness({ env: { SESSION_STORE: 'redis', REDIS_URL: redis.url, REDIS_PREFIX: uniquePrefix('outage') } });
    await h.deps.sessionStore.ready();
  });
  afterAll(async () => {
    await h.deps.sessionStore.close();
    await redis.stop();
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Reads /readyz until it answers `until`; resolves to the statuses seen on the way. */
  async function pollHealth(until: number, timeoutMs: number): Promise<number[]> {
    const seen: number[] = [];
    await eventually(async () => {
      const { status } = await request(h.app).get('/readyz');
      if (seen.at(-1) !== status) seen.push(status);
      expect(status).toBe(until);
    }, { timeoutMs, intervalMs: 10 });
    return seen;
  }

  it('answers 503 while Redis is down and recovers by itself when it is back, with the host still connected', async () => {
    const meetingId = h.emulator.meetingsOf('pro')[0].id;
    await loginAs(h, 'pro');
    await h.agent.get('/').expect(200);

    await redis.stop('SIGKILL');
    expect(await pollHealth(503, 5000)).toContain(503);
    const downStarted = Date.now();
    const page = await h.agent.get('/');
    const pageMs = Date.now() - downStarted;
    expect(page.status).toBe(503);
    expect(page.text).toContain('Session service unavailable');
    expect((await h.agent.get(`/meetings/${meetingId}/livestream`)).status).toBe(503);
    const health = await request(h.app).get('/readyz').expect(503);
    expect(health.body).toEqual({ status: 'unavailable', sessionStore: 'failing', database: 'ok', redis: 'failing' });
    expect(health.headers['retry-after']).toBe('5');
    await request(h.app).get('/healthz').expect(200, { status: 'ok' });
    // Stay down long enough for the client's reconnect backoff to reach its 2 s ceiling: real time on purpose,
    // since the backoff is the Redis client's own timer.
    const duringOutage = new Set<number>();
    while (Date.now() - downStarted < OUTAGE_MS) {
      duringOutage.add((await h.agent.get('/')).status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect([...duringOutage]).toEqual([503]);

    const restarted = Date.now();
    redis = await startRedisServer(port, redisArgs(), password);
    const redisUp = Date.now();
    const statuses = await pollHealth(200, 10_000);
    const recovered = Date.now();
    expect(statuses.at(-1)).toBe(200);

    const home = await h.agent.get('/').expect(200);
    expect(home.text).not.toContain('Connect your Zoom account');
    await submitLivestream(h.agent, meetingId, { stream_url: 'rtmp://after-outage.example/live', stream_key: 'k', page_url: 'https://after-outage.example/w' }, 303);

    const logs = h.logs.join('\n');
    expect(logs).toContain('session store: Redis error');
    expect(logs).toContain('Redis connection restored');
    expect(logs).not.toContain(password);
    console.log(
      `Redis outage of ${OUTAGE_MS} ms: a page answered 503 in ${pageMs} ms while down (every request: ${[...duringOutage].join(', ')}); Redis answered PING ${redisUp - restarted} ms after restart; ` +
        `/readyz back to 200 ${recovered - redisUp} ms after that (${recovered - restarted} ms after the restart began); statuses seen: ${statuses.join(' → ')}`,
    );
  }, 30_000);
});
