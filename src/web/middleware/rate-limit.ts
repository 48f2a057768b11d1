import { Router, type NextFunction, type Request, type Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { HttpError } from '../shared/failures';
import { RedisLimitStore, type RedisCommands } from './rate-limit-store';

export interface RateLimitSettings {
  perMinute: number;
  /** With Redis configured, every instance counts in one place; otherwise each counts in memory. */
  redis?: RedisCommands;
  /** REDIS_PREFIX: keys are <prefix>rl:<limit>:<client>. */
  redisPrefix: string;
}

/**
 * Per-client limits on the routes that cost Zoom calls or start logins, so one client cannot
 * spend the account's Zoom rate limit or fill the store with pending logins. Keyed by client IP
 * (correct behind a proxy once TRUST_PROXY names it).
 */
function limiter(name: string, settings: RateLimitSettings) {
  const store: Store | undefined = settings.redis ? new RedisLimitStore(settings.redis, `${settings.redisPrefix}rl:${name}:`) : undefined;
  return rateLimit({
    windowMs: 60_000,
    limit: settings.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store,
    handler: (_req: Request, res: Response, next: NextFunction) => {
      res.set('Retry-After', '60');
      next(new HttpError(429, 'errors.tooManyRequests'));
    },
  });
}

/**
 * The limits as routes of their own, matched exactly as the handlers are (Express's default,
 * case-insensitive and non-strict routing): every spelling that reaches /install (`/Install`,
 * `/install/`) is counted. Mounted before the session so a refused request writes nothing.
 * Zoom's webhooks are answered before this router and are never limited.
 */
export function rateLimits(settings: RateLimitSettings): Router {
  const logins = limiter('logins', settings);
  const changes = limiter('changes', settings);
  const router = Router();
  router.get(['/install', '/oauth/callback'], logins);
  router.post('/{*anything}', changes);
  return router;
}
