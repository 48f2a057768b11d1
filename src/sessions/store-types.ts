import type { Store } from 'express-session';

/**
 * Which sessions a Zoom user has, so the deauthorization webhook can end them all
 * (on every app instance: the index lives in the shared store).
 */
export interface UserSessionIndex {
  /** Ids of the live sessions whose `zoom.userId` is this user. */
  sessionsOfUser(zoomUserId: string): Promise<string[]>;
  /** Ends every live session of this user; resolves to how many were ended. */
  destroyUserSessions(zoomUserId: string): Promise<number>;
}

/** The express-session store the app runs on, with the user index and a way to shut it down. */
export type AppSessionStore = Store &
  UserSessionIndex & {
    readonly kind: 'sqlite' | 'redis' | 'memory';
    /** Resolves once the backend first answers: at once for SQLite and memory, on first connect for Redis. */
    ready(): Promise<void>;
    /** Stops timers and closes files or connections; the store is unusable afterwards. */
    close(): Promise<void>;
  };
