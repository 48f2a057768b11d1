/**
 * Zoom's rate limits, enforced only when an emulator is told to: LIGHT and MEDIUM calls per second per account, and
 * live stream updates per user per UTC day. Both count on the emulator's clock, so tests move time instead of waiting.
 * A call a limit refuses is not counted; every call is noted on its request log entry (`rate`).
 */
import type { NextFunction, Request, Response } from 'express';
import { grantOf } from './bearer';
import type { EmulatorContext } from '../context';
import { sendZoomError } from '../errors';
import type { RateLimits } from '../options';
import type { Count } from './rate-limiter';
import { isHostKey } from '../state/seed-hosts';
import type { RateCategory, RateRecord, RateWindow, RecordedRequest } from '../types';

const DAY_MS = 86_400_000;
const QPS_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';

const dailyMessage = (limit: number) => `You have exceeded the daily rate limit (${limit}) of Meeting Create/Update API requests `
  + 'permitted for this particular user. You may resume these requests at GMT 00:00:00.';

const EVENT = String.raw`/v2/(?:meetings|webinars)/[^/]+`;
// Zoom's labels: Get a user, a user's settings, an event and its live stream are LIGHT; List users and the per-user
// meeting and webinar lists are MEDIUM (an admin's calls count against the same account budget as its hosts').
const LIGHT_READS = new RegExp(String.raw`^(?:/v2/users/[^/]+(?:/settings)?|${EVENT}(?:/livestream)?)$`, 'i');
const LIVESTREAM = new RegExp(`^${EVENT}/livestream$`, 'i');
const LIVESTREAM_STATUS = new RegExp(`^${EVENT}/livestream/status$`, 'i');
const LISTS = /^\/v2\/users(?:\/[^/]+\/(?:meetings|webinars))?$/i;
const EVENT_ID = /^\/v2\/(meetings|webinars)\/([^/]+)\//i;

/** Express matches routes without regard to case or a trailing slash; so does this. */
function categoryOf(method: string, path: string): RateCategory | undefined {
  if (method === 'GET' && LISTS.test(path)) return 'Medium';
  if (method === 'GET' && LIGHT_READS.test(path)) return 'Light';
  if (method === 'PATCH' && (LIVESTREAM.test(path) || LIVESTREAM_STATUS.test(path))) return 'Light';
  return undefined;
}

/** The count of the current period, a fresh one when the period has turned. */
function countIn(counts: Map<string, Count>, key: string, period: number): Count {
  let current = counts.get(key);
  if (current?.period !== period) counts.set(key, (current = { period, count: 0 }));
  return current;
}

/** Zoom writes times as `2026-05-02T00:00:00Z`: UTC, no milliseconds. */
function nextMidnight(nowMs: number): string {
  return new Date((Math.floor(nowMs / DAY_MS) + 1) * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface Refusal {
  category: RateCategory;
  type: 'QPS' | 'Daily-limit';
  limit: number;
  retryAfter: string;
  message: string;
}

function refuse(res: Response, limits: RateLimits, refusal: Refusal): void {
  res.set({
    'X-RateLimit-Category': refusal.category, 'X-RateLimit-Type': refusal.type,
    'X-RateLimit-Limit': String(refusal.limit), 'X-RateLimit-Remaining': '0',
  });
  if (limits.retryAfter !== false) res.set('Retry-After', refusal.retryAfter);
  sendZoomError(res, 429, 429, refusal.message);
}

/**
 * Whose daily budget a live stream update spends: the event's host (an admin updating many hosts' meetings spends
 * each host's), or the caller when the id names no event. Zoom does not publish which; the emulator counts the host's.
 */
function dailyUserOf(ctx: EmulatorContext, path: string, callerId: string): string {
  const [, kinds, id] = EVENT_ID.exec(path) ?? [];
  const kind = kinds?.toLowerCase() === 'webinars' ? 'webinar' : 'meeting';
  return ctx.seed.events[kind].find((event) => event.id === id)?.host_id ?? callerId;
}

/** Behind the bearer check: counts the call against its account's second and (updates) its user's day. */
export function limitRate(ctx: EmulatorContext) {
  return function limitZoomRate(req: Request, res: Response, next: NextFunction): void {
    const path = (req.baseUrl + req.path).replace(/(.)\/+$/, '$1');
    const category = categoryOf(req.method, path);
    if (!category) return next();
    const { limits, perSecond, daily } = ctx.rateLimiter;
    const user = ctx.seed.hosts[grantOf(res).hostKey];
    const nowMs = ctx.options.now();
    const second = Math.floor(nowMs / 1000);
    const entry = res.locals.recorded as RecordedRequest | undefined;
    const note = (served: boolean, type?: RateRecord['type']): void => {
      if (entry) entry.rate = { account: user.account_id, category, second, served, ...(type && { type }) };
    };
    const limit = category === 'Light' ? limits.lightPerSecond : limits.mediumPerSecond;
    const thisSecond = countIn(perSecond, `${category} ${user.account_id}`, second);
    if (limit !== undefined && thisSecond.count >= limit) {
      note(false, 'QPS');
      return refuse(res, limits, { category, type: 'QPS', limit, retryAfter: '1', message: QPS_MESSAGE });
    }
    const dailyLimit = limits.dailyLivestreamUpdates;
    if (req.method === 'PATCH' && LIVESTREAM.test(path)) {
      const today = countIn(daily, dailyUserOf(ctx, path, user.id), Math.floor(nowMs / DAY_MS));
      if (dailyLimit !== undefined && today.count >= dailyLimit) {
        note(false, 'Daily-limit');
        const refusal = { category, limit: dailyLimit, retryAfter: nextMidnight(nowMs), message: dailyMessage(dailyLimit) };
        return refuse(res, limits, { ...refusal, type: 'Daily-limit' });
      }
      today.count += 1;
    }
    thisSecond.count += 1;
    note(true);
    if (limit !== undefined) {
      // Zoom sends these on a served call too: a client can slow down before it is refused.
      const remaining = String(limit - thisSecond.count);
      res.set({ 'X-RateLimit-Category': category, 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': remaining });
    }
    next();
  };
}

/** For tests: per second, the calls of one category an account made, served and refused, from the request log. */
export function servedPerSecond(ctx: EmulatorContext, hostOrAccount: string, category: RateCategory): RateWindow[] {
  const account = isHostKey(hostOrAccount) ? ctx.seed.hosts[hostOrAccount].account_id : hostOrAccount;
  const windows = new Map<number, RateWindow>();
  for (const { rate } of ctx.traffic.log.entries) {
    if (rate?.account !== account || rate.category !== category) continue;
    const window = windows.get(rate.second) ?? { second: rate.second, served: 0, limited: 0 };
    windows.set(rate.second, window);
    if (rate.served) window.served += 1;
    else window.limited += 1;
  }
  return [...windows.values()].sort((a, b) => a.second - b.second);
}
