import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { DatabaseUnavailableError } from '../../db/errors';
import { errorPageOf } from '../shared/error-page';
import { HttpError } from '../shared/failures';
import { isSessionStoreUnavailable } from '../../sessions/errors';
import { pageLocalsOf } from './locals';

/** The one 404 fallback and the one error handler (STYLE 7). Users see what to do next, never a stack trace outside development. */

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, 'errors.notFound'));
}

/** `onUnavailable`: told when a request ends on the session store or the database being out of reach (the operator's metrics). */
export function errorHandler(showStack: boolean, logger: Logger, onUnavailable?: (what: 'sessionStore' | 'database') => void) {
  return function handleError(error: unknown, req: Request, res: Response, _next: NextFunction): void {
    if (isSessionStoreUnavailable(error)) onUnavailable?.('sessionStore');
    else if (error instanceof DatabaseUnavailableError) onUnavailable?.('database');
    const page = errorPageOf(error, req);
    if (!page.expected) logger.error({ err: error, reqId: req.id }, 'unexpected error');
    if (res.headersSent) return void res.end();
    if (page.retryAfterSeconds !== undefined) res.set('Retry-After', String(page.retryAfterSeconds));
    const locals = pageLocalsOf(res);
    res.status(page.status).render('error', {
      ...res.locals,
      sandbox: locals.sandbox ?? false,
      host: locals.host ?? null,
      notice: '',
      csrfToken: locals.csrfToken ?? '',
      title: page.title,
      message: page.message,
      next: page.next,
      stack: showStack && !page.expected && error instanceof Error ? error.stack : '',
      // logging.ts makes every request id a string.
      requestId: typeof req.id === 'string' ? req.id : '',
    });
  };
}
