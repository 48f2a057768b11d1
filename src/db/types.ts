import type { Kysely } from 'kysely';

/**
 * The app's own database (saved destinations, change history; later bulk jobs and live state):
 * SQLite by default (`sqlite:./data/app.db`, better-sqlite3), PostgreSQL for several instances
 * (`postgres://…`, the pg driver with a pool). One query layer for both: Kysely, with one set of
 * migrations written with its schema builder.
 */
export interface DestinationsTable {
  id: string;
  user_id: string;
  name: string;
  stream_url: string;
  /** The stream key sealed with the token vault (AES-256-GCM); never in clear. */
  sealed_stream_key: string;
  page_url: string;
  resolution: string;
  /** Epoch milliseconds (a number in both dialects). */
  created_at: number;
  updated_at: number;
}

export interface ChangeHistoryTable {
  id: string;
  user_id: string;
  kind: string;
  event_id: string;
  source: string;
  /** JSON of {stream_url, page_url, resolution}; the keys are in the sealed columns. */
  before_settings: string;
  after_settings: string;
  sealed_before_key: string;
  sealed_after_key: string;
  at: number;
}

export interface Tables {
  destinations: DestinationsTable;
  change_history: ChangeHistoryTable;
}

export type Database = Kysely<Tables>;

export interface AppDatabase {
  db: Database;
  dialect: 'sqlite' | 'postgres';
  /** A round trip that reads nothing; rejects when the database cannot answer (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
