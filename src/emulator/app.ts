/**
 * Assembles one emulator's Express app: expiry sweep, the host's control page, body capture, request log and faults,
 * OAuth, REST, JSON fallbacks.
 */
import { STATUS_CODES } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { apiRoutes } from './api/routes';
import { parseBody, readRawBody, rejectUnreadableBody } from './body';
import type { EmulatorContext } from './context';
import { controlRoutes } from './control/routes';
import { sendZoomError, zoomErrors } from './errors';
import { oauthRoutes } from './oauth/routes';
import { sweepExpired } from './state/sweep';
import { recordAndFault } from './traffic/traffic';

const notFound: RequestHandler = (_req, res) => zoomErrors.noRoute(res);

/** Zoom never shows a stack trace: a body it cannot parse is 300, another client error keeps its status, the rest is 500. */
const jsonErrors: ErrorRequestHandler = (err: { type?: unknown; status?: unknown }, _req, res, next) => {
  if (res.headersSent) return next(err);
  if (err?.type === 'entity.parse.failed') return zoomErrors.invalidBody(res);
  const status = typeof err?.status === 'number' ? err.status : 500;
  if (status >= 400 && status < 500) return sendZoomError(res, status, status, STATUS_CODES[status] ?? 'Bad Request');
  zoomErrors.internal(res);
};

export function buildEmulatorApp(ctx: EmulatorContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(sweepExpired(ctx));
  // The host's hands, not calls to Zoom's API: kept out of the request log, injected faults and rate limits.
  app.use(controlRoutes(ctx));
  app.use(readRawBody, parseBody, recordAndFault(ctx.traffic, ctx.options.now), rejectUnreadableBody);
  app.use(oauthRoutes(ctx));
  app.use(apiRoutes(ctx));
  app.use(notFound);
  app.use(jsonErrors);
  return app;
}
