import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { CleanTextPlugin } from './clean-text';
import { openSqlite } from './sqlite';
import type { AppDatabase, Tables } from './types';

export type { AppDatabase, Database } from './types';
export { migrateToLatest } from './migrate';

/** A PostgreSQL pool small enough for several instances on one server, large enough for a page's few queries. */
const POOL_SIZE = 10;
/** How long a query may wait for a connection or SQLite's lock before the page answers 503. */
const WAIT_MS = 2000;

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
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), WAIT_MS);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}
