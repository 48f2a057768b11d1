import { createReadCache, type ReadCache } from '../../src/cache';
import { createMemoryEntryStore } from '../../src/cache/memory-store';
import { createReadCacheOver } from '../../src/cache/read-cache';
import type { EntryStore } from '../../src/cache/types';
import { SessionStoreUnavailableError } from '../../src/sessions/errors';
import { createSessionRedisClient, type SessionRedisClient } from '../../src/sessions/redis-client';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';
import { behavesAsReadCache } from './behaviour';
import { deferred, livestreamAnswer, manualClock, newHost, newVault, until, type MakeCache } from './helpers';

const TTL = 30_000;
const quiet = { error: () => undefined, info: () => undefined };

describe('read cache in memory', () => {
  const vault = newVault();
  behavesAsReadCache(() => ({ ttlMs, now, vault: own }) => createReadCache({ ttlMs, now, vault: own ?? vault }));

  it('holds maxHosts hosts, dropping the least recently used first', async () => {
    const cache = createReadCache({ ttlMs: TTL, vault, now: manualClock().now, maxHosts: 2 });
    const [a, b, c] = [newHost(), newHost(), newHost()];
    for (const host of [a, b]) await cache.read(host, 'k', async () => `${host} kept`);
    await cache.read(a, 'k', async () => 'a reloaded');
    await cache.read(c, 'k', async () => 'c kept');

    expect((await cache.read(a, 'k', async () => 'a reloaded')).value).toBe(`${a} kept`);
    expect((await cache.read(c, 'k', async () => 'c reloaded')).value).toBe('c kept');
    expect((await cache.read(b, 'k', async () => 'b reloaded')).value).toBe('b reloaded');
  });

  it('hands the store only sealed entries: the stream key is nowhere in clear', async () => {
    const handed: string[] = [];
    const memory = createMemoryEntryStore(10);
    const spying: EntryStore = { ...memory, keep: (host, key, gen, sealed) => (handed.push(sealed), memory.keep(host, key, gen, sealed)) };
    const cache = createReadCacheOver(spying, { ttlMs: TTL, vault, now: manualClock().now });

    await cache.read(newHost(), 'livestream:meeting:85746065432', async () => livestreamAnswer('sk-secret-4242'));

    expect(handed).toHaveLength(1);
    expect(handed[0]).not.toContain('sk-secret-4242');
    expect(handed[0]).not.toContain('rtmp://');
  });

  it('an entry that does not open (tampered, or sealed with a key no longer held) is a miss', async () => {
    const memory = createMemoryEntryStore(10);
    const tampering: EntryStore = { ...memory, look: async (host, key) => {
      const seen = await memory.look(host, key);
      return { ...seen, sealed: seen.sealed && `${seen.sealed.slice(0, -2)}AA` };
    } };
    const host = newHost();
    const original = createReadCacheOver(memory, { ttlMs: TTL, vault, now: manualClock().now });
    await original.read(host, 'k', async () => 'kept');

    const tampered = createReadCacheOver(tampering, { ttlMs: TTL, vault, now: manualClock().now });
    const rotated = createReadCacheOver(memory, { ttlMs: TTL, vault: newVault(), now: manualClock().now });

    expect((await tampered.read(host, 'k', async () => 'loaded')).value).toBe('loaded');
    expect((await rotated.read(host, 'k', async () => 'loaded')).value).toBe('loaded');
  });

  it('a store that cannot answer never fails a read, and makes forgetHost reject', async () => {
    const broken = new Error('store down');
    const failing: EntryStore = { look: () => Promise.reject(broken), keep: () => Promise.reject(broken), forget: () => Promise.reject(broken) };
    const cache = createReadCacheOver(failing, { ttlMs: TTL, vault, now: manualClock().now });
    const load = jest.fn(async () => 'from Zoom');

    expect((await cache.read(newHost(), 'k', load)).value).toBe('from Zoom');
    expect((await cache.read(newHost(), 'k', load)).value).toBe('from Zoom');
    await expect(cache.forgetHost(newHost())).rejects.toBe(broken);
  });
});

