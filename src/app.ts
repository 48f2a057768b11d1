import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { httpLogger } from './logging';
import { errorHandler, notFound } from './middleware/errors';
import { sessionOutage } from './middleware/session-outage';
import { requireFormBody } from './middleware/guards';
import { pageLocals } from './middleware/locals';
import { shortLivedPendingLogin } from './middleware/pending-login';
import { rateLimits } from './middleware/rate-limit';
import { absoluteLifetime } from './middleware/session-lifetime';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { homeRoutes } from './routes/home';
import { livestreamRoutes } from './routes/livestream';
import { livestreamStatusRoutes } from './routes/livestream-status';
import { webhookRoutes } from './routes/webhooks';
import { securityHeaders } from './security-headers';
import { ejsEngine } from './views';
import './sessions/session-data';
import { sessionMiddleware } from './sessions/session-middleware';
import { createTokenVault } from './sessions/token-vault';
import { createTokenKeeper } from './zoom/session-token';

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
  app.use(httpLogger(deps.logger));
  app.use(helmet(securityHeaders(config.session.secure)));
  app.use('/public', express.static(path.join(ROOT, 'public'), { maxAge: '1h', index: false }));
  // Pico CSS from the installed package, never a CDN: the CSP allows styles from this origin only.
  app.use('/public/vendor', express.static(PICO_CSS, { maxAge: '1h', index: false }));
  app.use(healthRoutes(deps.sessionStore));
  // Before sessions, CSRF and body parsers: Zoom signs the raw bytes and sends no cookie.
  app.use(webhookRoutes({ secret: config.webhookSecret, endUserSessions: (id) => deps.sessionStore.destroyUserSessions(id), logger: deps.logger }));
  app.use(noStore);
  app.use(rateLimits({ perMinute: config.rateLimitPerMinute, redis: deps.redis, redisPrefix: config.session.redisPrefix }));
  app.use(sessionMiddleware(config, deps.sessionStore));
  app.get('/install', shortLivedPendingLogin);
  app.use(absoluteLifetime(config.session.maxAgeMs));
  const csrf = csrfSync({ getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined) });
  app.use(requireFormBody);
  app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 20 }));
  app.use(csrf.csrfSynchronisedProtection);
  app.use(pageLocals(config.sandbox, (req) => csrf.generateToken(req)));

  const vault = createTokenVault(config.tokenKeys, config.session.secret);
  const tokens = createTokenKeeper(deps.oauth, vault, deps.refreshLock);
  app.use(authRoutes({ oauth: deps.oauth, zoom: deps.zoom, cookieName: config.session.cookieName, vault }));
  app.use(homeRoutes({ zoom: deps.zoom, tokens }));
  app.use(livestreamRoutes({ zoom: deps.zoom, tokens, vault }));
  app.use(livestreamStatusRoutes({ zoom: deps.zoom, tokens }));
  app.use(notFound);
  app.use(sessionOutage);
  app.use(errorHandler(config.showStack, deps.logger));
  return app;
}
