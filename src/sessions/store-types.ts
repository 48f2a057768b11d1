import type { Store } from 'express-session';

/**
 * Which sessions a Zoom user has, so the deauthorization webhook can end them all
 * (on every app instance: the index lives in the shared store).
 */
export interface UserSessionIndex {
  /**
   * Ids of the live sessions whose `zoom.userId` is this user; with `startedBefore` (epoch ms), only
   * logins at or before it (a session without `startedAt` counts as older).
   */
  sessionsOfUser(zoomUserId: string, startedBefore?: number): Promise<string[]>;
  /**
   * Ends those sessions (tombstoned, like destroy); resolves to how many were ended.
   * `startedBefore` is the event's time: a login after a deauthorization is a new authorization.
   */
  destroyUserSessions(zoomUserId: string, startedBefore?: number): Promise<number>;
}

/**
 * Facts the store keeps for a while, shared by every instance on the same store:
 * webhook deliveries already handled.
 */
export interface OnceKeys {
  /** True for the first caller to claim `key` within `ttlMs` (Redis SET NX PX); false for every later one. */
  rememberOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Releases a claim, so a delivery whose handling failed can be retried. */
  forget(key: string): Promise<void>;
}

/** The express-session store the app runs on, with the user index and a way to shut it down. */
export type AppSessionStore = Store &
  UserSessionIndex &
  OnceKeys & {
    readonly kind: 'sqlite' | 'redis' | 'memory';
    /** Resolves once the backend first answers: at once for SQLite and memory, on first connect for Redis. */
    ready(): Promise<void>;
    /** For /healthz: resolves when the store can be written now (SQLite: a keyed row, and the file is still there). */
    probe(): Promise<void>;
    /** Stops timers and closes files or connections; the store is unusable afterwards. */
    close(): Promise<void>;
  };

/**
 * How long a destroyed session id is remembered, so a save already in flight cannot write it back
 * (a set or touch of a tombstoned id is a no-op). At least the longest a session can live.
 */
export const DEFAULT_TOMBSTONE_TTL_MS = 24 * 3600_000;
