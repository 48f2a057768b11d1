/** The quota guard in front of each Data API method (the day's accounting itself is in quota/quota.ts). */
import type { NextFunction, Request, Response } from 'express';
import type { YouTubeContext } from '../context';
import { youtubeErrors } from '../errors';
import { QUOTA_COSTS, REFUSED_CALL_COST, type ApiMethod } from '../quota/costs';
import type { RecordedRequest } from '../types';

/**
 * In front of one API method: refuses it with quotaExceeded when its cost no longer fits today. The full cost is
 * reserved at once, so calls running side by side cannot overspend; a refused call (4xx) gets all but one unit
 * back when its answer is sent. 401s and quotaExceeded itself cost nothing.
 */
export function chargeQuota(ctx: YouTubeContext, method: ApiMethod) {
  return function chargeQuotaFor(_req: Request, res: Response, next: NextFunction): void {
    const cost = QUOTA_COSTS[method];
    if (!ctx.quota.fits(cost)) return youtubeErrors.quotaExceeded(res);
    ctx.quota.spend(cost);
    const recorded = res.locals.recorded as RecordedRequest | undefined;
    if (recorded) recorded.quotaCost = cost;
    res.on('finish', () => {
      if (res.statusCode < 400) return;
      ctx.quota.spend(REFUSED_CALL_COST - cost);
      if (recorded) recorded.quotaCost = REFUSED_CALL_COST;
    });
    next();
  };
}
