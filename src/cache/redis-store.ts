import type { SessionRedisClient } from '../sessions/redis-client';
import { storeOperation } from '../sessions/errors';
import { MAX_KEYS_PER_HOST, type EntryStore } from './types';

/** A cache that waits long on Redis is slower than Zoom: past this a read just loads. */
const READ_DEADLINE_MS = 1000;
/** forget() answers the webhook: as long as the session store is given before the request gets its 503. */
const FORGET_DEADLINE_MS = 2000;
/** A host's hash (its gen above all) lives at least this long after its last write or forget, longer than any load takes. */
const MIN_HASH_LIFE_MS = 60_000;

/** How long a host's hash lives after its last write or forget. */
export const hashLifeMsOf = (ttlMs: number): number => Math.max(ttlMs, MIN_HASH_LIFE_MS);

/** Entries live under `k:<key>`, so no key can be taken for the `gen` field. */
function fieldOf(key: string): string {
  return `k:${key}`;
}

/**
 * Keeps an entry only if the host's generation is still the one it was loaded under (an entry of an older
 * generation would never be served; refusing it keeps the hash small). A host past MAX_KEYS_PER_HOST starts
 * over: Redis cannot see inside sealed entries to pick the stale ones. A missing gen is generation 0.
 * KEYS: hash. ARGV: gen, field, sealed entry, hash life (ms), max keys. Returns 1 if kept.
 */
const KEEP_IF_CURRENT = `
local gen = redis.call('HGET', KEYS[1], 'gen')
if (gen or '0') ~= ARGV[1] then return 0 end
local entries = redis.call('HLEN', KEYS[1]) - (gen and 1 or 0)
if entries >= tonumber(ARGV[5]) and redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then
  redis.call('DEL', KEYS[1])
  if gen then redis.call('HSET', KEYS[1], 'gen', gen) end
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/**
 * Moves the host to a new generation and drops its entries, keeping only gen, for the hash's life.
 * KEYS: hash. ARGV: hash life (ms). Returns the new generation.
 */
const FORGET_HOST = `
local gen = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0') + 1
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'gen', gen)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return gen
`;

/**
 * Shared by every instance on one Redis: one hash per host, `<prefix>cache:<hostId>`, with a `gen` field
 * and one field per key holding its sealed entry. Redis 7.0 has no per-field TTL, so the hash as a whole
 * lives max(ttl, 60 s) after its last write and freshness is judged by the reader from the entry's `at`.
 */
export function createRedisEntryStore(redis: SessionRedisClient, prefix: string, ttlMs: number): EntryStore {
  const hashLifeMs = String(hashLifeMsOf(ttlMs));
  const hashOf = (hostId: string) => `${prefix}cache:${hostId}`;

  /** One round trip: the entry and the generation it must match. */
  function look(hostId: string, key: string) {
    return storeOperation(async () => {
      const [sealed, gen] = await redis.hmGet(hashOf(hostId), [fieldOf(key), 'gen']);
      return { gen: gen ?? '0', sealed: sealed ?? undefined };
    }, READ_DEADLINE_MS);
  }

  function keep(hostId: string, key: string, gen: string, sealed: string) {
    return storeOperation(async () => {
      const args = [gen, fieldOf(key), sealed, hashLifeMs, String(MAX_KEYS_PER_HOST)];
      await redis.eval(KEEP_IF_CURRENT, { keys: [hashOf(hostId)], arguments: args });
    }, READ_DEADLINE_MS);
  }

  function forget(hostId: string) {
    return storeOperation(async () => {
      await redis.eval(FORGET_HOST, { keys: [hashOf(hostId)], arguments: [hashLifeMs] });
    }, FORGET_DEADLINE_MS);
  }

  return { look, keep, forget };
}
