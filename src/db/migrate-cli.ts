import dotenv from 'dotenv';
import { loadConfig } from '../config';
import { migrateToLatest, openDatabase } from './index';

/**
 * `npm run migrate`: brings the database at DATABASE_URL (default sqlite:<DATA_DIR>/app.db) to the
 * latest migration, as the app does at start-up, and says what it applied. Safe to run while
 * instances start: Kysely's migration lock lets one process migrate, the others find nothing to do.
 * Exit 0 when the schema is current; otherwise 1 with one line saying why.
 */

/** One line, whatever the error: pg's connection failures are AggregateErrors with an empty message. */
function oneLine(error: unknown): string {
  const inner: unknown = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const text = inner instanceof Error ? inner.message || (inner as { code?: string }).code || inner.name : String(inner);
  return text.replace(/\s+/g, ' ').trim();
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const { databaseUrl } = loadConfig(process.env);
  const database = openDatabase(databaseUrl);
  try {
    const applied = await migrateToLatest(database.db);
    for (const name of applied) console.log(`applied ${name}`);
    console.log(`${database.dialect} database up to date (${applied.length === 0 ? 'nothing to apply' : `${applied.length} applied`})`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`migrate failed: ${oneLine(error)}`);
  process.exitCode = 1;
});
