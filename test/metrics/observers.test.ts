import { createReadCache } from '../../src/cache';
import type { RefreshLockWait } from '../../src/credentials/lock-wait';
import { createLocalRefreshLock, createRefreshLock } from '../../src/credentials/refresh-lock';
import { createSessionRedisClient, type SessionRedisClient } from '../../src/sessions/redis-client';
import { operationOf } from '../../src/zoom/call-record';
import { deferred, manualClock, newHost, newVault } from '../cache/helpers';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';

/** The thin hooks the metrics hang on, each on its own module: what they report, and when. */

describe('Zoom operations as metric labels', () => {
  it.each([
    ['GET', '/users/me', 'GET /users/me'],
    ['GET', '/users/me/settings', 'GET /users/me/settings'],
    ['GET', '/users/me/meetings?type=upcoming&page_size=30&next_page_token=abc123', 'GET /users/me/meetings'],
    ['GET', '/meetings/90071992547409931', 'GET /meetings/{id}'],
    ['PATCH', '/meetings/85746065001/livestream', 'PATCH /meetings/{id}/livestream'],
    ['PATCH', '/webinars/84129876503/livestream/status', 'PATCH /webinars/{id}/livestream/status'],
    // A meeting UUID (an occurrence) and anything unforeseen: replaced too, never passed through.
    ['GET', '/meetings/4444AAAiAAAAAiAiAiiAii%3D%3D/livestream', 'GET /meetings/{id}/livestream'],
    ['GET', '/users/someone@example.com/meetings', 'GET /users/{id}/meetings'],
  ])('%s %s is %s', (method, path, operation) => {
    expect(operationOf(method, path)).toBe(operation);
  });
});

describe('refresh lock waits', () => {
  it('in one process: a caller that joins a refresh in flight waited; one that finds it done did not', async () => {
    const waits: RefreshLockWait[] = [];
    const lock = createLocalRefreshLock(30_000, (wait) => waits.push(wait));
    const zoom = deferred<string>();
    const first = lock.run('rt-1', () => zoom.promise);
    const second = lock.run('rt-1', async () => 'not called');
    const third = lock.run('rt-1', async () => 'not called');
    expect(waits).toEqual([]);
    zoom.resolve('rotated');
    expect(await Promise.all([first, second, third])).toEqual(['rotated', 'rotated', 'rotated']);
    expect(waits.map((wait) => wait.scope)).toEqual(['process', 'process']);
    expect(waits.every((wait) => wait.seconds >= 0 && wait.seconds < 5)).toBe(true);
    // Remembered: handed out at once, no wait.
    expect(await lock.run('rt-1', async () => 'not called')).toBe('rotated');
    expect(waits).toHaveLength(2);
  });

  it('a failed refresh ends the wait too', async () => {
    const waits: RefreshLockWait[] = [];
    const lock = createLocalRefreshLock(30_000, (wait) => waits.push(wait));
    const zoom = deferred<string>();
    const first = lock.run('rt-2', () => zoom.promise);
    const second = lock.run('rt-2', async () => 'not called');
    zoom.reject(new Error('zoom 502'));
    await expect(first).rejects.toThrow('zoom 502');
    await expect(second).rejects.toThrow('zoom 502');
    expect(waits.map((wait) => wait.scope)).toEqual(['process']);
  });
});

describeWithRedis('refresh lock waits across instances', () => {
  const prefix = uniquePrefix('lock-waits');
  const quiet = { error: () => undefined, info: () => undefined };
  let clientA: SessionRedisClient;
  let clientB: SessionRedisClient;

  beforeAll(async () => {
    clientA = createSessionRedisClient(REDIS_TEST_URL, quiet);
    clientB = createSessionRedisClient(REDIS_TEST_URL, quiet);
    await Promise.all([clientA.connect(), clientB.connect()]);
  });
  afterAll(async () => {
    await Promise.all([clientA.close(), clientB.close()]);
    await deleteKeys(REDIS_TEST_URL, prefix);
  });

  it('the instance that finds the lock held waits for the other\'s result, and says how long', async () => {
    const waitsA: RefreshLockWait[] = [];
    const waitsB: RefreshLockWait[] = [];
    const a = createRefreshLock({ client: clientA, prefix, pollMs: 10, onWait: (wait) => waitsA.push(wait) });
    const b = createRefreshLock({ client: clientB, prefix, pollMs: 10, onWait: (wait) => waitsB.push(wait) });
    const zoom = deferred<string>();
    let started!: () => void;
    const holding = new Promise<void>((resolve) => {
      started = resolve;
    });
    const onA = a.run('rt-across', () => {
      started();
      return zoom.promise;
    });
    await holding;
    const onB = b.run('rt-across', async () => 'not called');
    await new Promise((resolve) => setTimeout(resolve, 100));
    zoom.resolve('rotated');
    expect(await Promise.all([onA, onB])).toEqual(['rotated', 'rotated']);
    expect(waitsA).toEqual([]);
    expect(waitsB.map((wait) => wait.scope)).toEqual(['instances']);
    expect(waitsB[0].seconds).toBeGreaterThanOrEqual(0.05);
  });
});

describe('read cache results', () => {
  it('hit, miss, shared and bypass, one per read', async () => {
    const results: string[] = [];
    const cache = createReadCache({ ttlMs: 60_000, vault: newVault(), now: manualClock().now, observe: (result) => results.push(result) });
    const host = newHost();
    const zoom = deferred<string>();
    const first = cache.read(host, 'k', () => zoom.promise);
    const joined = cache.read(host, 'k', async () => 'not called');
    zoom.resolve('answer');
    await Promise.all([first, joined]);
    await cache.read(host, 'k', async () => 'not called');
    await cache.read(host, 'k', async () => 'fresh', { bypass: true });
    expect(results.sort()).toEqual(['bypass', 'hit', 'miss', 'shared']);
  });

  it('with the cache off (ZOOM_CACHE_SECONDS=0) every read is a miss', async () => {
    const results: string[] = [];
    const cache = createReadCache({ ttlMs: 0, vault: newVault(), observe: (result) => results.push(result) });
    const host = newHost();
    await cache.read(host, 'k', async () => 1);
    await cache.read(host, 'k', async () => 2);
    expect(results).toEqual(['miss', 'miss']);
  });
});
