import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { Store, type SessionData } from 'express-session';
import { SessionStoreUnavailableError, settle, type StoreCallback } from './errors';
import { sessionExpiresAt, zoomUserOf } from './expiry';
import { createLocalRefreshLock } from './refresh-lock';
import type { AppSessionStore } from './store-types';

export interface SqliteStoreOptions {
  /** The database file; its folder is created on first start. */
  path: string;
  /** How often expired rows are deleted (they are already ignored on read). */
  pruneIntervalMs?: number;
  now?: () => number;
}

/** Rows deleted per statement when pruning, so one prune never blocks the event loop for long. */
const PRUNE_BATCH = 500;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS sessions (
    sid     TEXT PRIMARY KEY,
    data    TEXT NOT NULL,
    expires INTEGER NOT NULL,
    user_id TEXT
  );
  CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires);
  CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id) WHERE user_id IS NOT NULL;
`;

function openDatabase(file: string): Database.Database {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  // WAL: readers never wait for the writer; NORMAL sync is durable across app crashes in WAL mode.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // A second process on the same file (a restart overlapping the old one) waits instead of failing.
  db.pragma('busy_timeout = 2000');
  db.exec(SCHEMA);
  return db;
}

function prepare(db: Database.Database) {
  return {
    get: db.prepare<[string, number], { data: string }>('SELECT data FROM sessions WHERE sid = ? AND expires > ?'),
    upsert: db.prepare<[string, string, number, string | null]>(
      'INSERT INTO sessions (sid, data, expires, user_id) VALUES (?, ?, ?, ?) ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires = excluded.expires, user_id = excluded.user_id',
    ),
    // Only the expiry: a touch carries the session as loaded, which may be older than what another request saved.
    touch: db.prepare<[number, string, number]>('UPDATE sessions SET expires = ? WHERE sid = ? AND expires > ?'),
    destroy: db.prepare<[string]>('DELETE FROM sessions WHERE sid = ?'),
    ofUser: db.prepare<[string, number], { sid: string }>('SELECT sid FROM sessions WHERE user_id = ? AND expires > ?'),
    destroyUser: db.prepare<[string, number]>('DELETE FROM sessions WHERE user_id = ? AND expires > ?'),
    count: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM sessions WHERE expires > ?'),
    clear: db.prepare('DELETE FROM sessions'),
    prune: db.prepare<[number, number]>('DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE expires <= ? LIMIT ?)'),
  };
}

/**
 * The default store: one SQLite file (better-sqlite3), so logins survive restarts of a single instance.
 * Calls are synchronous and take microseconds (primary-key lookups on prepared statements);
 * pruning runs in small batches on an unref'd timer.
 */
export class SqliteSessionStore extends Store implements AppSessionStore {
  readonly kind = 'sqlite' as const;
  readonly refreshLock = createLocalRefreshLock();
  private readonly db: Database.Database;
  private readonly sql: ReturnType<typeof prepare>;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(options: SqliteStoreOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.db = openDatabase(options.path);
    this.sql = prepare(this.db);
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
    void settle(this.run(() => void this.sql.touch.run(sessionExpiresAt(sess, now), sid, now)), callback);
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
