import type { NextFunction, Request, Response } from 'express';
import { regenerateSession } from '../shared/session-data';

/**
 * The cookie rolls on every request (idle timeout); this bounds a login's total life whatever
 * the activity, so a stolen session id cannot be kept alive forever.
 */
export function absoluteLifetime(maxAgeMs: number, now: () => number = Date.now) {
  return async function endOldSessions(req: Request, _res: Response, next: NextFunction): Promise<void> {
    const startedAt = req.session?.startedAt;
    if (startedAt !== undefined && now() - startedAt > maxAgeMs) await regenerateSession(req);
    next();
  };
}
