import type { Kysely } from 'kysely';

/**
 * Streaming plans and the grants that outlive a browser session (issue 23). Same rules as 001: schema builder,
 * `ifNotExists`, epoch milliseconds as bigint, secrets sealed with the token vault (never a column in clear).
 * - `grants`: one Zoom grant per user (the provider column leaves room for Google): the ONE copy of the rotating
 *   refresh token once a host turns a plan on; `status` is 'refused' after Zoom refused a refresh (plans paused).
 * - `plans`: what a host asked for; `plan_events`: the events a plan picked and what it last wrote to each
 *   (sealed), so a hand edit since is seen as a conflict and never overwritten.
 * - `plan_log`: what each plan did. `plan_claims`: one row per act that must happen once across instances
 *   (a stream start per meeting instance); `plan_timers`: the reconcile's lease and when it last ran.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('grants').ifNotExists()
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('provider', 'varchar(16)', (col) => col.notNull())
    .addColumn('account_id', 'varchar(64)', (col) => col.notNull().defaultTo(''))
    // JSON of the SealedToken (credentials/vault.ts): times and scope in clear, both token strings sealed.
    .addColumn('sealed_token', 'text', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('grants_pk', ['user_id', 'provider'])
    .execute();

  await db.schema.createTable('plans').ifNotExists()
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('account_id', 'varchar(64)', (col) => col.notNull().defaultTo(''))
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    // A series: kind and id ('' when none).
    .addColumn('series_kind', 'varchar(16)', (col) => col.notNull().defaultTo(''))
    .addColumn('series_id', 'varchar(20)', (col) => col.notNull().defaultTo(''))
    // A rule for future events: 'contains' | 'starts' | '' (none), its text, and 'meeting' | 'webinar' | 'both'.
    .addColumn('rule_match', 'varchar(16)', (col) => col.notNull().defaultTo(''))
    .addColumn('rule_text', 'varchar(200)', (col) => col.notNull().defaultTo(''))
    .addColumn('rule_kinds', 'varchar(16)', (col) => col.notNull().defaultTo('both'))
    .addColumn('destination_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('keep_settings', 'integer', (col) => col.notNull())
    .addColumn('auto_start', 'integer', (col) => col.notNull())
    .addColumn('display_name', 'varchar(64)', (col) => col.notNull().defaultTo(''))
    .addColumn('active_speaker', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('plans_by_user').ifNotExists().on('plans').columns(['user_id']).execute();

  await db.schema.createTable('plan_events').ifNotExists()
    .addColumn('plan_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('event_id', 'varchar(20)', (col) => col.notNull())
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    // 1: picked on /streams (the fixed set); 0: matched by the series or the rule and tracked since.
    .addColumn('picked', 'integer', (col) => col.notNull())
    .addColumn('topic', 'varchar(300)', (col) => col.notNull().defaultTo(''))
    // What the plan last wrote: JSON of {stream_url, page_url, resolution} and the key sealed apart; null before.
    .addColumn('written_settings', 'text')
    .addColumn('sealed_written_key', 'text')
    // 1 while the event holds settings changed by hand since the plan wrote them.
    .addColumn('conflict', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('plan_events_pk', ['plan_id', 'kind', 'event_id'])
    .execute();
  await db.schema.createIndex('plan_events_by_event').ifNotExists().on('plan_events').columns(['user_id', 'kind', 'event_id']).execute();

  await db.schema.createTable('plan_log').ifNotExists()
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('event_id', 'varchar(20)', (col) => col.notNull())
    .addColumn('action', 'varchar(32)', (col) => col.notNull())
    // Zoom's answer when it refused (status, code, message), or why the plan gave up; never a secret.
    .addColumn('detail', 'varchar(600)', (col) => col.notNull().defaultTo(''))
    .addColumn('history_id', 'varchar(36)')
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('plan_log_by_plan').ifNotExists().on('plan_log').columns(['plan_id', 'at']).execute();
  await db.schema.createIndex('plan_log_by_user').ifNotExists().on('plan_log').columns(['user_id']).execute();

  await db.schema.createTable('plan_claims').ifNotExists()
    .addColumn('key', 'varchar(200)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('owner', 'varchar(100)', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    // 'pending' while its owner acts (another may take it over after `until`: the owner crashed), then 'done'.
    .addColumn('state', 'varchar(16)', (col) => col.notNull().defaultTo('done'))
    .addColumn('until', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('plan_claims_by_user').ifNotExists().on('plan_claims').columns(['user_id']).execute();

  await db.schema.createTable('plan_timers').ifNotExists()
    .addColumn('name', 'varchar(32)', (col) => col.primaryKey())
    .addColumn('lease_owner', 'varchar(100)', (col) => col.notNull().defaultTo(''))
    .addColumn('lease_until', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('last_run_at', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();
}
