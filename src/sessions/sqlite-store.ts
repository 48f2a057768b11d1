import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { Store, type SessionData } from 'express-session';
import { SessionStoreUnavailableError, settle, type StoreCallback } from './errors';
import { sessionExpiresAt, zoomUserOf } from './expiry';
import { PRUNE_BATCH, openDatabase, prepareStatements } from './sqlite-schema';
import type { AppSessionStore } from './store-types';

export interface SqliteStoreOptions {
  /** The database file; its folder is created on first start. */
  path: string;
  /** How often expired rows are deleted (they are already ignored on read). */
  pruneIntervalMs?: number;
  now?: () => number;
}

/**
 * The default store: one SQLite file (better-sqlite3), so logins survive restarts of a single instance.
 * Calls are synchronous and take microseconds (primary-key lookups on prepared statements);
 * pruning runs in small batches on an unref'd timer.
 */
export class SqliteSessionStore extends Store implements AppSessionStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly sql: ReturnType<typeof prepareStatements>;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(options: SqliteStoreOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.db = openDatabase(options.path);
    this.sql = prepareStatements(this.db);
    this.timer = setInterval(() => void this.prune().catch(() => undefined), options.pruneIntervalMs ?? 5 * 60_000).unref();
  }

  /** Runs a statement on the next turn (callbacks stay asynchronous, as express-session's MemoryStore keeps them). */
  private async run<T>(statement: () => T): Promise<T> {
    await nextTurn();
    try {
      return statement();
    } catch (error) {
      throw new SessionStoreUnavailableError(error);
    }
  }

  get(sid: string, callback: StoreCallback<SessionData | null>): void {
    void settle(this.run(() => {
      const row = this.sql.get.get(sid, this.now());
      return row ? (JSON.parse(row.data) as SessionData) : null;
    }), callback);
  }

  set(sid: string, sess: SessionData, callback?: StoreCallback<void>): void {
    const now = this.now();
    void settle(this.run(() => void this.sql.upsert.run(sid, JSON.stringify(sess), sessionExpiresAt(sess, now), zoomUserOf(sess) ?? null)), callback);
  }

  touch(sid: string, sess: SessionData, callback?: StoreCallback<void>): void {
    const now = this.now();
    void settle(this.run(() => void this.sql.touch.run({ expires: sessionExpiresAt(sess, now), sid, now })), callback);
  }

  destroy(sid: string, callback?: StoreCallback<void>): void {
    void settle(this.run(() => void this.sql.destroy.run(sid)), callback);
  }

  length(callback: StoreCallback<number>): void {
    void settle(this.run(() => this.sql.count.get(this.now())?.n ?? 0), callback);
  }

  clear(callback?: StoreCallback<void>): void {
    void settle(this.run(() => void this.sql.clear.run()), callback);
  }

  sessionsOfUser(zoomUserId: string): Promise<string[]> {
    return this.run(() => this.sql.ofUser.all(zoomUserId, this.now()).map((row) => row.sid));
  }

  destroyUserSessions(zoomUserId: string): Promise<number> {
    return this.run(() => this.sql.destroyUser.run(zoomUserId, this.now()).changes);
  }

  /** Deletes expired rows in batches, yielding between them; resolves to how many were deleted. */
  async prune(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.run(() => this.sql.prune.run(this.now(), PRUNE_BATCH).changes);
      total += deleted;
      if (deleted < PRUNE_BATCH) return total;
    }
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.db.open) this.db.close();
  }
}
