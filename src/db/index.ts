import { setTimeout as sleep } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver, sql,
  type DatabaseConnection, type DialectAdapter, type Driver, type Migration, type SqliteDialectConfig,
} from 'kysely';
import { LRUCache } from 'lru-cache';
import { Pool } from 'pg';
import * as destinationsAndHistory from './migrations/001-destinations-and-history';
import * as jobs from './migrations/002-jobs';
import * as liveState from './migrations/003-live-state';
import * as fairJobs from './migrations/004-fair-jobs';
import * as undoOnceAndExpectations from './migrations/005-undo-once-and-expectations';
import * as jobLabels from './migrations/007-job-labels';
import { CleanTextPlugin } from './clean-text';
import { isUniqueViolation } from './errors';
import { createPrivately } from './private-file';
import type { AppDatabase, Tables } from './types';

export type { AppDatabase, Database } from './types';

/** Forward-only migrations, in order; the names are what Kysely records in kysely_migration. */
const MIGRATIONS: Record<string, Migration> = {
  '001-destinations-and-history': destinationsAndHistory,
  '002-jobs': jobs,
  '003-live-state': liveState,
  '004-fair-jobs': fairJobs,
  '005-undo-once-and-expectations': undoOnceAndExpectations,
  '007-job-labels': jobLabels,
};

/** A PostgreSQL pool small enough for several instances on one server, large enough for a page's few queries. */
const POOL_SIZE = 10;
/** How long a query may wait for a connection or SQLite's lock before the page answers 503. */
const WAIT_MS = 2000;

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

function openSqlite(file: string): AppDatabase {
  createPrivately(file);
  const sqlite = new SqliteDatabase(file);
  // The wait first: switching a new file to WAL takes a lock that a second process starting at once must wait for.
  sqlite.pragma(`busy_timeout = ${WAIT_MS}`);
  switchToWal(sqlite);
  const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: keepingStatements(sqlite) }), plugins: [new CleanTextPlugin()] });
  return {
    db,
    dialect: 'sqlite',
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}

function openPostgres(url: string): AppDatabase {
  const pool = new Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: WAIT_MS, statement_timeout: WAIT_MS * 5 });
  // An idle client that loses its server must not crash the process: the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }), plugins: [new CleanTextPlugin()] });
  return {
    db,
    dialect: 'postgres',
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}

/** `sqlite:<file>` (the default, in the data folder) or `postgres://…` / `postgresql://…`. */
export function openDatabase(url: string): AppDatabase {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}

/** SQLite's lock held by another process (better-sqlite3 sets code SQLITE_BUSY; Kysely may pass on only the message). */
function isBusy(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && code.includes('SQLITE_BUSY')) || (typeof message === 'string' && /database is locked/i.test(message));
}

/**
 * Brings the schema to the latest migration. Two instances starting at once do not both migrate:
 * Kysely's Migrator takes its lock (a PostgreSQL advisory lock; on SQLite the write lock, so a second
 * process that finds the file busy waits and tries again) and skips what is already recorded.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
  for (let attempt = 0; ; attempt += 1) {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (!error) return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
    // Busy: the other process holds the lock. A unique or "already exists" refusal: both created Kysely's own
    // bookkeeping (its tables, its lock row) at the same moment. Either way the next try finds it done.
    if (!(isBusy(error) || isUniqueViolation(error) || /already exists/i.test(String((error as Error)?.message))) || attempt >= 20) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
    await sleep(50 + Math.random() * 100);
  }
}
