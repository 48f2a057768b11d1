import { setTimeout as sleep } from 'node:timers/promises';
import { Migrator, type Kysely, type Migration } from 'kysely';
import * as destinationsAndHistory from './migrations/001-destinations-and-history';
import * as jobs from './migrations/002-jobs';
import * as liveState from './migrations/003-live-state';
import * as fairJobs from './migrations/004-fair-jobs';
import * as undoOnceAndExpectations from './migrations/005-undo-once-and-expectations';
import * as jobLabels from './migrations/007-job-labels';
import * as plansAndGrants from './migrations/008-plans-and-grants';
import * as youtubeBroadcasts from './migrations/009-youtube-broadcasts';
import * as youtubeQuota from './migrations/010-youtube-quota';
import * as youtubeDestinations from './migrations/011-youtube-destinations';
import * as preflight from './migrations/012-preflight';
import { isUniqueViolation } from './errors';
import { isBusy } from './sqlite';

/** Forward-only migrations, in order; the names are what Kysely records in kysely_migration. */
const MIGRATIONS: Record<string, Migration> = {
  '001-destinations-and-history': destinationsAndHistory,
  '002-jobs': jobs,
  '003-live-state': liveState,
  '004-fair-jobs': fairJobs,
  '005-undo-once-and-expectations': undoOnceAndExpectations,
  '007-job-labels': jobLabels,
  '008-plans-and-grants': plansAndGrants,
  '009-youtube-broadcasts': youtubeBroadcasts,
  '010-youtube-quota': youtubeQuota,
  '011-youtube-destinations': youtubeDestinations,
  '012-preflight': preflight,
};

/**
 * Brings the schema to the latest migration. Two instances starting at once do not both migrate:
 * Kysely's Migrator takes its lock (a PostgreSQL advisory lock; on SQLite the write lock, so a second
 * process that finds the file busy waits and tries again) and skips what is already recorded.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
  for (let attempt = 0; ; attempt += 1) {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (!error) return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
    // Busy: the other process holds the lock. A unique or "already exists" refusal: both created Kysely's own
    // bookkeeping (its tables, its lock row) at the same moment. Either way the next try finds it done.
    if (!(isBusy(error) || isUniqueViolation(error) || /already exists/i.test(String((error as Error)?.message))) || attempt >= 20) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
    await sleep(50 + Math.random() * 100);
  }
}
