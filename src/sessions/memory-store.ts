import session, { type SessionData } from 'express-session';
import type { StoreCallback } from './errors';
import { ExpiringKeys } from './expiring-keys';
import { startedNoLaterThan, zoomUserOf } from './expiry';
import { DEFAULT_TOMBSTONE_TTL_MS, type AppSessionStore } from './store-types';

export interface MemoryStoreOptions {
  /** How long a destroyed id stays refused (see store-types.ts). */
  tombstoneTtlMs?: number;
  now?: () => number;
}

/**
 * Tests only (config refuses it in production): express-session's MemoryStore, whose user index
 * is a scan of every session, which is fine for the handful a test creates.
 */
export class MemorySessionStore extends session.MemoryStore implements AppSessionStore {
  readonly kind = 'memory' as const;
  private readonly tombstones: ExpiringKeys;
  private readonly remembered: ExpiringKeys;
  private readonly tombstoneTtlMs: number;

  constructor(options: MemoryStoreOptions = {}) {
    super();
    const now = options.now ?? Date.now;
    this.tombstones = new ExpiringKeys(now);
    this.remembered = new ExpiringKeys(now);
    this.tombstoneTtlMs = options.tombstoneTtlMs ?? DEFAULT_TOMBSTONE_TTL_MS;
  }

  /** A save that was in flight when the session was destroyed is dropped, not written back. */
  override set(sid: string, sess: SessionData, callback?: StoreCallback<void>): void {
    if (this.tombstones.has(sid)) return void setImmediate(() => callback?.());
    super.set(sid, sess, callback);
  }

  override destroy(sid: string, callback?: StoreCallback<void>): void {
    this.tombstones.add(sid, this.tombstoneTtlMs);
    super.destroy(sid, callback);
  }

  sessionsOfUser(zoomUserId: string, startedBefore?: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.all((error: Error | null | undefined, sessions) => {
        if (error) return reject(error);
        // MemoryStore.all answers an object keyed by session id (already without expired ones).
        const entries = sessions && !Array.isArray(sessions) ? Object.entries(sessions) : [];
        const ofUser = entries.filter(([, sess]) => zoomUserOf(sess) === zoomUserId && startedNoLaterThan(sess, startedBefore));
        resolve(ofUser.map(([sid]) => sid));
      });
    });
  }

  async destroyUserSessions(zoomUserId: string, startedBefore?: number): Promise<number> {
    const sids = await this.sessionsOfUser(zoomUserId, startedBefore);
    await Promise.all(sids.map((sid) => new Promise<void>((resolve) => this.destroy(sid, () => resolve()))));
    return sids.length;
  }

  async rememberOnce(key: string, ttlMs: number): Promise<boolean> {
    if (this.remembered.has(key)) return false;
    this.remembered.add(key, ttlMs);
    return true;
  }

  async forget(key: string): Promise<void> {
    this.remembered.delete(key);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  probe(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.clear();
  }
}
