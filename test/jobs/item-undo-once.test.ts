import { randomBytes } from 'node:crypto';
import { createTokenVault } from '../../src/credentials/vault';
import { migrateToLatest, openDatabase, type AppDatabase } from '../../src/db';
import { createJobsRepository } from '../../src/jobs/repository';
import { UndoExistsError, type JobsRepository } from '../../src/jobs/types';
import { describeEachDialect, type EmptyDatabase } from '../db/dialects';

/**
 * Issue 21, defect 5, in the database itself: one undo job per job, whatever the number of instances or
 * presses racing (the unique jobs.undo_of of migration 005), on both dialects; an undo item keeps what
 * its event must still hold, its stream key sealed.
 */
const vault = createTokenVault(`k1:${randomBytes(32).toString('base64')}`, 'unused');
const BEFORE = { stream_url: 'rtmp://before.example.com/live', stream_key: 'before-key-1', page_url: 'https://before.example.com/w', resolution: '720p' };
const WRITTEN = { stream_url: 'rtmp://job.example.com/live', stream_key: 'job-key-2', page_url: 'https://job.example.com/w', resolution: '1080p' };

describeEachDialect('undoing a job once', (dialect) => {
  let empty: EmptyDatabase;
  let databases: AppDatabase[];
  let instances: JobsRepository[];

  beforeAll(async () => {
    empty = await dialect.create();
    // Two instances on one PostgreSQL database: their undos race across connections. better-sqlite3 blocks the
    // thread while it waits for SQLite's lock, so two connections in one process would wait on each other: one there.
    databases = [openDatabase(empty.url), openDatabase(empty.url)];
    await migrateToLatest(databases[0].db);
    instances = databases.map((database) => createJobsRepository(database, vault));
  }, 30_000);
  afterAll(async () => {
    for (const database of databases) await database.close();
    await empty.drop();
  });

  it('ten undos of one job at once: one is created, nine are refused with UndoExistsError', async () => {
    const [jobs] = instances;
    const applied = await jobs.create({ userId: 'u-1', accountId: 'a-1', action: 'apply', settings: WRITTEN, items: [{ kind: 'meeting', eventId: '81234567890', topic: 'T' }] });
    const undo = { userId: 'u-1', accountId: 'a-1', action: 'undo' as const, undoOf: applied.id, items: [{ kind: 'meeting' as const, eventId: '81234567890', topic: 'T', target: BEFORE, expect: WRITTEN }] };

    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => instances[dialect.dialect === 'postgres' ? i % 2 : 0].create(undo)));

    const created = results.filter((result) => result.status === 'fulfilled');
    expect(created).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) expect(result.reason).toBeInstanceOf(UndoExistsError);
    const undoId = await jobs.undoneBy('u-1', applied.id);
    expect(undoId).toBe(created[0].value.id);
    expect(await jobs.undoneBy('someone-else', applied.id)).toBeUndefined();
    const stored = (await jobs.get('u-1', undoId!))!;
    expect(stored).toMatchObject({ action: 'undo', undoOf: applied.id });
    expect(stored.items[0]).toMatchObject({ target: BEFORE, expect: WRITTEN });
    const raw = await databases[0].db.selectFrom('job_items').selectAll().where('job_id', '=', undoId!).executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toContain(WRITTEN.stream_key);
    // Apply jobs have no undo_of: any number of them.
    await jobs.create({ userId: 'u-1', accountId: 'a-1', action: 'apply', settings: WRITTEN, items: [] });
    expect(await jobs.exists(applied.id)).toBe(true);
    await jobs.removeAllOf('u-1');
    expect(await jobs.exists(applied.id)).toBe(false);
  });
});
