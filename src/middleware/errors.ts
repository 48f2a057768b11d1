import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError, type NextStep } from '../http-error';
import { isZoomFailure } from '../zoom/errors';
import { describeFailure } from '../zoom/failure';

/** The one 404 fallback and the one error handler (STYLE 7). Users see what to do next, never a stack trace outside development. */

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, 'Page not found', 'There is no page at this address.'));
}

interface ParserError {
  type?: string;
  status?: number;
  code?: string;
}

function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (isZoomFailure(error)) {
    const view = describeFailure(error);
    const message = [view.zoomMessage, view.explanation].filter(Boolean).join(' ');
    const next: NextStep | undefined = view.reconnect ? { href: '/install', label: 'Reconnect Zoom' } : undefined;
    return new HttpError(view.httpStatus, view.heading, message, next);
  }
  const parser = error as ParserError;
  if (parser?.code === 'EBADCSRFTOKEN') {
    return new HttpError(403, 'This form has expired', 'The form was not sent from this app, or your session changed. Go back, reload the page and submit again.');
  }
  if (parser?.type === 'entity.too.large') return new HttpError(413, 'Too much data', 'The form sent more data than this app accepts.');
  if (parser?.status && parser.status >= 400 && parser.status < 500) {
    return new HttpError(parser.status, 'Bad request', 'The request could not be understood. Go back and try again.');
  }
  return undefined;
}

export function errorHandler(showStack: boolean, logger: Logger) {
  return function handleError(error: unknown, req: Request, res: Response, _next: NextFunction): void {
    const known = toHttpError(error);
    if (!known) logger.error({ err: error, reqId: req.id }, 'unexpected error');
    const page = known ?? new HttpError(500, 'Something went wrong', 'The app hit an unexpected problem. Try again; if it keeps happening, contact the app\'s owner.');
    if (res.headersSent) return void res.end();
    res.status(page.status).render('error', {
      ...res.locals,
      sandbox: res.locals.sandbox ?? false,
      host: res.locals.host ?? null,
      notice: '',
      csrfToken: res.locals.csrfToken ?? '',
      title: page.title,
      message: page.message,
      next: page.next,
      stack: showStack && !known && error instanceof Error ? error.stack : '',
      requestId: String(req.id ?? ''),
    });
  };
}
