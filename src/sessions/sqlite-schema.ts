import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** The SQLite session table, how the file is opened, and every statement the store runs (prepared once). */

/** Rows deleted per statement when pruning, so one prune never blocks the event loop for long. */
export const PRUNE_BATCH = 500;

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

export function openDatabase(file: string): Database.Database {
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

export function prepareStatements(db: Database.Database) {
  return {
    get: db.prepare<[string, number], { data: string }>('SELECT data FROM sessions WHERE sid = ? AND expires > ?'),
    upsert: db.prepare<[string, string, number, string | null]>(
      'INSERT INTO sessions (sid, data, expires, user_id) VALUES (?, ?, ?, ?) ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires = excluded.expires, user_id = excluded.user_id',
    ),
    // Only the expiry: a touch carries the session as loaded, which may be older than what another request saved.
    // The rolling cookie touches on every request; a write only when the expiry moves by a minute or more.
    touch: db.prepare<[{ expires: number; sid: string; now: number }]>(
      'UPDATE sessions SET expires = @expires WHERE sid = @sid AND expires > @now AND expires < @expires - 60000',
    ),
    destroy: db.prepare<[string]>('DELETE FROM sessions WHERE sid = ?'),
    ofUser: db.prepare<[string, number], { sid: string }>('SELECT sid FROM sessions WHERE user_id = ? AND expires > ?'),
    destroyUser: db.prepare<[string, number]>('DELETE FROM sessions WHERE user_id = ? AND expires > ?'),
    count: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM sessions WHERE expires > ?'),
    clear: db.prepare('DELETE FROM sessions'),
    prune: db.prepare<[number, number]>('DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE expires <= ? LIMIT ?)'),
  };
}
