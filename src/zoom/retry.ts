import { setTimeout as sleep } from 'node:timers/promises';
import { ZoomApiError, ZoomUnavailableError } from './errors';
import { zoomExchange, type ZoomHttpOptions, type ZoomRequest } from './http';
import { retryVerdict } from './retry-after';

/**
 * Retries for Zoom calls. GETs are idempotent: retried on network errors, 5xx and 429
 * (honouring Retry-After as zoom/retry-after reads it) with exponential backoff and full jitter.
 * A PATCH is retried only when the connection was never made, so Zoom cannot apply it twice.
 * Timeouts are not retried: the host has already waited. The total wait is bounded.
 */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 200, maxTotalWaitMs: 3000 };

function backoff(policy: RetryPolicy, attempt: number): number {
  return Math.round(Math.random() * policy.baseDelayMs * 2 ** attempt);
}

/** Retry-After's wait (read in zoom/retry-after, capped), or our own backoff; a daily limit is final. */
function waitOn429(error: ZoomApiError, attempt: number, policy: RetryPolicy): number | undefined {
  const verdict = retryVerdict(error, Date.now(), attempt, (n) => backoff(policy, n));
  if (verdict.kind === 'daily') return undefined;
  return verdict.kind === 'now' ? 0 : verdict.ms;
}

/** How long to wait before the next attempt, or undefined when this failure is final. */
export function retryDelay(error: unknown, method: string, attempt: number, policy: RetryPolicy): number | undefined {
  if (attempt >= policy.maxRetries) return undefined;
  if (error instanceof ZoomUnavailableError) {
    if (error.reason !== 'network') return undefined;
    return method === 'GET' || error.notSent ? backoff(policy, attempt) : undefined;
  }
  if (!(error instanceof ZoomApiError) || method !== 'GET') return undefined;
  if (error.status === 429) return waitOn429(error, attempt, policy);
  return error.status >= 500 ? backoff(policy, attempt) : undefined;
}

export async function zoomRequest(options: ZoomHttpOptions & { retry?: RetryPolicy }, request: ZoomRequest): Promise<unknown> {
  const policy = options.retry ?? DEFAULT_RETRY;
  let waited = 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await zoomExchange(options, request);
    } catch (error) {
      const delay = retryDelay(error, request.method, attempt, policy);
      if (delay === undefined || waited + delay > policy.maxTotalWaitMs) throw error;
      waited += delay;
      await sleep(delay);
    }
  }
}
