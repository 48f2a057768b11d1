import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError, errorPageOf } from '../failures';

/** The one 404 fallback and the one error handler (STYLE 7). Users see what to do next, never a stack trace outside development. */

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, 'errors.notFound'));
}

export function errorHandler(showStack: boolean, logger: Logger) {
  return function handleError(error: unknown, req: Request, res: Response, _next: NextFunction): void {
    const page = errorPageOf(error, req);
    if (!page.expected) logger.error({ err: error, reqId: req.id }, 'unexpected error');
    if (res.headersSent) return void res.end();
    if (page.retryAfterSeconds !== undefined) res.set('Retry-After', String(page.retryAfterSeconds));
    res.status(page.status).render('error', {
      ...res.locals,
      sandbox: res.locals.sandbox ?? false,
      host: res.locals.host ?? null,
      notice: '',
      csrfToken: res.locals.csrfToken ?? '',
      title: page.title,
      message: page.message,
      next: page.next,
      stack: showStack && !page.expected && error instanceof Error ? error.stack : '',
      requestId: String(req.id ?? ''),
    });
  };
}
