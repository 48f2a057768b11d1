import type { RateLimits } from '../options';

/**
 * What an emulator counts for Zoom's rate limits (the middleware that counts is in rate-limits.ts). Kept apart
 * from it so the emulator's context can hold a limiter without importing the middleware that reads the context.
 */

/** A count in one period: a whole second (per-second limits) or a UTC day (the daily limit). */
export interface Count {
  period: number;
  count: number;
}

export interface RateLimiter {
  limits: RateLimits;
  /** By `${category} ${account_id}`: only the current second is kept. */
  perSecond: Map<string, Count>;
  /** Live stream updates by user id: only the current day is kept. */
  daily: Map<string, Count>;
}

export function createRateLimiter(limits: RateLimits): RateLimiter {
  return { limits: { ...limits }, perSecond: new Map(), daily: new Map() };
}
