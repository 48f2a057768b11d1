/** Assembles one emulator's Express app: RTMP notifications, body parsing, the request log, OAuth, the Data API, JSON fallbacks. */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { apiRoutes } from './api/routes';
import type { YouTubeContext } from './context';
import { rtmpRoutes } from './control/rtmp';
import { youtubeErrors } from './errors';
import { oauthRoutes } from './oauth/routes';

const notFound: RequestHandler = (_req, res) => youtubeErrors.notFound(res);

/** Google never shows a stack trace: an unparsable body is parseError, anything else is backendError. */
const jsonErrors: ErrorRequestHandler = (err: { type?: unknown }, _req, res, next) => {
  if (res.headersSent) return next(err);
  if (err?.type === 'entity.parse.failed') return youtubeErrors.parseError(res);
  youtubeErrors.internal(res);
};

/** Forgets expired codes and tokens at most once a minute of the emulator's clock: no timer to stop on close. */
function sweepExpired(ctx: YouTubeContext): RequestHandler {
  let last = ctx.options.now();
  return function sweepExpiredTokens(_req, _res, next) {
    if (ctx.options.now() - last >= 60_000) {
      last = ctx.options.now();
      ctx.tokens.pruneExpired();
    }
    next();
  };
}

export function buildYouTubeApp(ctx: YouTubeContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(sweepExpired(ctx));
  // The encoder's side, not calls to Google: kept out of the request log and the quota.
  app.use(rtmpRoutes(ctx));
  app.use(express.json({ type: ['application/json', '+json'], limit: '1mb' }), express.urlencoded({ extended: false }));
  app.use(ctx.log.record(ctx.options.now));
  app.use(oauthRoutes(ctx));
  app.use(apiRoutes(ctx));
  app.use(notFound);
  app.use(jsonErrors);
  return app;
}
