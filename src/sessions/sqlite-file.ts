import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError } from '../config';
import { SCHEMA } from './sqlite-schema';

/**
 * How the session file is opened. It holds sealed tokens, so the folder is created 0700 and the file
 * 0600 (SQLite gives its -wal and -shm files the database file's mode). A file that cannot be opened
 * and written at start is a deployment problem: one line naming the path, not a stack.
 */
export class SessionDatabaseError extends ConfigError {
  constructor(file: string, cause: unknown) {
    super(`Session database ${file} cannot be used: ${cause instanceof Error ? cause.message : String(cause)} (check SESSION_DB_PATH and that the app's user may write it and its folder)`);
    this.name = 'SessionDatabaseError';
  }
}

/** While starting, wait out a previous process still closing the file; nothing is being served yet. */
const STARTUP_BUSY_TIMEOUT_MS = 2000;

/** Which file this is, so /healthz notices the file deleted or replaced under the open connection. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

function createPrivately(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

export function openDatabase(file: string): { db: Database.Database; identity: FileIdentity } {
  const resolved = path.resolve(file);
  let db: Database.Database | undefined;
  try {
    createPrivately(resolved);
    db = new Database(resolved, { timeout: STARTUP_BUSY_TIMEOUT_MS });
    // WAL: readers never wait for the writer; NORMAL sync is durable across app crashes in WAL mode.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    // A read-only file opens without complaint; this first write is what finds out.
    db.prepare("INSERT INTO health (id, at) VALUES ('start', ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at").run(Date.now());
    // From now on never wait inside SQLite: better-sqlite3 is synchronous, so a wait would freeze the
    // event loop. A busy file is retried asynchronously by the store, then answered with a 503.
    db.pragma('busy_timeout = 0');
    const { dev, ino } = fs.statSync(resolved);
    return { db, identity: { dev, ino } };
  } catch (error) {
    if (db?.open) db.close();
    throw new SessionDatabaseError(file, error);
  }
}

/** Throws when the path no longer names the file the connection has open (deleted, or replaced). */
export function checkSameFile(file: string, identity: FileIdentity): void {
  let now: fs.Stats;
  try {
    now = fs.statSync(path.resolve(file));
  } catch {
    throw new Error(`${file} no longer exists`);
  }
  if (now.dev !== identity.dev || now.ino !== identity.ino) throw new Error(`${file} was replaced by another file`);
}
