import type { Store } from 'express-session';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createLogger } from './logging';
import { createSessionStore } from './sessions/store';
import { createZoomClient, type ZoomClient } from './zoom/client';
import { createZoomOAuth, type ZoomOAuth } from './zoom/oauth';

/** The app's collaborators (STYLE 3): built once here, swapped or inspected by tests. */
export interface AppDeps {
  oauth: ZoomOAuth;
  zoom: ZoomClient;
  sessionStore: Store;
  /** JSON logs (pino); secrets are kept out by what is logged and by redaction. */
  logger: Logger;
}

export function buildDeps(config: Config, overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    oauth: createZoomOAuth({ ...config.zoom }),
    zoom: createZoomClient({ apiUrl: config.zoom.apiUrl, timeoutMs: config.zoom.timeoutMs }),
    sessionStore: createSessionStore('memory'),
    logger: createLogger(config.logLevel),
    ...overrides,
  };
}
