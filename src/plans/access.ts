import { setTimeout as delay } from 'node:timers/promises';
import type { GrantKeeper } from '../credentials/grant-keeper';
import type { Pacer } from '../jobs/pacer';
import { ZoomApiError } from '../zoom/errors';
import { retryVerdict } from '../zoom/retry-after';

/**
 * How a plan's calls reach Zoom: with the host's grant, paced within their account's rate (shared with jobs
 * and pages), and a per-second 429 waited out as Zoom asks (the one reading in zoom/retry-after.ts) a few times.
 * A burst of Zoom's events (50 meetings created at once) then costs time, not a missed meeting; a daily limit
 * or a long wait is thrown to the caller, which logs it (the reconcile comes again).
 */
export interface PlanAccessDeps {
  grants: Pick<GrantKeeper, 'withUserToken'>;
  pacer: Pacer;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const RATE_RETRIES = 3;
/** A wait longer than this is not a burst: give the call up and let the next event or reconcile try again. */
const LONGEST_WAIT_MS = 10_000;

export type PlanAccess = <T>(accountId: string, userId: string, request: (token: string) => Promise<T>) => Promise<T>;

export function planAccess({ grants, pacer, now, sleep = (ms) => delay(ms) }: PlanAccessDeps): PlanAccess {
  return async function call<T>(accountId: string, userId: string, request: (token: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await pacer.run(accountId || userId, () => grants.withUserToken(userId, request));
      } catch (error) {
        if (!(error instanceof ZoomApiError) || error.status !== 429 || attempt >= RATE_RETRIES) throw error;
        const verdict = retryVerdict(error, now(), attempt);
        if (verdict.kind === 'daily' || (verdict.kind === 'wait' && verdict.ms > LONGEST_WAIT_MS)) throw error;
        if (verdict.kind === 'wait') await sleep(verdict.ms);
      }
    }
  };
}
