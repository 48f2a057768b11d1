import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../failures';

/**
 * Per-client limits on the routes that cost Zoom calls or start logins, so one client cannot
 * spend the account's Zoom rate limit. Keyed by client IP (correct behind a proxy once
 * TRUST_PROXY is set). Zoom's own webhooks are not limited: dropping a deauthorization is worse.
 */
function limiter(perMinute: number) {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req: Request, res: Response, next: NextFunction) => {
      res.set('Retry-After', '60');
      next(new HttpError(429, 'errors.tooManyRequests'));
    },
  });
}

export function limitLoginsAndChanges(perMinute: number) {
  const logins = limiter(perMinute);
  const changes = limiter(perMinute);
  return function limitRequest(req: Request, res: Response, next: NextFunction): void {
    if (req.path === '/install' || req.path === '/oauth/callback') return void logins(req, res, next);
    if (req.method === 'POST' && !req.path.startsWith('/webhooks/')) return void changes(req, res, next);
    next();
  };
}
