import { createReadCache } from '../../src/cache';
import { createSessionRedisClient, type SessionRedisClient } from '../../src/sessions/redis-client';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';
import { deferred, manualClock, newHost, newVault, until, type MakeCache } from './helpers';

/**
 * forgetAccount (issue 22, item 17): Zoom's meeting.updated names the account, not the host, so the cache
 * finds the account's hosts from the reads they made with their accountId, in memory or in Redis.
 */
const TTL = 30_000;
const quiet = { error: () => undefined, info: () => undefined };

function forgetsByAccount(make: () => MakeCache): void {
  it("forgets every host that read with that account, and no other account's host", async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const account = `acct-${newHost()}`;
    const [a, b, other, unnamed] = [newHost(), newHost(), newHost(), newHost()];
    for (const host of [a, b]) await cache.read(host, 'k', async () => `${host} old`, { accountId: account });
    await cache.read(other, 'k', async () => 'other old', { accountId: `acct-${newHost()}` });
    await cache.read(unnamed, 'k', async () => 'unnamed old');

    expect(await cache.forgetAccount(account)).toBe(2);

    for (const host of [a, b]) expect((await cache.read(host, 'k', async () => 'new')).value).toBe('new');
    expect((await cache.read(other, 'k', async () => 'reloaded')).value).toBe('other old');
    expect((await cache.read(unnamed, 'k', async () => 'reloaded')).value).toBe('unnamed old');
    expect(await cache.forgetAccount('')).toBe(0);
  });

  it("a host's first load that began before forgetAccount and resolves after it is not kept", async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const account = `acct-${newHost()}`;
    const host = newHost();
    const slow = deferred<string>();
    let calls = 0;

    const early = cache.read(host, 'k', () => (calls++, slow.promise), { accountId: account });
    await until(() => calls === 1);
    expect(await cache.forgetAccount(account)).toBe(1);
    slow.resolve('before the event');

    expect((await early).value).toBe('before the event');
    expect((await cache.read(host, 'k', async () => 'after the event')).value).toBe('after the event');
  });
}

describe('forgetAccount, cache in memory', () => {
  const vault = newVault();
  forgetsByAccount(() => ({ ttlMs, now }) => createReadCache({ ttlMs, now, vault }));
});

describeWithRedis('forgetAccount, cache in Redis', () => {
  const prefix = uniquePrefix('forget-account');
  const vault = newVault();
  let redis: SessionRedisClient;

  beforeAll(async () => {
    redis = createSessionRedisClient(REDIS_TEST_URL, quiet);
    await redis.connect();
  });
  afterAll(async () => {
    await redis.close();
    await deleteKeys(REDIS_TEST_URL, prefix);
  });

  forgetsByAccount(() => ({ ttlMs, now }) => createReadCache({ ttlMs, now, vault, redis, prefix }));
});
