import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { keepFormOfExpiredSession } from './web/livestream/resume';
import { languages } from './web/middleware/languages';
import { httpLogger } from './logging';
import { requestMetrics } from './web/middleware/http-metrics';
import { errorHandler, notFound } from './web/middleware/errors';
import { logFirstClient } from './web/middleware/first-client';
import { requireConnected, requireEventId, requireFormBody } from './web/middleware/guards';
import { pageLocals } from './web/middleware/locals';
import { rateLimits } from './web/middleware/rate-limit';
import { sandboxCanonicalHost } from './web/middleware/sandbox-host';
import { securityHeaders } from './web/middleware/security-headers';
import { sessions } from './web/middleware/sessions';
import { webHandlers } from './web/handlers';
import { formString } from './web/shared/form-field';
import './web/shared/session-data';
import { ejsEngine } from './web/views';

const ROOT = path.join(__dirname, '..');
const PICO_CSS = path.join(path.dirname(require.resolve('@picocss/pico/package.json')), 'css');

/** Pages carry stream keys and CSRF tokens: no shared or browser cache may keep them. */
function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set('Cache-Control', 'no-store');
  next();
}

/** Builds the Express app from config and collaborators. Importing this file starts nothing. */
export function createApp(config: Config, deps: AppDeps): Express {
  const app = express();
  app.set('views', path.join(ROOT, 'views'));
  app.engine('ejs', ejsEngine(path.join(ROOT, 'views'), config.env === 'production'));
  app.set('view engine', 'ejs');
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);

  const { metrics, health, scrape, webhook, auth, home, meetings, webinars, saved, bulk, job, refresh, plans, youtube } = webHandlers(config, deps);
  const csrf = csrfSync({ getTokenFromRequest: (req) => formString(req, '_csrf') });
  const eventPage = [requireConnected, requireEventId];

  // Before sessions: timing and logging, headers, static files.
  if (metrics) app.use(requestMetrics(metrics, app));
  app.use(httpLogger(deps.logger));
  app.use(helmet(securityHeaders(config.session.secure)));
  app.use(sandboxCanonicalHost(config.sandbox, config.baseUrl));
  app.use('/public', express.static(path.join(ROOT, 'public'), { maxAge: '1h', index: false }));
  // Pico CSS from the installed package, never a CDN: the CSP allows styles from this origin only.
  app.use('/public/vendor', express.static(PICO_CSS, { maxAge: '1h', index: false }));

  // The route table. First what answers machines, with no cookie, no rate limit and no session: the probes,
  // the metrics scrape (a 404 without METRICS_TOKEN), Zoom's webhooks (signed raw bytes).
  app.get('/healthz', health.live);
  app.get('/readyz', health.ready);
  if (scrape) app.get('/metrics', scrape);
  app.use(logFirstClient(deps.logger, config.trustProxy));
  app.use(languages({ secureCookie: config.session.secure }));
  // Zoom signs the raw bytes: the body is kept as they came.
  app.post('/webhooks/zoom', express.raw({ type: () => true, limit: '64kb' }), webhook);

  // Then the pages, behind no caching, rate limits, the session, form bodies, CSRF, and what every page shows.
  app.use(noStore);
  app.use(rateLimits({ perMinute: config.rateLimitPerMinute, redis: deps.redis, redisPrefix: config.session.redisPrefix }));
  app.use(sessions(config, deps.sessionStore, deps.now));
  app.use(requireFormBody);
  // Bulk apply ticks up to 300 meetings and 300 webinars: its own, larger bound. Mounted first, since
  // express.urlencoded leaves a body another parser has read alone; every other form keeps the tight one.
  app.use('/streams/apply', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 1000 }));
  // Making a plan of the ticked rows, and the plan form's picked set (up to MAX_PICKED), the same.
  app.use('/streams/plan', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 1000 }));
  // Check now for the ticked rows: more than it checks at once is answered with a message, the ticks kept.
  app.use('/streams/check', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 1000 }));
  app.use('/plans', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 400 }));
  // A YouTube destination's description: 5000 characters of Chinese are 45 kB percent-encoded.
  app.use('/destinations', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 20 }));
  app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 20 }));
  app.use(keepFormOfExpiredSession(deps.vault, new URL(config.baseUrl).origin));
  app.use(csrf.csrfSynchronisedProtection);
  app.use(pageLocals(config.sandbox, (req) => csrf.generateToken(req), config.zoom.oauthUrl, (userId) => deps.grants.statusOf(userId)));

  app.get('/install', auth.startInstall);
  app.get('/oauth/callback', auth.finishInstall);
  app.post('/logout', auth.logout);
  app.get('/', home.showHome);
  app.get('/meetings', home.openMeeting);
  app.post('/refresh', requireConnected, refresh);
  app.get('/meetings/:meetingId/livestream', ...eventPage, meetings.showPage);
  app.post('/meetings/:meetingId/livestream', ...eventPage, meetings.saveSettings);
  app.post('/meetings/:meetingId/livestream/status', ...eventPage, meetings.changeStatus);
  app.post('/meetings/:meetingId/livestream/restore', ...eventPage, meetings.restore);
  app.post('/meetings/:meetingId/livestream/youtube', ...eventPage, meetings.applyYouTube);
  app.post('/meetings/:meetingId/livestream/check', ...eventPage, meetings.checkNow);
  app.get('/webinars/:webinarId/livestream', ...eventPage, webinars.showPage);
  app.post('/webinars/:webinarId/livestream', ...eventPage, webinars.saveSettings);
  app.post('/webinars/:webinarId/livestream/status', ...eventPage, webinars.changeStatus);
  app.post('/webinars/:webinarId/livestream/restore', ...eventPage, webinars.restore);
  app.post('/webinars/:webinarId/livestream/youtube', ...eventPage, webinars.applyYouTube);
  app.post('/webinars/:webinarId/livestream/check', ...eventPage, webinars.checkNow);
  app.get('/destinations', requireConnected, youtube.status, saved.list);
  app.get('/youtube/connect', requireConnected, youtube.connect);
  app.get('/youtube/callback', requireConnected, youtube.callback);
  app.post('/youtube/disconnect', requireConnected, youtube.disconnect);
  app.post('/destinations', requireConnected, youtube.status, saved.create);
  app.get('/destinations/new', requireConnected, youtube.status, saved.showNew);
  app.get('/destinations/delete-all', requireConnected, saved.confirmDeleteAll);
  app.post('/destinations/delete-all', requireConnected, saved.removeAll);
  app.get('/destinations/:id/edit', requireConnected, youtube.status, saved.showEdit);
  app.post('/destinations/:id/edit', requireConnected, youtube.status, saved.update);
  app.get('/destinations/:id/delete', requireConnected, saved.confirmDelete);
  app.post('/destinations/:id/delete', requireConnected, saved.remove);
  app.get('/streams', requireConnected, bulk.showOverview);
  app.post('/streams/apply', requireConnected, bulk.apply);
  app.post('/streams/plan', requireConnected, bulk.toPlan);
  app.post('/streams/check', requireConnected, bulk.check);
  app.get('/plans', requireConnected, plans.list);
  app.post('/plans', requireConnected, plans.create);
  app.get('/plans/new', requireConnected, plans.showNew);
  app.post('/plans/turn-off-all', requireConnected, plans.turnOffAll);
  app.get('/plans/:id', requireConnected, plans.show);
  app.get('/plans/:id/edit', requireConnected, plans.showEdit);
  app.post('/plans/:id/edit', requireConnected, plans.update);
  app.get('/plans/:id/delete', requireConnected, plans.confirmDelete);
  app.post('/plans/:id/delete', requireConnected, plans.remove);
  app.post('/plans/:id/events/:kind/:eventId/apply', requireConnected, plans.applyAgain);
  app.post('/plans/:id/events/:kind/:eventId/leave', requireConnected, plans.leave);
  app.get('/jobs/:jobId', requireConnected, job.show);
  app.get('/jobs/:jobId/progress', requireConnected, job.progress);
  app.post('/jobs/:jobId/cancel', requireConnected, job.cancel);
  app.post('/jobs/:jobId/resume', requireConnected, job.resume);
  app.post('/jobs/:jobId/retry', requireConnected, job.retry);
  app.post('/jobs/:jobId/undo', requireConnected, job.undo);

  app.use(notFound);
  app.use(errorHandler(config.showStack, deps.logger, metrics?.unavailable));
  return app;
}
