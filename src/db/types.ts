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

/** A bulk job (src/jobs): what to apply to which events, its state and who runs it (the lease). */
export interface JobsTable {
  id: string;
  user_id: string;
  account_id: string;
  action: string;
  status: string;
  paused_reason: string;
  /** Epoch ms before which the job is not claimed; 0 = none. */
  resume_after: number;
  /** JSON of {stream_url, page_url, resolution}; null for undo jobs. The key is sealed apart. */
  settings: string | null;
  sealed_stream_key: string | null;
  /** '' when nobody holds it. */
  lease_owner: string;
  lease_until: number;
  /** When an instance last claimed it (the fair queue serves the account least recently served); 0 = never. */
  claimed_at: number;
  created_at: number;
  updated_at: number;
  /** An undo job: the job it undoes (unique: a job is undone once). Null for apply jobs. */
  undo_of?: string | null;
  /** JSON of the job's label `{name, count}` (migration 007); null for jobs from before. */
  label?: string | null;
}

/** One meeting or webinar of a job and its outcome. */
export interface JobItemsTable {
  id: string;
  job_id: string;
  position: number;
  kind: string;
  event_id: string;
  topic: string;
  status: string;
  zoom_status: number | null;
  zoom_code: number | null;
  zoom_message: string;
  target_settings: string | null;
  sealed_target_key: string | null;
  before_settings: string | null;
  sealed_before_key: string | null;
  history_id: string | null;
  updated_at: number;
  /** An undo item: what its event must still hold for the undo to go out (the key sealed apart). */
  expect_settings?: string | null;
  sealed_expect_key?: string | null;
}

/** What the app knows of one meeting or webinar being in progress or live (src/events). */
export interface LiveStatesTable {
  kind: string;
  event_id: string;
  host_id: string;
  state: string;
  /** Epoch ms the stream went live; 0 unless live. */
  live_since: number;
  /** Epoch ms of the evidence: Zoom's event_ts, or the app's clock for its own start or stop. */
  at: number;
  expires_at: number;
}

export interface Tables {
  destinations: DestinationsTable;
  change_history: ChangeHistoryTable;
  jobs: JobsTable;
  job_items: JobItemsTable;
  live_states: LiveStatesTable;
}

export type Database = Kysely<Tables>;

export interface AppDatabase {
  db: Database;
  dialect: 'sqlite' | 'postgres';
  /** A round trip that reads nothing; rejects when the database cannot answer (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
