import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, describeWithPostgres } from './postgres-env';

/**
 * One suite, both dialects: the SQLite file the app uses by default and a real PostgreSQL database
 * (created per test file on the server at POSTGRES_TEST_URL, skipped locally when none answers,
 * a failure in CI). Use describeEachDialect, or loop over DIALECTS yourself.
 */
export interface EmptyDatabase {
  /** A DATABASE_URL the app accepts: sqlite:<file> or postgres://… */
  url: string;
  /** Removes the file (and its folder) or drops the database. Close every connection to it first where you can. */
  drop(): Promise<void>;
}

export interface TestDialect {
  /** As in test titles. */
  name: 'SQLite' | 'PostgreSQL';
  /** As AppDatabase.dialect says it. */
  dialect: 'sqlite' | 'postgres';
  /** describe, or describeWithPostgres for the one that needs a server. */
  describe(name: string, body: () => void): void;
  /** A fresh, empty database. */
  create(): Promise<EmptyDatabase>;
}

async function emptySqliteFile(): Promise<EmptyDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zls-db-'));
  return { url: `sqlite:${path.join(dir, 'app.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export const DIALECTS: readonly TestDialect[] = [
  { name: 'SQLite', dialect: 'sqlite', describe: (name, body) => describe(name, body), create: emptySqliteFile },
  { name: 'PostgreSQL', dialect: 'postgres', describe: describeWithPostgres, create: createTestDatabase },
];

/** `${title} (SQLite)` and `${title} (PostgreSQL)`, each with the same body. */
export function describeEachDialect(title: string, body: (dialect: TestDialect) => void): void {
  for (const dialect of DIALECTS) dialect.describe(`${title} (${dialect.name})`, () => body(dialect));
}
