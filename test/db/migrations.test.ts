import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type AppDatabase } from '../../src/db';
import { describeEachDialect } from './dialects';

/**
 * Migrations on both dialects: a fresh database gets the tables the app types, migrating again does
 * nothing, and `npm run migrate` (dist/db/migrate-cli.js) run by two processes at once applies each
 * migration exactly once (Kysely's migration lock). The CLI is compiled once, as `npm run migrate` does.
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = 'dist/db/migrate-cli.js';
const START_TOGETHER = path.join(__dirname, 'start-together.js');

/** The columns src/db/types.ts declares: the migrations must make exactly these. */
const COLUMNS = {
  destinations: ['id', 'user_id', 'name', 'stream_url', 'sealed_stream_key', 'page_url', 'resolution', 'created_at', 'updated_at', 'youtube'],
  change_history: ['id', 'user_id', 'kind', 'event_id', 'source', 'before_settings', 'after_settings', 'sealed_before_key', 'sealed_after_key', 'at'],
  jobs: ['id', 'user_id', 'account_id', 'action', 'status', 'paused_reason', 'resume_after', 'settings', 'sealed_stream_key', 'lease_owner', 'lease_until', 'claimed_at', 'created_at', 'updated_at', 'undo_of', 'label', 'youtube'],
  job_items: [
    'id', 'job_id', 'position', 'kind', 'event_id', 'topic', 'status', 'zoom_status', 'zoom_code', 'zoom_message',
    'target_settings', 'sealed_target_key', 'before_settings', 'sealed_before_key', 'history_id', 'updated_at',
    'expect_settings', 'sealed_expect_key',
  ],
  live_states: ['kind', 'event_id', 'host_id', 'state', 'live_since', 'at', 'expires_at'],
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The compiled CLI with only these settings (nothing of this process's environment but PATH). */
function runCli(env: Record<string, string>, startAt?: number): Promise<Run> {
  const args = startAt ? ['--require', START_TOGETHER, CLI] : [CLI];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zls-migrate-'));
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...(startAt ? { START_AT: String(startAt) } : {}), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

const appliedBy = (run: Run): string[] => [...run.stdout.matchAll(/^applied (\S+)$/gm)].map((match) => match[1]);

async function recordedMigrations(database: AppDatabase): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
  return rows.map((row) => row.name);
}

async function columnsOf(database: AppDatabase): Promise<Record<string, string[]>> {
  const tables = await database.db.introspection.getTables();
  return Object.fromEntries(tables.map((table) => [table.name, table.columns.map((column) => column.name).sort()]));
}

describeEachDialect('migrations', (dialect) => {
  it('a fresh database gets the tables and columns the app types; migrating again does nothing', async () => {
    const empty = await dialect.create();
    const database = openDatabase(empty.url);
    try {
      const applied = await migrateToLatest(database.db);
      expect(applied.length).toBeGreaterThan(0);
      expect(applied).toEqual([...applied].sort());
      expect(await recordedMigrations(database)).toEqual(applied);
      const columns = await columnsOf(database);
      expect(columns.destinations).toEqual([...COLUMNS.destinations].sort());
      expect(columns.change_history).toEqual([...COLUMNS.change_history].sort());
      expect(columns.jobs).toEqual([...COLUMNS.jobs].sort());
      expect(columns.job_items).toEqual([...COLUMNS.job_items].sort());

      await database.db.insertInto('destinations').values({
        id: 'd1', user_id: 'u1', name: 'Kept', stream_url: 'rtmp://a', sealed_stream_key: 'sealed', page_url: '', resolution: '', created_at: 1, updated_at: 1,
      }).execute();
      expect(await migrateToLatest(database.db)).toEqual([]);
      expect(await recordedMigrations(database)).toEqual(applied);
      expect(await database.db.selectFrom('destinations').select('name').execute()).toEqual([{ name: 'Kept' }]);
    } finally {
      await database.close();
      await empty.drop();
    }
  });

  it('npm run migrate applies each migration once, says so, then finds nothing to do', async () => {
    const empty = await dialect.create();
    try {
      const first = await runCli({ DATABASE_URL: empty.url });
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(appliedBy(first).length).toBeGreaterThan(0);
      expect(first.stdout).toContain(`${dialect.dialect} database up to date`);

      const second = await runCli({ DATABASE_URL: empty.url });
      expect(second).toMatchObject({ code: 0, stderr: '' });
      expect(appliedBy(second)).toEqual([]);
      expect(second.stdout).toContain('nothing to apply');

      const database = openDatabase(empty.url);
      try {
        expect(await recordedMigrations(database)).toEqual(appliedBy(first));
      } finally {
        await database.close();
      }
    } finally {
      await empty.drop();
    }
  });

  it('two processes migrating one database at once: both succeed, each migration is applied exactly once', async () => {
    // Three rounds, each on a fresh database: the processes start in the same millisecond (start-together.js).
    for (let round = 0; round < 3; round += 1) {
      const empty = await dialect.create();
      try {
        const startAt = Date.now() + 1500;
        const runs = await Promise.all([runCli({ DATABASE_URL: empty.url }, startAt), runCli({ DATABASE_URL: empty.url }, startAt)]);
        for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: '' });
        const applied = runs.flatMap(appliedBy).sort();
        expect(applied.length).toBeGreaterThan(0);
        expect(new Set(applied).size).toBe(applied.length); // no migration applied by both

        const database = openDatabase(empty.url);
        try {
          expect(await recordedMigrations(database)).toEqual(applied);
          const { rows } = await sql<{ n: number | string }>`select count(*) as n from kysely_migration`.execute(database.db);
          expect(Number(rows[0].n)).toBe(applied.length);
          expect(Object.keys(await columnsOf(database))).toEqual(expect.arrayContaining(Object.keys(COLUMNS)));
        } finally {
          await database.close();
        }
      } finally {
        await empty.drop();
      }
    }
  }, 60_000);
});

describe('npm run migrate, its settings and failures', () => {
  it('without DATABASE_URL migrates the SQLite file app.db in DATA_DIR', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zls-migrate-default-'));
    try {
      const run = await runCli({ DATA_DIR: dataDir });
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('sqlite database up to date');
      expect(existsSync(path.join(dataDir, 'app.db'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each([
    ['a database that does not answer', 'postgres://postgres@127.0.0.1:1/nothing'],
    ['a DATABASE_URL of another kind', 'mysql://127.0.0.1/app'],
  ])('exits 1 with one line on stderr for %s', async (_what, url) => {
    const run = await runCli({ DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^[^\n]+\n$/);
    expect(run.stderr).not.toContain('    at '); // no stack trace
  });
});
