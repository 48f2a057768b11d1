import { createClient } from 'redis';
import { SessionStoreUnavailableError } from '../../src/sessions/errors';
import { createSessionRedisClient } from '../../src/sessions/redis-client';
import { RedisSessionStore } from '../../src/sessions/redis-store';
import { eventually } from '../helpers/eventually';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from './redis-test-env';
import { hostSession, storeDestroy, storeGet, storeSet, storeTouch } from './store-calls';

/** The Redis store against a real Redis: sessions under <prefix>sess:, a set per Zoom user with a TTL. */
describeWithRedis('Redis session store', () => {
  const prefix = uniquePrefix('redis-store');
  const logged: string[] = [];
  const log = { error: (line: string) => logged.push(line), info: (line: string) => logged.push(line) };
  let store: RedisSessionStore;
  let raw: ReturnType<typeof createClient>;

  beforeAll(async () => {
    store = new RedisSessionStore(createSessionRedisClient(REDIS_TEST_URL, log), prefix);
    await store.ready();
    raw = createClient({ url: REDIS_TEST_URL });
    await raw.connect();
  });
  afterAll(async () => {
    await store.close();
    await raw.close();
    await deleteKeys(REDIS_TEST_URL, prefix);
  });

  it('stores a session with the cookie\'s TTL and indexes it under its Zoom user with a TTL', async () => {
    await storeSet(store, 'sid-1', hostSession('user-a', 600_000));
    expect((await storeGet(store, 'sid-1'))?.zoom?.userId).toBe('user-a');
    expect(await raw.ttl(`${prefix}sess:sid-1`)).toBeGreaterThan(590);
    expect(await raw.sMembers(`${prefix}user:user-a`)).toEqual(['sid-1']);
    expect(await raw.ttl(`${prefix}user:user-a`)).toBeGreaterThan(590);
  });

  it('keeps the user\'s set alive as long as their longest session, through set and touch', async () => {
    await storeSet(store, 'long', hostSession('user-b', 900_000));
    await storeSet(store, 'short', hostSession('user-b', 60_000));
    expect(await raw.ttl(`${prefix}user:user-b`)).toBeGreaterThan(890);
    await storeTouch(store, 'short', hostSession('user-b', 1_800_000));
    expect(await raw.ttl(`${prefix}sess:short`)).toBeGreaterThan(1790);
    expect(await raw.ttl(`${prefix}user:user-b`)).toBeGreaterThan(1790);
  });

  it('destroy removes the session and its entry in the user\'s set', async () => {
    await storeSet(store, 'gone', hostSession('user-c'));
    await storeDestroy(store, 'gone');
    expect(await storeGet(store, 'gone')).toBeNull();
    expect(await raw.sIsMember(`${prefix}user:user-c`, 'gone')).toBe(0);
  });

  it('sessionsOfUser drops members whose session expired or now belongs to nobody', async () => {
    await storeSet(store, 'live', hostSession('user-d'));
    await storeSet(store, 'expired', hostSession('user-d'));
    await storeSet(store, 'disconnected', hostSession('user-d'));
    await raw.del(`${prefix}sess:expired`);
    await storeSet(store, 'disconnected', hostSession(undefined));
    expect(await store.sessionsOfUser('user-d')).toEqual(['live']);
    expect(await raw.sMembers(`${prefix}user:user-d`)).toEqual(['live']);
  });

  it('destroyUserSessions ends that user\'s sessions only and says how many', async () => {
    await storeSet(store, 'e-1', hostSession('user-e'));
    await storeSet(store, 'e-2', hostSession('user-e'));
    await storeSet(store, 'f-1', hostSession('user-f'));
    expect(await store.destroyUserSessions('user-e')).toBe(2);
    expect(await storeGet(store, 'e-1')).toBeNull();
    expect(await storeGet(store, 'e-2')).toBeNull();
    expect((await storeGet(store, 'f-1'))?.zoom?.userId).toBe('user-f');
    expect(await store.destroyUserSessions('user-e')).toBe(0);
  });

  it('with Redis unreachable, fails fast with SessionStoreUnavailableError and logs no password', async () => {
    const url = 'redis://:not-a-real-password@127.0.0.1:1';
    const down = new RedisSessionStore(createSessionRedisClient(url, log), prefix);
    const started = Date.now();
    await expect(storeGet(down, 'sid-1')).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    await expect(down.destroyUserSessions('user-a')).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(1000);
    await eventually(() => expect(logged.join('\n')).toContain('session store: Redis error'));
    await down.close();
    expect(logged.join('\n')).not.toContain('not-a-real-password');
  });
});
