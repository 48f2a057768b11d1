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
  /** A YouTube destination's options as JSON (migration 011); null for a destination the host typed. */
  youtube?: string | null;
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
  /** A job applying a YouTube destination: JSON of its id and options (migration 011); null otherwise. */
  youtube?: string | null;
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

/** One grant that outlives a browser session, per user and provider (credentials/grants.ts). */
export interface GrantsTable {
  user_id: string;
  provider: string;
  account_id: string;
  /** JSON of the SealedToken: both token strings sealed, never in clear. */
  sealed_token: string;
  /** 'active', or 'refused' once the provider refused a refresh (the host's plans pause). */
  status: string;
  updated_at: number;
}

/** A streaming plan (src/plans). Booleans are 0/1 in both dialects. */
export interface PlansTable {
  id: string;
  user_id: string;
  account_id: string;
  name: string;
  series_kind: string;
  series_id: string;
  rule_match: string;
  rule_text: string;
  rule_kinds: string;
  destination_id: string;
  keep_settings: number;
  auto_start: number;
  display_name: string;
  active_speaker: number;
  enabled: number;
  created_at: number;
  updated_at: number;
}

/** An event a plan picked or matched, and what the plan last wrote to it. */
export interface PlanEventsTable {
  plan_id: string;
  kind: string;
  event_id: string;
  user_id: string;
  picked: number;
  topic: string;
  written_settings: string | null;
  sealed_written_key: string | null;
  conflict: number;
  updated_at: number;
}

/** What a plan did, once per act. */
export interface PlanLogTable {
  id: string;
  plan_id: string;
  user_id: string;
  kind: string;
  event_id: string;
  action: string;
  detail: string;
  history_id: string | null;
  at: number;
}

/** An act that happens once across instances: whoever inserts the key does it. */
export interface PlanClaimsTable {
  key: string;
  user_id: string;
  owner: string;
  at: number;
  /** 'pending' while its owner acts, until `until` (then another instance may take it over); 'done' after. */
  state: string;
  until: number;
}

/** A periodic task's lease (one instance at a time) and its last run. */
export interface PlanTimersTable {
  name: string;
  lease_owner: string;
  lease_until: number;
  last_run_at: number;
}

export interface Tables {
  destinations: DestinationsTable;
  change_history: ChangeHistoryTable;
  jobs: JobsTable;
  job_items: JobItemsTable;
  live_states: LiveStatesTable;
  grants: GrantsTable;
  plans: PlansTable;
  plan_events: PlanEventsTable;
  plan_log: PlanLogTable;
  plan_claims: PlanClaimsTable;
  plan_timers: PlanTimersTable;
  youtube_streams: YouTubeStreamsTable;
  youtube_broadcasts: YouTubeBroadcastsTable;
  preflight_results: PreflightResultsTable;
  preflight_runs: PreflightRunsTable;
  youtube_quota: YouTubeQuotaTable;
}

export type Database = Kysely<Tables>;

export interface AppDatabase {
  db: Database;
  dialect: 'sqlite' | 'postgres';
  /** A round trip that reads nothing; rejects when the database cannot answer (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A YouTube destination's one reusable liveStream (src/youtube/broadcasts.ts); the stream name (its key) sealed. */
export interface YouTubeStreamsTable {
  user_id: string;
  destination_key: string;
  stream_id: string;
  ingestion_address: string;
  sealed_stream_name: string;
  created_at: number;
}

/** A broadcast the app created for an event or one occurrence ('' for a single event); stream_id '' until bound. */
export interface YouTubeBroadcastsTable {
  user_id: string;
  kind: string;
  event_id: string;
  occurrence_id: string;
  broadcast_id: string;
  stream_id: string;
  scheduled_start: number;
  title: string;
  created_at: number;
}

/** The Google project's YouTube quota units spent on one Pacific day ('YYYY-MM-DD'), by every instance (src/youtube/quota.ts). */
export interface YouTubeQuotaTable {
  day: string;
  units: number;
}

/** The latest pre-flight check of an event per host (src/preflight/repository.ts); `checks` is JSON of results and reasons. */
export interface PreflightResultsTable {
  user_id: string;
  kind: string;
  event_id: string;
  starts_at: number;
  checked_at: number;
  trigger: string;
  overall: string;
  checks: string;
}

/** One automatic pre-flight check taken by one instance (src/preflight/schedule.ts). */
export interface PreflightRunsTable {
  run_key: string;
  owner: string;
  at: number;
}
