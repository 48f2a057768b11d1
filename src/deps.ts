import type { Store } from 'express-session';
import type { Config } from './config';
import { createSessionStore } from './sessions/store';
import { createZoomClient, type ZoomClient } from './zoom/client';
import { createZoomOAuth, type ZoomOAuth } from './zoom/oauth';

/** The app's collaborators (STYLE 3): built once here, swapped or inspected by tests. */
export interface AppDeps {
  oauth: ZoomOAuth;
  zoom: ZoomClient;
  sessionStore: Store;
  /** Where unexpected errors go; never handed tokens or form values. */
  logError: (error: unknown) => void;
}

function logUnexpected(error: unknown): void {
  const described = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
  console.error(`unexpected error: ${described}`);
}

export function buildDeps(config: Config, overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    oauth: createZoomOAuth({ ...config.zoom }),
    zoom: createZoomClient({ apiUrl: config.zoom.apiUrl, timeoutMs: config.zoom.timeoutMs }),
    sessionStore: createSessionStore('memory'),
    logError: logUnexpected,
    ...overrides,
  };
}
