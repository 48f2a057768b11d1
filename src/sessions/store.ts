import type { Config } from '../config';
import { MemorySessionStore } from './memory-store';
import { createSessionRedisClient, type StoreLog } from './redis-client';
import { RedisSessionStore } from './redis-store';
import { SqliteSessionStore } from './sqlite-store';
import type { AppSessionStore } from './store-types';

export type { AppSessionStore, OnceKeys, UserSessionIndex } from './store-types';

export interface SessionStoreExtras {
  /** Where Redis connection trouble is reported (never with the URL's password). */
  log?: StoreLog;
  /** SQLite: how often expired rows are deleted. */
  pruneIntervalMs?: number;
}

/**
 * The session store chosen by config (config.ts decides the default: Redis when REDIS_URL is set,
 * else SQLite; memory only outside production). Built in deps.ts and handed to createApp;
 * server.ts closes it on shutdown.
 */
export function createSessionStore(settings: Config['session'], extras: SessionStoreExtras = {}): AppSessionStore {
  // A destroyed id is refused for as long as any session could still be alive.
  const tombstoneTtlMs = Math.max(settings.maxAgeMs, settings.idleMs);
  switch (settings.store) {
    case 'sqlite':
      return new SqliteSessionStore({ path: settings.dbPath, pruneIntervalMs: extras.pruneIntervalMs, tombstoneTtlMs });
    case 'redis': {
      if (!settings.redisUrl) throw new Error('SESSION_STORE=redis needs REDIS_URL');
      const client = createSessionRedisClient(settings.redisUrl, extras.log);
      return new RedisSessionStore(client, settings.redisPrefix, Date.now, tombstoneTtlMs);
    }
    case 'memory':
      return new MemorySessionStore({ tombstoneTtlMs });
  }
}
