import session from 'express-session';
import { zoomUserOf } from './expiry';
import type { AppSessionStore } from './store-types';

/**
 * Tests only (config refuses it in production): express-session's MemoryStore, whose user index
 * is a scan of every session, which is fine for the handful a test creates.
 */
export class MemorySessionStore extends session.MemoryStore implements AppSessionStore {
  readonly kind = 'memory' as const;

  sessionsOfUser(zoomUserId: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.all((error, sessions) => {
        if (error) return reject(error);
        // MemoryStore.all answers an object keyed by session id (already without expired ones).
        const entries = sessions && !Array.isArray(sessions) ? Object.entries(sessions) : [];
        resolve(entries.filter(([, sess]) => zoomUserOf(sess) === zoomUserId).map(([sid]) => sid));
      });
    });
  }

  async destroyUserSessions(zoomUserId: string): Promise<number> {
    const sids = await this.sessionsOfUser(zoomUserId);
    await Promise.all(sids.map((sid) => new Promise<void>((resolve) => this.destroy(sid, () => resolve()))));
    return sids.length;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.clear();
  }
}
