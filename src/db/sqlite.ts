import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver, sql,
  type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDialectConfig,
} from 'kysely';
import { LRUCache } from 'lru-cache';
import { CleanTextPlugin } from './clean-text';
import { createPrivately } from './private-file';
import type { AppDatabase, Tables } from './types';

/**
 * SQLite as Kysely's Migrator needs it for two processes on one file. Kysely's SQLite adapter has no
 * migration lock and runs migrations outside a transaction (supportsTransactionalDdl is false), so two
 * processes starting at once both run them. SQLite's DDL is transactional, though, and a transaction
 * begun with BEGIN IMMEDIATE takes the write lock at once: with both, the Migrator's transaction is the
 * lock (the second process waits for it, busy_timeout, then finds nothing pending), a failed migration
 * leaves nothing behind, and every app transaction (count-then-insert) is safe across processes too.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #options: SqliteDialectConfig;
  constructor(options: SqliteDialectConfig) {
    super(options);
    this.#options = options;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#options);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

/**
 * SQLite answers SQLITE_BUSY at once, without its busy handler, when two processes switch one new file to
 * WAL at the same moment (waiting could deadlock). Start-up only, before anything is served: try again
 * shortly, blocking, a bounded number of times.
 */
function switchToWal(sqlite: SqliteDatabase.Database): void {
  for (let attempt = 0; ; attempt += 1) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || attempt >= 40) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25 + Math.random() * 50);
    }
  }
}

/**
 * better-sqlite3 compiles SQL on every prepare(), and Kysely prepares every query anew: a page's few
 * queries spent more time compiling than running. The app's queries are a small fixed set of texts, so
 * each compiled statement is kept (bounded) and reused. Safe because Kysely runs a statement to the end
 * (all/run) before the next; the one exception, streaming with iterate(), is not used here.
 */
function keepingStatements(sqlite: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const compiled = new LRUCache<string, SqliteDatabase.Statement>({ max: 500 });
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = compiled.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        compiled.set(text, statement);
      }
      return statement;
    },
  };
}

/** The app's SQLite file, created private; `waitMs`: how long a query waits for another process's lock. */
export function openSqlite(file: string, waitMs: number): AppDatabase {
  createPrivately(file);
  const sqlite = new SqliteDatabase(file);
  // The wait first: switching a new file to WAL takes a lock that a second process starting at once must wait for.
  sqlite.pragma(`busy_timeout = ${waitMs}`);
  switchToWal(sqlite);
  const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: keepingStatements(sqlite) }), plugins: [new CleanTextPlugin()] });
  return {
    db,
    dialect: 'sqlite',
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}

/** SQLite's lock held by another process (better-sqlite3 sets code SQLITE_BUSY; Kysely may pass on only the message). */
export function isBusy(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && code.includes('SQLITE_BUSY')) || (typeof message === 'string' && /database is locked/i.test(message));
}
