import type Database from 'better-sqlite3';
import { Store, type SessionData } from 'express-session';
import { settle, type StoreCallback } from './errors';
import { sessionExpiresAt, startedNoLaterThan, touchThresholdMs, zoomUserOf } from './expiry';
import { runStatement } from './sqlite-busy';
import { checkSameFile, openDatabase, type FileIdentity } from './sqlite-file';
import { PRUNE_BATCH, prepareStatements } from './sqlite-schema';
import { DEFAULT_TOMBSTONE_TTL_MS, type AppSessionStore } from './store-types';

export interface SqliteStoreOptions {
  /** The database file; its folder is created (0700) on first start, the file 0600. */
  path: string;
  /** How often expired rows are deleted (they are already ignored on read). */
  pruneIntervalMs?: number;
  /** How long a destroyed id stays refused (see store-types.ts). */
  tombstoneTtlMs?: number;
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
  private readonly identity: FileIdentity;
  private readonly sql: ReturnType<typeof prepareStatements>;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly tombstoneTtlMs: number;

  constructor(private readonly options: SqliteStoreOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.tombstoneTtlMs = options.tombstoneTtlMs ?? DEFAULT_TOMBSTONE_TTL_MS;
    ({ db: this.db, identity: this.identity } = openDatabase(options.path));
    this.sql = prepareStatements(this.db);
    this.timer = setInterval(() => void this.prune().catch(() => undefined), options.pruneIntervalMs ?? 5 * 60_000).unref();
  }

  private run<T>(statement: () => T): Promise<T> {
    return runStatement(statement);
  }

  get(sid: string, callback: StoreCallback<SessionData | null>): void {
    void settle(this.run(() => {
      const row = this.sql.get.get(sid, this.now());
      return row ? (JSON.parse(row.data) as SessionData) : null;
    }), callback);
  }

  /** A no-op for a tombstoned id: a save that was in flight when the session ended must not revive it. */
  set(sid: string, sess: SessionData, callback?: StoreCallback<void>): void {
    const now = this.now();
    const row = { sid, data: JSON.stringify(sess), expires: sessionExpiresAt(sess, now), userId: zoomUserOf(sess) ?? null, now };
    void settle(this.run(() => void this.sql.upsert.run(row)), callback);
  }

  /** Only an existing row's expiry, so a touch can never re-create a destroyed session. */
  touch(sid: string, sess: SessionData, callback?: StoreCallback<void>): void {
    const now = this.now();
    const change = { expires: sessionExpiresAt(sess, now), sid, now, threshold: touchThresholdMs(sess) };
    void settle(this.run(() => void this.sql.touch.run(change)), callback);
  }

  destroy(sid: string, callback?: StoreCallback<void>): void {
    void settle(this.run(() => void this.destroyNow([sid])), callback);
  }

  /** Deletes and tombstones in one transaction: no moment where the row is gone and the id not refused. */
  private destroyNow(sids: string[]): number {
    const expires = this.now() + this.tombstoneTtlMs;
    return this.db.transaction(() => {
      let deleted = 0;
      for (const sid of sids) {
        deleted += this.sql.destroy.run(sid).changes;
        this.sql.tombstone.run(sid, expires);
      }
      return deleted;
    })();
  }

  length(callback: StoreCallback<number>): void {
    void settle(this.run(() => this.sql.count.get(this.now())?.n ?? 0), callback);
  }

  clear(callback?: StoreCallback<void>): void {
    void settle(this.run(() => void this.sql.clear.run()), callback);
  }

  private liveOfUser(zoomUserId: string, startedBefore?: number): string[] {
    const rows = this.sql.ofUser.all(zoomUserId, this.now());
    return rows.filter((row) => startedNoLaterThan({ startedAt: row.startedAt }, startedBefore)).map((row) => row.sid);
  }

  sessionsOfUser(zoomUserId: string, startedBefore?: number): Promise<string[]> {
    return this.run(() => this.liveOfUser(zoomUserId, startedBefore));
  }

  destroyUserSessions(zoomUserId: string, startedBefore?: number): Promise<number> {
    return this.run(() => this.destroyNow(this.liveOfUser(zoomUserId, startedBefore)));
  }

  rememberOnce(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.run(() => this.sql.remember.run({ key, expires: now + ttlMs, now }).changes === 1);
  }

  forget(key: string): Promise<void> {
    return this.run(() => void this.sql.forget.run(key));
  }

  /** /healthz: the path still names the open file, and a row can be written now. */
  probe(): Promise<void> {
    return this.run(() => {
      checkSameFile(this.options.path, this.identity);
      this.sql.health.run(this.now());
    });
  }

  /** Deletes expired sessions, tombstones and remembered keys in batches, yielding between them. */
  async prune(): Promise<number> {
    let total = 0;
    for (const statement of Object.values(this.sql.prune)) {
      for (;;) {
        const deleted = await this.run(() => statement.run(this.now(), PRUNE_BATCH).changes);
        total += deleted;
        if (deleted < PRUNE_BATCH) break;
      }
    }
    return total;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.db.open) this.db.close();
  }
}
