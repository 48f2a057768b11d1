import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionRedisClient } from '../sessions/redis-client';
import { timedWait, type RefreshLock, type RefreshLockObserver } from './lock-wait';
import { SessionStoreUnavailableError } from '../sessions/errors';

export interface RedisRefreshLockOptions {
  client: SessionRedisClient;
  /** Key prefix shared by the app's instances (REDIS_PREFIX). */
  prefix: string;
  /** The lock's life: longer than a refresh takes (Zoom timeout), short enough to outlive a crashed holder briefly. */
  lockMs?: number;
  /** How long the rotated token is kept for instances that still hold the old refresh token. */
  rememberMs?: number;
  /** How often a waiting instance looks for the result. */
  pollMs?: number;
  /** Told of each wait for another caller's refresh (the operator's metrics). */
  onWait?: RefreshLockObserver;
}

/** Deletes the lock only if we still hold it: after lockMs another instance may own it. */
const RELEASE_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Redis failures here are store outages (503), never a reason to refresh twice. */
function redisCall<T>(call: Promise<T>): Promise<T> {
  return call.catch((error: unknown) => {
    throw new SessionStoreUnavailableError(error);
  });
}

/**
 * Across instances: SET <prefix>refresh-lock:<sha256> NX PX lockMs elects one refresher; it writes the
 * rotated token to <prefix>refresh:<sha256> for rememberMs before releasing. The others poll for that
 * result; if the lock disappears without a result (the refresh failed, or its holder died) they compete again.
 * Keys hold a hash of the refresh token, never the token; the value is the rotated token, which the
 * session store holds anyway. Nothing here is logged.
 */
export function createRedisRefreshLock(options: RedisRefreshLockOptions): RefreshLock {
  const { client, prefix, lockMs = 10_000, rememberMs = 30_000, pollMs = 50, onWait } = options;
  const inProcess = new Map<string, Promise<unknown>>();

  /** The result as the holder wrote it; callers of one refresh token share one T (see RefreshLock.run). */
  async function cachedResult<T>(resultKey: string): Promise<T | undefined> {
    const raw = await redisCall(client.get(resultKey));
    return raw ? (JSON.parse(raw) as T) : undefined;
  }

  async function refreshAsHolder<T>(lockKey: string, resultKey: string, owner: string, refresh: () => Promise<T>): Promise<T> {
    try {
      // The previous holder may have finished between our look and our SET.
      const done = await cachedResult<T>(resultKey);
      if (done !== undefined) return done;
      const fresh = await refresh();
      await client.set(resultKey, JSON.stringify(fresh), { expiration: { type: 'PX', value: rememberMs } }).catch(() => undefined);
      return fresh;
    } finally {
      await client.eval(RELEASE_IF_OURS, { keys: [lockKey], arguments: [owner] }).catch(() => undefined);
    }
  }

  async function acrossInstances<T>(refreshToken: string, refresh: () => Promise<T>): Promise<T> {
    const id = createHash('sha256').update(refreshToken).digest('hex');
    const lockKey = `${prefix}refresh-lock:${id}`;
    const resultKey = `${prefix}refresh:${id}`;
    const owner = randomUUID();
    // Set once another instance is seen holding the lock: from then on this instance waits for its refresh.
    let waitingSince: number | undefined;
    const waited = () => {
      if (waitingSince !== undefined) onWait?.({ scope: 'instances', seconds: (performance.now() - waitingSince) / 1000 });
    };
    for (;;) {
      const done = await cachedResult<T>(resultKey);
      if (done !== undefined) {
        waited();
        return done;
      }
      const won = await redisCall(client.set(lockKey, owner, { condition: 'NX', expiration: { type: 'PX', value: lockMs } }));
      if (won === 'OK') {
        waited();
        return refreshAsHolder(lockKey, resultKey, owner, refresh);
      }
      waitingSince ??= performance.now();
      await sleep(pollMs);
    }
  }

  function run<T>(refreshToken: string, refresh: () => Promise<T>): Promise<T> {
    // Requests of this process share one flight, so only one of them talks to Redis.
    const known = inProcess.get(refreshToken) as Promise<T> | undefined;
    if (known) return timedWait(known, 'process', onWait);
    const flight = acrossInstances(refreshToken, refresh);
    inProcess.set(refreshToken, flight);
    const forget = () => inProcess.delete(refreshToken);
    flight.then(forget, forget);
    return flight;
  }
  return { run };
}
