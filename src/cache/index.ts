import type { TokenVault } from '../credentials/vault';
import type { SessionRedisClient } from '../sessions/redis-client';
import { createMemoryAccountIndex, createRedisAccountIndex } from './account-index';
import { createMemoryEntryStore } from './memory-store';
import { createReadCacheOver, type CacheReadResult } from './read-cache';
import { createRedisEntryStore, hashLifeMsOf } from './redis-store';
import type { ReadCache } from './types';

export type { Reading, ReadCache } from './types';
export type { CacheReadResult } from './read-cache';

/** Hosts the in-memory store holds before the least recently used is dropped. */
const DEFAULT_MAX_HOSTS = 10_000;

/**
 * The per-host read cache of Zoom's answers, so repeated page views cost Zoom next to nothing.
 * With `redis`, entries live in Redis and every instance sharing it sees them (and their forgetting);
 * without, they live in this process. Either way they rest sealed with `vault`: they hold stream keys.
 * Beside them, which hosts each account has (cache-account:<id> in Redis), for forgetAccount.
 */
export function createReadCache(options: {
  ttlMs: number;
  vault: TokenVault;
  redis?: SessionRedisClient;
  prefix?: string;
  now?: () => number;
  maxHosts?: number;
  observe?: (result: CacheReadResult) => void;
}): ReadCache {
  const { ttlMs, vault, redis, prefix = 'zls:', now = Date.now, maxHosts = DEFAULT_MAX_HOSTS, observe } = options;
  const store = redis ? createRedisEntryStore(redis, prefix, ttlMs) : createMemoryEntryStore(maxHosts);
  const accounts = redis ? createRedisAccountIndex(redis, prefix, hashLifeMsOf(ttlMs)) : createMemoryAccountIndex(maxHosts);
  return createReadCacheOver(store, { ttlMs, vault, now, observe, accounts });
}
