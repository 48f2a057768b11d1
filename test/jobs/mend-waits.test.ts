import { Migrator } from 'kysely';
import { migrateToLatest, openDatabase, type AppDatabase } from '../../src/db';
import * as destinationsAndHistory from '../../src/db/migrations/001-destinations-and-history';
import * as jobs from '../../src/db/migrations/002-jobs';
import * as liveState from '../../src/db/migrations/003-live-state';
import { describeEachDialect, type EmptyDatabase } from '../db/dialects';

/**
 * Issue 21, defect 3, "still after a restart": a database that stored `Retry-After: 100000000000000` as a
 * resume time before the waits were capped. Migration 004 drops every wait more than a day ahead (Zoom's
 * longest is until its next daily reset), so the job is claimable again instead of stuck for ever.
 */
describeEachDialect('migration 004 mends waits stored before the caps', (dialect) => {
  let empty: EmptyDatabase;
  let database: AppDatabase;
  beforeAll(async () => {
    empty = await dialect.create();
    database = openDatabase(empty.url);
  }, 30_000);
  afterAll(async () => {
    await database?.close();
    await empty?.drop();
  });

  it('a resume time past any date becomes none; a wait until the next daily reset is kept', async () => {
    const upTo003 = { '001-destinations-and-history': destinationsAndHistory, '002-jobs': jobs, '003-live-state': liveState };
    const { error } = await new Migrator({ db: database.db, provider: { getMigrations: async () => upTo003 } }).migrateToLatest();
    expect(error).toBeUndefined();
    const at = Date.now();
    const row = (id: string, resumeAfter: number) => ({
      id, user_id: 'u', account_id: 'a', action: 'apply', status: 'queued', paused_reason: '', resume_after: resumeAfter,
      settings: null, sealed_stream_key: null, lease_owner: '', lease_until: 0, created_at: at, updated_at: at,
    });
    // Written through a plain query: the app's types already know the columns 004 adds.
    await database.db.insertInto('jobs').values([row('absurd', at + 100000000000000 * 1000), row('tonight', at + 3_600_000)] as never).execute();

    await migrateToLatest(database.db);

    const stored = await database.db.selectFrom('jobs').select(['id', 'resume_after', 'claimed_at']).orderBy('id').execute();
    expect(stored.map((job) => [job.id, Number(job.resume_after), Number(job.claimed_at)])).toEqual([['absurd', 0, 0], ['tonight', at + 3_600_000, 0]]);
  });
});
