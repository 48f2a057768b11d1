import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';

/**
 * PostgreSQL for the database suites. In CI (REQUIRE_POSTGRES=1) a missing PostgreSQL fails the suite;
 * on a developer's machine without one the suite is skipped with a message saying how to run it.
 * The server at POSTGRES_TEST_URL is only a host: every test file works in a database of its own
 * (createTestDatabase), so suites and runs never see each other's rows.
 */
export const POSTGRES_TEST_URL = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUIRED = process.env.REQUIRE_POSTGRES === '1';
const ROOT = path.resolve(__dirname, '../..');

/** The URL without its password, for messages. */
function printable(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Synchronous, so the describe block can be chosen while Jest collects tests: a child process
 * connects with pg and runs `select 1`. Resolves to undefined when it answers, else why not.
 */
function whyUnavailable(url: string): string | undefined {
  const script = `const { Client } = require('pg');
    const client = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.query('select 1')).then(() => client.end()).then(
      () => process.exit(0),
      (error) => { process.stderr.write(String(error && error.message || error)); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script, url], { cwd: ROOT, timeout: 10_000, encoding: 'utf8' });
  if (result.status === 0) return undefined;
  return result.stderr.trim() || (result.error ? result.error.message : `exit ${result.status ?? result.signal}`);
}

let availability: string | undefined | null = null;

/** Suites that need the PostgreSQL server at POSTGRES_TEST_URL (checked once per test file). */
export function describeWithPostgres(name: string, body: () => void): void {
  if (availability === null) availability = whyUnavailable(POSTGRES_TEST_URL);
  const problem = availability;
  if (problem === undefined) return describe(name, body);
  const where = printable(POSTGRES_TEST_URL);
  if (REQUIRED) {
    return describe(name, () => {
      it('has the PostgreSQL it needs (REQUIRE_POSTGRES=1 makes a missing PostgreSQL a failure)', () => {
        throw new Error(`no PostgreSQL answers at ${where}: ${problem}`);
      });
    });
  }
  console.log(
    `PostgreSQL suite skipped: no PostgreSQL answers at ${where} (${problem}). Start one (docs/testing.md#a-postgresql-on-your-machine) ` +
      'or set POSTGRES_TEST_URL, or set REQUIRE_POSTGRES=1 to make this a failure.',
  );
  describe.skip(name, body);
}

export interface TestDatabase {
  /** postgres://… of a fresh, empty database on the test server. */
  url: string;
  /** Ends every connection still open to it and drops it. */
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of its own for one test file: zls_test_<random>, created through pg and dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `zls_test_${randomBytes(8).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(async (client) => {
        // A pool the test forgot to close (or a killed child process) must not keep the database alive.
        await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
        await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}
