import type { Logger } from 'pino';
import type { Config } from './config';
import { createLogger } from './logging';
import type { RefreshLock } from './sessions/refresh-lock';
import type { SessionRedisClient } from './sessions/redis-client';
import { RedisSessionStore } from './sessions/redis-store';
import { createSessionStore, type AppSessionStore } from './sessions/store';
import { createZoomClient, type ZoomClient } from './zoom/client';
import { createZoomOAuth, type ZoomOAuth } from './zoom/oauth';

/** The app's collaborators (STYLE 3): built once here, swapped or inspected by tests. */
export interface AppDeps {
  oauth: ZoomOAuth;
  zoom: ZoomClient;
  /** express-session store with the per-user index (deauthorization) and close(); server.ts closes it. */
  sessionStore: AppSessionStore;
  /** One Zoom token refresh per refresh token: across instances with Redis, in-process otherwise. */
  refreshLock: RefreshLock;
  /** JSON logs (pino); secrets are kept out by what is logged and by redaction. */
  logger: Logger;
  /** The session store's Redis client, when sessions live in Redis: the rate limits count there too (no second connection). */
  redis?: SessionRedisClient;
}

/** The client a Redis session store was built with (createSessionStore gives it a node-redis client). */
function redisOf(store: AppSessionStore): SessionRedisClient | undefined {
  return store instanceof RedisSessionStore ? (store.client as SessionRedisClient) : undefined;
}

export function buildDeps(config: Config, overrides: Partial<AppDeps> = {}): AppDeps {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  // Built only when not swapped: a store opens a file or a Redis connection.
  const sessionStore = overrides.sessionStore ?? createSessionStore(config.session, { log: logger });
  return {
    oauth: createZoomOAuth({ ...config.zoom }),
    zoom: createZoomClient({ apiUrl: config.zoom.apiUrl, timeoutMs: config.zoom.timeoutMs }),
    sessionStore,
    refreshLock: sessionStore.refreshLock,
    logger,
    redis: redisOf(sessionStore),
    ...overrides,
  };
}
