import { LRUCache } from 'lru-cache';
import type { SessionRedisClient } from '../sessions/redis-client';
import { storeOperation } from '../sessions/errors';
import type { AccountIndex } from './types';

/** Noting waits for Redis no longer than a read of the cache does: past this the read goes on without it. */
const NOTE_DEADLINE_MS = 1000;
/** Looking the hosts up answers the webhook, like forgetting a host. */
const LOOKUP_DEADLINE_MS = 2000;

/**
 * One process: host → account, least recently noted dropped first, so it holds no more hosts than the
 * entry store does. An account's hosts are found by a pass over it: events are rare next to reads.
 */
export function createMemoryAccountIndex(maxHosts: number): AccountIndex {
  const accountOfHost = new LRUCache<string, string>({ max: maxHosts });
  return {
    async note(accountId, hostId) {
      accountOfHost.set(hostId, accountId);
    },
    async hostsOf(accountId) {
      return [...accountOfHost.entries()].filter(([, account]) => account === accountId).map(([host]) => host);
    },
  };
}

/**
 * Shared by every instance on one Redis: a set per account, `<prefix>cache-account:<accountId>`, of the hosts
 * noted. Each note renews the set's life, which outlasts the host's cache hash (hashLifeMs) with room for a load.
 */
export function createRedisAccountIndex(redis: SessionRedisClient, prefix: string, hashLifeMs: number): AccountIndex {
  const setOf = (accountId: string) => `${prefix}cache-account:${accountId}`;
  const lifeMs = 2 * hashLifeMs;
  return {
    note: (accountId, hostId) => storeOperation(async () => {
      await redis.multi().sAdd(setOf(accountId), hostId).pExpire(setOf(accountId), lifeMs).exec();
    }, NOTE_DEADLINE_MS),
    hostsOf: (accountId) => storeOperation(() => redis.sMembers(setOf(accountId)), LOOKUP_DEADLINE_MS),
  };
}
