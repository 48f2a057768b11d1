import type Database from 'better-sqlite3';

/** The SQLite tables of the session store and every statement it runs (prepared once). */

/** Rows deleted per statement when pruning, so one prune never blocks the event loop for long. */
export const PRUNE_BATCH = 500;

/**
 * sessions: one row per session. tombstones: ids destroyed recently, which a late save must not bring
 * back. remembered: keys claimed once (webhook deliveries). health: the row /healthz writes.
 */
export const SCHEMA = `
  CREATE TABLE IF NOT EXISTS sessions (
    sid     TEXT PRIMARY KEY,
    data    TEXT NOT NULL,
    expires INTEGER NOT NULL,
    user_id TEXT
  );
  CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires);
  CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id) WHERE user_id IS NOT NULL;
  CREATE TABLE IF NOT EXISTS tombstones (sid TEXT PRIMARY KEY, expires INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS tombstones_by_expiry ON tombstones (expires);
  CREATE TABLE IF NOT EXISTS remembered (key TEXT PRIMARY KEY, expires INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS health (id TEXT PRIMARY KEY, at INTEGER NOT NULL);
`;

/** A delete of expired rows of one table, a batch at a time. */
function pruneOf(db: Database.Database, table: 'sessions' | 'tombstones' | 'remembered') {
  return db.prepare<[number, number]>(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE expires <= ? LIMIT ?)`);
}

export function prepareStatements(db: Database.Database) {
  return {
    get: db.prepare<[string, number], { data: string }>('SELECT data FROM sessions WHERE sid = ? AND expires > ?'),
    // One statement, so the tombstone check and the write cannot be split by another writer.
    upsert: db.prepare<[{ sid: string; data: string; expires: number; userId: string | null; now: number }]>(
      `INSERT INTO sessions (sid, data, expires, user_id)
         SELECT @sid, @data, @expires, @userId
         WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE sid = @sid AND expires > @now)
       ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires = excluded.expires, user_id = excluded.user_id`,
    ),
    // Only the expiry: a touch carries the session as loaded, which may be older than what another request saved.
    // The rolling cookie touches on every request; a write only when the expiry moves by the threshold or more.
    touch: db.prepare<[{ expires: number; sid: string; now: number; threshold: number }]>(
      'UPDATE sessions SET expires = @expires WHERE sid = @sid AND expires > @now AND expires <= @expires - @threshold',
    ),
    destroy: db.prepare<[string]>('DELETE FROM sessions WHERE sid = ?'),
    tombstone: db.prepare<[string, number]>('INSERT INTO tombstones (sid, expires) VALUES (?, ?) ON CONFLICT (sid) DO UPDATE SET expires = excluded.expires'),
    ofUser: db.prepare<[string, number], { sid: string; startedAt: unknown }>(
      "SELECT sid, json_extract(data, '$.startedAt') AS startedAt FROM sessions WHERE user_id = ? AND expires > ?",
    ),
    count: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM sessions WHERE expires > ?'),
    clear: db.prepare('DELETE FROM sessions'),
    // Claims the key unless a live claim exists: one row changed means this caller is first.
    remember: db.prepare<[{ key: string; expires: number; now: number }]>(
      'INSERT INTO remembered (key, expires) VALUES (@key, @expires) ON CONFLICT (key) DO UPDATE SET expires = excluded.expires WHERE remembered.expires <= @now',
    ),
    forget: db.prepare<[string]>('DELETE FROM remembered WHERE key = ?'),
    health: db.prepare<[number]>("INSERT INTO health (id, at) VALUES ('probe', ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at"),
    prune: { sessions: pruneOf(db, 'sessions'), tombstones: pruneOf(db, 'tombstones'), remembered: pruneOf(db, 'remembered') },
  };
}
