import { setTimeout as sleep } from 'node:timers/promises';
import { ZoomApiError, ZoomUnavailableError } from './errors';
import { zoomExchange, type ZoomHttpOptions, type ZoomRequest } from './http';

/**
 * Retries for Zoom calls. GETs are idempotent: retried on network errors, 5xx and 429
 * (honouring Retry-After in seconds or as a date) with exponential backoff and full jitter.
 * A PATCH is retried only when the connection was never made, so Zoom cannot apply it twice.
 * Timeouts are not retried: the host has already waited. The total wait is bounded.
 */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxTotalWaitMs: number;
}

/**
 * Zoom's Retry-After header: delta-seconds on per-second limits, an HTTP date on daily ones,
 * or absent. One reading of it serves both the retry policy and the page that shows the wait.
 */
export type RetryAfter = { seconds: number } | { until: Date };

export function parseRetryAfter(value: string | undefined): RetryAfter | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return { seconds: Number(value) };
  const until = new Date(value);
  return Number.isNaN(until.getTime()) ? undefined : { until };
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 200, maxTotalWaitMs: 3000 };

/** How long Retry-After asks us to wait, in ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  const wait = parseRetryAfter(value);
  if (!wait) return undefined;
  return 'seconds' in wait ? wait.seconds * 1000 : Math.max(0, wait.until.getTime() - now);
}

function backoff(policy: RetryPolicy, attempt: number): number {
  return Math.round(Math.random() * policy.baseDelayMs * 2 ** attempt);
}

/** How long to wait before the next attempt, or undefined when this failure is final. */
export function retryDelay(error: unknown, method: string, attempt: number, policy: RetryPolicy): number | undefined {
  if (attempt >= policy.maxRetries) return undefined;
  if (error instanceof ZoomUnavailableError) {
    if (error.reason !== 'network') return undefined;
    return method === 'GET' || error.notSent ? backoff(policy, attempt) : undefined;
  }
  if (!(error instanceof ZoomApiError) || method !== 'GET') return undefined;
  if (error.status === 429) return retryAfterMs(error.retryAfter) ?? backoff(policy, attempt);
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
