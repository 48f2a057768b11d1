import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { SessionStoreUnavailableError } from '../../src/sessions/errors';
import { createSessionRedisClient, type SessionRedisClient } from '../../src/sessions/redis-client';
import { createLocalRefreshLock, createRefreshLock } from '../../src/credentials/refresh-lock';
import { loadConfig } from '../../src/config';
import { buildDeps } from '../../src/deps';
import { createLogger } from '../../src/logging';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';

/**
 * One Zoom refresh per refresh token: two lock instances on two Redis clients stand for two app
 * instances; `refresh` stands for the call to Zoom's token endpoint, counted.
 */
const quiet = { error: () => undefined, info: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function zoomStandIn(result: string, delayMs = 100) {
  const calls: string[] = [];
  const refresh = (who: string) => async () => {
    calls.push(who);
    await sleep(delayMs);
    return { sealed: result, by: who };
  };
  return { calls, refresh };
}

describe('in-process refresh lock (SQLite and memory stores)', () => {
  it('concurrent callers with one refresh token share one refresh', async () => {
    const lock = createLocalRefreshLock();
    const zoom = zoomStandIn('rotated');
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => lock.run('rt-1', zoom.refresh(`caller-${n}`))));
    expect(zoom.calls).toEqual(['caller-1']);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('remembers a success for late callers, but not a failure', async () => {
    const lock = createLocalRefreshLock(200);
    await expect(lock.run('rt-2', async () => Promise.reject(new Error('zoom 502')))).rejects.toThrow('zoom 502');
    expect(await lock.run('rt-2', async () => 'second try')).toBe('second try');
    expect(await lock.run('rt-2', async () => 'not called')).toBe('second try');
    await sleep(250);
    expect(await lock.run('rt-2', async () => 'after the memory')).toBe('after the memory');
  });
});

describeWithRedis('Redis refresh lock across instances', () => {
  const prefix = uniquePrefix('refresh-lock');
  let clientA: SessionRedisClient;
  let clientB: SessionRedisClient;
  let raw: ReturnType<typeof createClient>;

  beforeAll(async () => {
    clientA = createSessionRedisClient(REDIS_TEST_URL, quiet);
    clientB = createSessionRedisClient(REDIS_TEST_URL, quiet);
    raw = createClient({ url: REDIS_TEST_URL });
    await Promise.all([clientA.connect(), clientB.connect(), raw.connect()]);
  });
  afterAll(async () => {
    await Promise.all([clientA.close(), clientB.close(), raw.close()]);
    await deleteKeys(REDIS_TEST_URL, prefix);
  });

  it('two instances refreshing one token at once make one Zoom call and both get the rotated token', async () => {
    const a = createRefreshLock({ client: clientA, prefix });
    const b = createRefreshLock({ client: clientB, prefix });
    const zoom = zoomStandIn('rotated-1', 150);
    const runs = [...[1, 2, 3].map((n) => a.run('rt-shared', zoom.refresh(`A${n}`))), ...[1, 2, 3].map((n) => b.run('rt-shared', zoom.refresh(`B${n}`)))];
    const results = await Promise.all(runs);
    expect(zoom.calls).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('an instance arriving after the refresh gets the remembered result, and refreshes itself once it is forgotten', async () => {
    const a = createRefreshLock({ client: clientA, prefix, rememberMs: 300 });
    const b = createRefreshLock({ client: clientB, prefix, rememberMs: 300 });
    const zoom = zoomStandIn('rotated-2', 10);
    await a.run('rt-late', zoom.refresh('A'));
    expect(await b.run('rt-late', zoom.refresh('B'))).toEqual({ sealed: 'rotated-2', by: 'A' });
    await sleep(400);
    expect(await b.run('rt-late', zoom.refresh('B'))).toEqual({ sealed: 'rotated-2', by: 'B' });
    expect(zoom.calls).toEqual(['A', 'B']);
  });

  it('when the holder\'s refresh fails, the waiting instance refreshes for itself', async () => {
    const a = createRefreshLock({ client: clientA, prefix });
    const b = createRefreshLock({ client: clientB, prefix });
    const failing = a.run('rt-fail', async () => {
      await sleep(100);
      throw new Error('zoom answered 502');
    });
    await sleep(20);
    const waiting = b.run('rt-fail', async () => 'B refreshed');
    await expect(failing).rejects.toThrow('zoom answered 502');
    expect(await waiting).toBe('B refreshed');
  });

  it('a holder that died without releasing delays the others only until its lock expires', async () => {
    const b = createRefreshLock({ client: clientB, prefix });
    const id = createHash('sha256').update('rt-orphan').digest('hex');
    await raw.set(`${prefix}refresh-lock:${id}`, 'crashed-instance', { expiration: { type: 'PX', value: 300 } });
    const started = Date.now();
    expect(await b.run('rt-orphan', async () => 'B took over')).toBe('B took over');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('keeps no refresh token in Redis keys or values, and releases its lock', async () => {
    const a = createRefreshLock({ client: clientA, prefix });
    await a.run('rt-secret-value-123', async () => ({ sealed: 'sealed-by-the-vault' }));
    const keys: string[] = [];
    for await (const batch of raw.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
    const values = await Promise.all(keys.map((key) => raw.get(key)));
    expect([...keys, ...values].join('\n')).not.toContain('rt-secret-value-123');
    expect(keys.some((key) => key.startsWith(`${prefix}refresh-lock:`))).toBe(false);
    expect(keys.filter((key) => key.startsWith(`${prefix}refresh:`)).length).toBeGreaterThan(0);
  });

  it('the app\'s lock outlives its slowest refresh: the lock\'s life exceeds the Zoom timeout', async () => {
    const config = loadConfig({ NODE_ENV: 'test', SESSION_STORE: 'redis', REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix, ZOOM_TIMEOUT_MS: '30000' });
    const deps = buildDeps(config, { logger: createLogger('silent') });
    try {
      await deps.sessionStore.ready();
      const id = createHash('sha256').update('rt-slow').digest('hex');
      const lockLife = await deps.refreshLock.run('rt-slow', async () => raw.pTTL(`${prefix}refresh-lock:${id}`));
      expect(lockLife).toBeGreaterThan(30_000);
    } finally {
      await deps.sessionStore.close();
    }
  });

  it('with Redis unreachable, fails with SessionStoreUnavailableError instead of refreshing blind', async () => {
    const down = createSessionRedisClient('redis://127.0.0.1:1', quiet);
    void down.connect().catch(() => undefined);
    const lock = createRefreshLock({ client: down, prefix });
    let called = false;
    await expect(lock.run('rt-x', async () => (called = true))).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    expect(called).toBe(false);
    down.destroy();
  });
});