describeWithRedis('read cache in Redis', () => {
  const prefix = uniquePrefix('read-cache');
  const vault = newVault();
  let first: SessionRedisClient;
  let second: SessionRedisClient;

  beforeAll(async () => {
    [first, second] = [createSessionRedisClient(REDIS_TEST_URL, quiet), createSessionRedisClient(REDIS_TEST_URL, quiet)];
    await Promise.all([first.connect(), second.connect()]);
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
    await deleteKeys(REDIS_TEST_URL, prefix);
  });

  const onFirst: MakeCache = ({ ttlMs, now, vault: own }) => createReadCache({ ttlMs, now, vault: own ?? vault, redis: first, prefix });
  behavesAsReadCache(() => onFirst);

  /** Instance A and instance B: one Redis, two clients, as two app processes have. */
  function twoInstances(ttlMs = TTL): [ReadCache, ReadCache] {
    const { now } = manualClock();
    return [createReadCache({ ttlMs, now, vault, redis: first, prefix }), createReadCache({ ttlMs, now, vault, redis: second, prefix })];
  }

  it('a value loaded by one instance is served by another; forgetHost on one makes the other load again', async () => {
    const [a, b] = twoInstances();
    const host = newHost();
    await a.read(host, 'user:me', async () => ({ email: 'pro@example.com' }));

    const onB = jest.fn(async () => ({ email: 'loaded by B' }));
    expect((await b.read(host, 'user:me', onB)).value).toEqual({ email: 'pro@example.com' });
    await a.forgetHost(host);
    expect((await b.read(host, 'user:me', onB)).value).toEqual({ email: 'loaded by B' });
    expect(onB).toHaveBeenCalledTimes(1);
  });

  it('a load on one instance that resolves after a forget on another is not kept', async () => {
    const [a, b] = twoInstances();
    const host = newHost();
    const slow = deferred<string>();
    let calls = 0;
    const early = b.read(host, 'k', () => (calls++, slow.promise));
    await until(() => calls === 1);

    await a.forgetHost(host);
    slow.resolve('before forget');
    await early;

    expect((await a.read(host, 'k', async () => 'after forget')).value).toBe('after forget');
  });

  it('keeps one hash per host, its entries sealed: the stream key is nowhere in clear', async () => {
    const [a] = twoInstances();
    const host = newHost();
    await a.read(host, 'livestream:meeting:85746065432', async () => livestreamAnswer('sk-secret-4242'));
    await a.read(host, 'user:me', async () => ({ id: host }));

    const hash = `${prefix}cache:${host}`;
    const fields = await first.hGetAll(hash);
    expect(Object.keys(fields).sort()).toEqual(['k:livestream:meeting:85746065432', 'k:user:me']);
    for (const raw of Object.values(fields)) expect(raw).not.toMatch(/sk-secret-4242|rtmp:|"value"/);
    expect(await first.pTTL(hash)).toBeGreaterThan(59_000);
    expect(await first.pTTL(hash)).toBeLessThanOrEqual(60_000);
  });

  it('an entry tampered with, copied to another host, or sealed with a retired key is a miss', async () => {
    const [a] = twoInstances();
    const [host, other] = [newHost(), newHost()];
    await a.read(host, 'k', async () => 'kept');
    await a.read(other, 'k', async () => 'other kept');
    const sealed = (await first.hGet(`${prefix}cache:${host}`, 'k:k'))!;

    await first.hSet(`${prefix}cache:${other}`, 'k:k', sealed);
    expect((await a.read(other, 'k', async () => 'copy refused')).value).toBe('copy refused');
    const rotated = createReadCache({ ttlMs: TTL, now: manualClock().now, vault: newVault(), redis: second, prefix });
    expect((await rotated.read(host, 'k', async () => 'new key')).value).toBe('new key');
    await first.hSet(`${prefix}cache:${host}`, 'k:k', `${sealed.slice(0, -2)}AA`);
    expect((await a.read(host, 'k', async () => 'tamper refused')).value).toBe('tamper refused');
  });

  it('with Redis unreachable, reads load from Zoom and forgetHost rejects as a store outage', async () => {
    const down = createSessionRedisClient('redis://127.0.0.1:1', quiet);
    const connecting = down.connect().catch(() => undefined);
    try {
      const cache = createReadCache({ ttlMs: TTL, vault, redis: down, prefix });
      const load = jest.fn(async () => 'from Zoom');
      expect((await cache.read(newHost(), 'k', load)).value).toBe('from Zoom');
      expect((await cache.read(newHost(), 'k', load)).value).toBe('from Zoom');
      await expect(cache.forgetHost(newHost())).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    } finally {
      down.destroy();
      await connecting;
    }
  });
});
