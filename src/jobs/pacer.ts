import { setTimeout as delay } from 'node:timers/promises';
import type { SessionRedisClient } from '../sessions/redis-client';

/**
 * Keeps the requests a job sends to one Zoom account within the account's rate (LIGHT: 30/s on Pro,
 * more on larger plans, a setting) and a small concurrency. Zoom limits per account, not per host or
 * per instance, so with Redis the per-second budget is one counter per account and second that every
 * instance increments; without Redis (one instance) it is counted in memory.
 */
export interface PacerOptions {
  perSecond: number;
  /** Requests in flight per account in this process. */
  concurrency: number;
  redis?: SessionRedisClient;
  /** Key prefix shared by the app's instances (REDIS_PREFIX). */
  prefix?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Pacer {
  /** Runs the task when the account has a slot and budget left in the current second. */
  run<T>(accountId: string, task: () => Promise<T>): Promise<T>;
}

interface Account {
  inFlight: number;
  waiting: Array<() => void>;
  second: number;
  used: number;
}

export function createPacer(options: PacerOptions): Pacer {
  const { perSecond, concurrency, redis, prefix = '', now = Date.now, sleep = (ms: number) => delay(ms) } = options;
  const accounts = new Map<string, Account>();

  const accountOf = (id: string): Account => {
    let account = accounts.get(id);
    if (!account) accounts.set(id, (account = { inFlight: 0, waiting: [], second: -1, used: 0 }));
    return account;
  };

  function countLocally(account: Account, second: number): number {
    if (account.second !== second) Object.assign(account, { second, used: 0 });
    return (account.used += 1);
  }

  /** This request's number within the second; Redis down → this process's own count (still paced, not shared). */
  async function count(accountId: string, account: Account, second: number): Promise<number> {
    if (!redis) return countLocally(account, second);
    const key = `${prefix}pace:${accountId}:${second}`;
    try {
      const [used] = (await redis.multi().incr(key).pExpire(key, 2000).exec()) as unknown as [number];
      return Number(used);
    } catch {
      return countLocally(account, second);
    }
  }

  async function budget(accountId: string, account: Account): Promise<void> {
    for (;;) {
      const at = now();
      const second = Math.floor(at / 1000);
      if ((await count(accountId, account, second)) <= perSecond) return;
      await sleep(1000 - (at % 1000));
    }
  }

  async function slot(account: Account): Promise<void> {
    if (account.inFlight < concurrency) {
      account.inFlight += 1;
      return;
    }
    // The finishing task hands its slot over (inFlight unchanged), so no newcomer can jump the queue.
    await new Promise<void>((resolve) => account.waiting.push(resolve));
  }

  function free(accountId: string, account: Account): void {
    const next = account.waiting.shift();
    if (next) return next();
    account.inFlight -= 1;
    // Forget an idle account only once its second is over: its count still limits this second's newcomers.
    if (account.inFlight === 0 && account.second < Math.floor(now() / 1000)) accounts.delete(accountId);
  }

  return {
    async run(accountId, task) {
      const account = accountOf(accountId);
      await slot(account);
      try {
        await budget(accountId, account);
        return await task();
      } finally {
        free(accountId, account);
      }
    },
  };
}
