import type { Config } from '../config';
import type { StoredToken } from '../credentials/vault';
import type { AppDeps } from '../deps';
import { authHandlers } from './auth/handlers';
import { noticeCookieOf } from './auth/disconnected-notice';
import { destinationHandlers } from './destinations/handlers';
import { healthHandlers } from './health';
import { homeHandlers } from './home/handlers';
import { jobHandlers } from './jobs/handlers';
import { eventChoices } from './plans/events';
import { planHandlers } from './plans/handlers';
import { sessionGrant } from './plans/session-grant';
import { livestreamHandlers } from './livestream/page';
import { createDestinationTargets } from '../youtube/targets';
import { metricsHandler } from './metrics';
import { hostReads } from './shared/host-reads';
import { refreshHandler } from './shared/refresh';
import { streamsHandlers } from './streams/handlers';
import { webhookHandler } from './webhooks';
import { youtubeHandlers } from './youtube/handlers';

/**
 * The wiring of every page family's handlers from the app's collaborators, so that app.ts holds only the
 * middleware order and the route table. Each family gets just what it uses.
 */
export function webHandlers(config: Config, deps: AppDeps) {
  const cookie = {
    name: config.session.cookieName,
    options: { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.session.secure },
  };
  /** A login can take up the host's jobs paused for a reconnect. */
  const resumeJobs = async (userId: string) => {
    if ((await deps.jobs.resumeReconnected(userId)) > 0) deps.jobRunner.kick();
  };
  const forgetReadings = (userId: string) => deps.cache.forgetHost(userId);
  /** A host who has a grant (plans) logs in: the fresh token replaces it (a refused one is resumed); no grant, no change. */
  const keepInGrant = async (token: StoredToken, accountId: string) => {
    try {
      if (!(await deps.grants.exists(token.userId))) return false;
      await deps.grants.adopt(token, accountId);
      return true;
    } catch (error) {
      // The database down: the login keeps its token in the session (a new authorization, not a copy of the grant's).
      deps.logger.warn({ err: error }, 'grant not updated at login');
      return false;
    }
  };
  // Every page reads Zoom through the host's read cache; events and the host's own changes clear it.
  const reads = hostReads({ zoom: deps.zoom, tokens: deps.tokens, cache: deps.cache });
  // One implementation for both kinds of event: the kind is a parameter, not a copy.
  const pageDeps = {
    zoom: deps.zoom, tokens: deps.tokens, vault: deps.vault, reads, cache: deps.cache, live: deps.live, changer: deps.changer,
    destinations: deps.destinations, history: deps.history, jobs: deps.jobs, logger: deps.logger, plans: deps.plans.service,
    youtubeLive: deps.youtube?.liveStatus,
    targets: createDestinationTargets({ zoom: deps.zoom, broadcasts: deps.youtube?.broadcasts, now: deps.now }),
    preflight: deps.preflight,
  };
  // Without METRICS_TOKEN nothing is measured and /metrics is the usual 404.
  const metrics = config.metricsToken ? deps.metrics : undefined;
  return {
    metrics,
    health: healthHandlers({ sessionStore: deps.sessionStore, database: deps.database, redis: deps.redis, stopping: () => deps.lifecycle.stopping, now: deps.now }),
    scrape: metrics ? metricsHandler(metrics.registry, config.metricsToken!) : undefined,
    webhook: webhookHandler({
      secret: config.webhookSecret, sessions: deps.sessionStore, destinations: deps.destinations, history: deps.history, jobs: deps.jobs,
      live: deps.live, cache: deps.cache, logger: deps.logger, planData: deps.plans.repository, grants: deps.grants, planEvents: deps.plans.events, youtube: deps.youtube, youtubeEvents: deps.youtubeEvents, preflight: deps.preflight,
    }),
    auth: authHandlers({ oauth: deps.oauth, zoom: deps.zoom, tokens: deps.tokens, vault: deps.vault, cookie, resumeJobs, forgetReadings, keepInGrant, hasGrant: deps.grants.exists }),
    home: homeHandlers({ reads, notice: noticeCookieOf(cookie), preflight: deps.preflight.repository, now: deps.now }),
    meetings: livestreamHandlers('meeting', pageDeps),
    webinars: livestreamHandlers('webinar', pageDeps),
    saved: destinationHandlers({ destinations: deps.destinations, userData: { ...deps, planData: deps.plans.repository }, grants: deps.grants, vault: deps.vault }),
    bulk: streamsHandlers({ zoom: deps.zoom, reads, live: deps.live, plans: deps.plans.service, youtube: deps.youtube?.liveStatus, pacer: deps.pacer, destinations: deps.destinations, jobs: deps.jobs, jobRunner: deps.jobRunner, now: deps.now,
      preflight: deps.preflight, tokens: deps.tokens,
      // A cold view shows at once and fills the destinations in from the read cache: without a cache it waits for them.
      fillLater: config.cacheMs > 0 }),
    job: jobHandlers({ jobs: deps.jobs, jobRunner: deps.jobRunner, now: deps.now }),
    youtube: youtubeHandlers(deps.youtube),
    refresh: refreshHandler({ zoom: deps.zoom, tokens: deps.tokens, cache: deps.cache }),
    plans: planHandlers({ plans: deps.plans.service, destinations: deps.destinations, choicesOf: eventChoices(reads), grant: sessionGrant(deps.vault, (sid, live) => deps.tokens.peek(sid, live)) }),
  };
}
