import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { hostReads } from './web/shared/host-reads';
import { keepFormOfExpiredSession } from './web/livestream/resume';
import { languages } from './web/middleware/languages';
import { httpLogger } from './logging';
import { requestMetrics } from './web/middleware/http-metrics';
import { errorHandler, notFound } from './web/middleware/errors';
import { requireConnected, requireEventId, requireFormBody } from './web/middleware/guards';
import { pageLocals } from './web/middleware/locals';
import { shortLivedPendingLogin } from './web/middleware/pending-login';
import { rateLimits } from './web/middleware/rate-limit';
import { sandboxCanonicalHost } from './web/middleware/sandbox-host';
import { absoluteLifetime } from './web/middleware/session-lifetime';
import { authHandlers } from './web/auth/handlers';
import { destinationHandlers } from './web/destinations/handlers';
import { healthRoutes } from './web/health';
import { noticeCookieOf } from './web/auth/disconnected-notice';
import { homeHandlers } from './web/home/handlers';
import { refreshHandler } from './web/shared/refresh';
import { jobHandlers } from './web/jobs/handlers';
import { livestreamHandlers } from './web/livestream/page';
import { metricsRoutes } from './web/metrics';
import { streamsHandlers } from './web/streams/handlers';
import { webhookRoutes } from './web/webhooks';
import { securityHeaders } from './web/middleware/security-headers';
import './web/shared/session-data';
import { sessionMiddleware } from './sessions/session-middleware';
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

  // Before sessions: timing and logging, headers, static files, the probes and /metrics, and Zoom's webhooks (signed raw
  // bytes, no cookie). Without METRICS_TOKEN nothing is measured and /metrics is the usual 404.
  const metrics = config.metricsToken ? deps.metrics : undefined;
  if (metrics) app.use(requestMetrics(metrics, app));
  app.use(httpLogger(deps.logger));
  app.use(helmet(securityHeaders(config.session.secure)));
  app.use(sandboxCanonicalHost(config.sandbox, config.baseUrl));
  app.use('/public', express.static(path.join(ROOT, 'public'), { maxAge: '1h', index: false }));
  // Pico CSS from the installed package, never a CDN: the CSP allows styles from this origin only.
  app.use('/public/vendor', express.static(PICO_CSS, { maxAge: '1h', index: false }));
  app.use(healthRoutes({ sessionStore: deps.sessionStore, database: deps.database, redis: deps.redis, stopping: () => deps.lifecycle.stopping }));
  if (metrics) app.use(metricsRoutes(metrics.registry, config.metricsToken!));
  app.use(languages({ secureCookie: config.session.secure }));
  app.use(webhookRoutes({
    secret: config.webhookSecret, sessions: deps.sessionStore, destinations: deps.destinations, history: deps.history, jobs: deps.jobs,
    live: deps.live, cache: deps.cache, logger: deps.logger,
  }));

  // Pages: no caching, rate limits, the session, form bodies, CSRF, and what every page shows.
  const csrf = csrfSync({ getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined) });
  app.use(noStore);
  app.use(rateLimits({ perMinute: config.rateLimitPerMinute, redis: deps.redis, redisPrefix: config.session.redisPrefix }));
  app.use(sessionMiddleware(config, deps.sessionStore));
  app.get('/install', shortLivedPendingLogin);
  app.use(absoluteLifetime(config.session.maxAgeMs));
  app.use(requireFormBody);
  // Bulk apply ticks up to 300 meetings and 300 webinars: its own, larger bound. Mounted first, since
  // express.urlencoded leaves a body another parser has read alone; every other form keeps the tight one.
  app.use('/streams/apply', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 1000 }));
  app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 20 }));
  app.use(keepFormOfExpiredSession(deps.vault, new URL(config.baseUrl).origin));
  app.use(csrf.csrfSynchronisedProtection);
  app.use(pageLocals(config.sandbox, (req) => csrf.generateToken(req), config.zoom.oauthUrl));

  // The route table: every page, its guards, and its handler.
  const cookie = {
    name: config.session.cookieName,
    options: { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.session.secure },
  };
  const resumeJobs = async (userId: string) => {
    if ((await deps.jobs.resumeReconnected(userId)) > 0) deps.jobRunner.kick();
  };
  const forgetReadings = (userId: string) => deps.cache.forgetHost(userId);
  const auth = authHandlers({ oauth: deps.oauth, zoom: deps.zoom, tokens: deps.tokens, vault: deps.vault, cookie, resumeJobs, forgetReadings });
  // Every page reads Zoom through the host's read cache; events and the host's own changes clear it.
  const reads = hostReads({ zoom: deps.zoom, tokens: deps.tokens, cache: deps.cache });
  const home = homeHandlers({ reads, notice: noticeCookieOf(cookie) });
  // One implementation for both kinds of event: the kind is a parameter, not a copy.
  const pageDeps = {
    zoom: deps.zoom, tokens: deps.tokens, vault: deps.vault, reads, cache: deps.cache, live: deps.live, changer: deps.changer,
    destinations: deps.destinations, history: deps.history, logger: deps.logger,
  };
  const meetings = livestreamHandlers('meeting', pageDeps);
  const webinars = livestreamHandlers('webinar', pageDeps);
  const saved = destinationHandlers({ destinations: deps.destinations, history: deps.history });
  const bulk = streamsHandlers({ zoom: deps.zoom, reads, live: deps.live, pacer: deps.pacer, destinations: deps.destinations, jobs: deps.jobs, jobRunner: deps.jobRunner, now: deps.now });
  const job = jobHandlers({ jobs: deps.jobs, jobRunner: deps.jobRunner, now: deps.now });
  const refresh = refreshHandler({ zoom: deps.zoom, tokens: deps.tokens, cache: deps.cache });
  const eventPage = [requireConnected, requireEventId];

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
  app.get('/webinars/:webinarId/livestream', ...eventPage, webinars.showPage);
  app.post('/webinars/:webinarId/livestream', ...eventPage, webinars.saveSettings);
  app.post('/webinars/:webinarId/livestream/status', ...eventPage, webinars.changeStatus);
  app.post('/webinars/:webinarId/livestream/restore', ...eventPage, webinars.restore);
  app.get('/destinations', requireConnected, saved.list);
  app.post('/destinations', requireConnected, saved.create);
  app.get('/destinations/new', requireConnected, saved.showNew);
  app.get('/destinations/delete-all', requireConnected, saved.confirmDeleteAll);
  app.post('/destinations/delete-all', requireConnected, saved.removeAll);
  app.get('/destinations/:id/edit', requireConnected, saved.showEdit);
  app.post('/destinations/:id/edit', requireConnected, saved.update);
  app.get('/destinations/:id/delete', requireConnected, saved.confirmDelete);
  app.post('/destinations/:id/delete', requireConnected, saved.remove);
  app.get('/streams', requireConnected, bulk.showOverview);
  app.post('/streams/apply', requireConnected, bulk.apply);
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
