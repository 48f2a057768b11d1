import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemorySessionStore } from '../../src/sessions/memory-store';
import { createSessionRedisClient } from '../../src/sessions/redis-client';
import { RedisSessionStore } from '../../src/sessions/redis-store';
import { SqliteSessionStore } from '../../src/sessions/sqlite-store';
import type { AppSessionStore } from '../../src/sessions/store-types';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from './redis-test-env';
import { hostSession, storeDestroy, storeGet, storeSet, storeTouch } from './store-calls';

/**
 * Every store: a destroyed session is never written back by a save that was in flight, the user index
 * can spare logins newer than an event, and a key can be claimed once across instances sharing the store.
 */
function startedAt(sess: ReturnType<typeof hostSession>, at: number) {
  return { ...sess, startedAt: at } as typeof sess;
}

function storeContract(open: () => AppSessionStore) {
  let store: AppSessionStore;
  beforeEach(async () => {
    store = open();
    await store.ready();
  });
  afterEach(() => store.close());

  it('a save that finishes after destroy does not bring the session back (tombstone)', async () => {
    const loaded = hostSession('user-a');
    await storeSet(store, 'sid-1', loaded);
    await storeDestroy(store, 'sid-1');
    await storeSet(store, 'sid-1', loaded);
    await storeTouch(store, 'sid-1', loaded);
    expect(await storeGet(store, 'sid-1')).toBeFalsy();
    expect(await store.sessionsOfUser('user-a')).toEqual([]);
  });

  it('a save that finishes after the user\'s sessions were ended does not bring one back', async () => {
    const loaded = hostSession('user-b');
    await storeSet(store, 'sid-b', loaded);
    expect(await store.destroyUserSessions('user-b')).toBe(1);
    await storeSet(store, 'sid-b', loaded);
    expect(await storeGet(store, 'sid-b')).toBeFalsy();
  });

  it('destroyUserSessions with startedBefore spares logins newer than the event', async () => {
    const event = Date.now() - 60_000;
    await storeSet(store, 'old', startedAt(hostSession('user-c'), event - 1000));
    await storeSet(store, 'at-event', startedAt(hostSession('user-c'), event));
    await storeSet(store, 'new', startedAt(hostSession('user-c'), event + 1000));
    expect((await store.sessionsOfUser('user-c', event)).sort()).toEqual(['at-event', 'old']);
    expect(await store.destroyUserSessions('user-c', event)).toBe(2);
    expect(await storeGet(store, 'old')).toBeFalsy();
    expect((await storeGet(store, 'new'))?.zoom?.userId).toBe('user-c');
    expect(await store.sessionsOfUser('user-c')).toEqual(['new']);
  });

  it('rememberOnce is true the first time only, and forget lets the key be claimed again', async () => {
    expect(await store.rememberOnce('delivery-1', 60_000)).toBe(true);
    expect(await store.rememberOnce('delivery-1', 60_000)).toBe(false);
    expect(await store.rememberOnce('delivery-2', 60_000)).toBe(true);
    await store.forget('delivery-1');
    expect(await store.rememberOnce('delivery-1', 60_000)).toBe(true);
  });

  it('probe answers while the store is usable', async () => {
    await expect(store.probe()).resolves.toBeUndefined();
  });
}

describe('memory store', () => {
  storeContract(() => new MemorySessionStore());
});

describe('SQLite store', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-tombstones-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  storeContract(() => new SqliteSessionStore({ path: path.join(dir, `s${++n}.db`) }));

  it('keeps tombstones and remembered keys across a restart, and prunes them once expired', async () => {
    let clock = Date.now();
    const file = path.join(dir, 'restart.db');
    const first = new SqliteSessionStore({ path: file, now: () => clock, tombstoneTtlMs: 60_000 });
    await storeSet(first, 'sid-1', hostSession('user-a'));
    await storeDestroy(first, 'sid-1');
    expect(await first.rememberOnce('delivery', 60_000)).toBe(true);
    await first.close();
    const second = new SqliteSessionStore({ path: file, now: () => clock, tombstoneTtlMs: 60_000 });
    await storeSet(second, 'sid-1', hostSession('user-a'));
    expect(await storeGet(second, 'sid-1')).toBeNull();
    expect(await second.rememberOnce('delivery', 60_000)).toBe(false);
    clock += 61_000;
    expect(await second.prune()).toBeGreaterThanOrEqual(2);
    expect(await second.rememberOnce('delivery', 60_000)).toBe(true);
    await second.close();
  });
});

describeWithRedis('Redis store', () => {
  const prefix = uniquePrefix('tombstones');
  afterAll(() => deleteKeys(REDIS_TEST_URL, prefix));
  const quiet = { error: () => undefined, info: () => undefined };
  let n = 0;
  storeContract(() => new RedisSessionStore(createSessionRedisClient(REDIS_TEST_URL, quiet), `${prefix}${++n}:`));

  it('two instances sharing Redis claim a key once between them', async () => {
    const a = new RedisSessionStore(createSessionRedisClient(REDIS_TEST_URL, quiet), `${prefix}shared:`);
    const b = new RedisSessionStore(createSessionRedisClient(REDIS_TEST_URL, quiet), `${prefix}shared:`);
    await Promise.all([a.ready(), b.ready()]);
    const claims = await Promise.all([a.rememberOnce('delivery', 60_000), b.rememberOnce('delivery', 60_000)]);
    expect(claims.sort()).toEqual([false, true]);
    await Promise.all([a.close(), b.close()]);
  });
});
