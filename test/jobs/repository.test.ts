import { randomBytes, randomUUID } from 'node:crypto';
import { createTokenVault } from '../../src/credentials/vault';
import { migrateToLatest, openDatabase, type AppDatabase } from '../../src/db';
import type { StreamSettings } from '../../src/destinations/types';
import { createJobsRepository } from '../../src/jobs/repository';
import type { NewJob } from '../../src/jobs/model';
import { TooManyJobsError, type JobsRepository } from '../../src/jobs/types';
import { describeEachDialect, type EmptyDatabase } from '../db/dialects';

/** The jobs repository on both dialects; the clock is injected so leases expire without waiting. */
const vault = createTokenVault(`k1:${randomBytes(32).toString('base64')}`, 'unused');
const someUser = (): string => `user-${randomUUID()}`;
const someKey = (): string => `live-key-${randomBytes(9).toString('hex')}`;
const settings = (): StreamSettings => ({ stream_url: 'rtmp://a.example.com/live', stream_key: someKey(), page_url: 'https://a.example.com/w', resolution: '720p' });

function newJob(userId: string, count = 3, overrides: Partial<NewJob> = {}): NewJob {
  const items = Array.from({ length: count }, (_, i) => ({ kind: i % 2 ? 'webinar' as const : 'meeting' as const, eventId: `9${i}123456789012345`, topic: `Event ${i}` }));
  return { userId, accountId: 'acct-1', action: 'apply', settings: settings(), items, ...overrides };
}

describeEachDialect('jobs repository', (dialect) => {
  let empty: EmptyDatabase;
  let database: AppDatabase;
  let other: AppDatabase;
  let clock = 1_700_000_000_000;
  let jobs: JobsRepository;
  let jobsElsewhere: JobsRepository;

  beforeAll(async () => {
    empty = await dialect.create();
    database = openDatabase(empty.url);
    other = openDatabase(empty.url); // a second instance on the same database
    await migrateToLatest(database.db);
    jobs = createJobsRepository(database, vault, () => clock);
    jobsElsewhere = createJobsRepository(other, vault, () => clock);
  }, 30_000);

  beforeEach(async () => {
    // Every test starts with no runnable jobs, so claims only see the test's own.
    await database.db.deleteFrom('job_items').execute();
    await database.db.deleteFrom('jobs').execute();
  });

  afterAll(async () => {
    await other?.close();
    await database?.close();
    await empty?.drop();
  });

  it('creates a job with its items, gets it for its owner only, lists recent jobs', async () => {
    const user = someUser();
    const input = newJob(user, 3);
    const created = await jobs.create(input);
    expect(created).toMatchObject({ userId: user, accountId: 'acct-1', action: 'apply', status: 'queued', pausedReason: '', resumeAfter: 0, leaseOwner: '', settings: input.settings });
    expect(created.items.map((i) => [i.position, i.kind, i.eventId, i.status])).toEqual([
      [0, 'meeting', '90123456789012345', 'pending'], [1, 'webinar', '91123456789012345', 'pending'], [2, 'meeting', '92123456789012345', 'pending'],
    ]);
    expect(await jobs.get(user, created.id)).toEqual(created);
    expect(await jobs.get(someUser(), created.id)).toBeUndefined();
    expect(await jobs.counts(someUser(), created.id)).toBeUndefined();
    clock += 1;
    const second = await jobs.create(newJob(user, 1, { action: 'undo', settings: undefined, items: [{ kind: 'meeting', eventId: '1', topic: 't', target: settings() }] }));
    expect(second.settings).toBeUndefined();
    expect(second.items[0].target?.stream_key).toMatch(/^live-key-/);
    expect((await jobs.listRecent(user)).map((j) => j.id)).toEqual([second.id, created.id]);
  });

  it('never stores a stream key in clear', async () => {
    const job = newJob(someUser(), 1, { items: [{ kind: 'meeting', eventId: '5', topic: 'x', target: settings() }] });
    const created = await jobs.create(job);
    const before = settings();
    await jobs.rememberBefore(created.items[0].id, before);
    const rows = JSON.stringify([await database.db.selectFrom('jobs').selectAll().execute(), await database.db.selectFrom('job_items').selectAll().execute()]);
    for (const key of [job.settings!.stream_key, job.items[0].target!.stream_key, before.stream_key]) expect(rows).not.toContain(key);
    expect((await jobs.get(job.userId, created.id))!.items[0].before).toEqual(before);
  });

  it('of two instances racing for one job exactly one claims it', async () => {
    for (let round = 0; round < 5; round += 1) {
      const job = await jobs.create(newJob(someUser()));
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? jobs : jobsElsewhere).claim(`owner-${round}-${i}`, 30_000)));
      const winners = claims.filter((claim) => claim !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ id: job.id, status: 'running', leaseUntil: clock + 30_000 });
      await jobs.cancel(job.userId, job.id);
    }
  });

  it('an expired lease is taken over; renew and release', async () => {
    const job = await jobs.create(newJob(someUser()));
    expect((await jobs.claim('a', 10_000))?.id).toBe(job.id);
    expect(await jobsElsewhere.claim('b', 10_000)).toBeUndefined();
    expect(await jobs.claim('a', 10_000)).toBeUndefined(); // already ours: the runner is working on it, not a second time
    clock += 5_000;
    expect(await jobs.renew(job.id, 'a', 10_000)).toBe(true);
    clock += 9_000;
    expect(await jobsElsewhere.claim('b', 10_000)).toBeUndefined();
    clock += 2_000; // a died: its lease ran out
    expect((await jobsElsewhere.claim('b', 10_000))?.leaseOwner).toBe('b');
    expect(await jobs.renew(job.id, 'a', 10_000)).toBe(false);
    expect(await jobs.release(job.id, 'a')).toBe(false);
    expect(await jobsElsewhere.release(job.id, 'b')).toBe(true);
    expect((await jobs.claim('a', 10_000))?.leaseOwner).toBe('a');
  });

  it('records an outcome once; a deferred job is not claimed before its time', async () => {
    const job = await jobs.create(newJob(someUser(), 2));
    await jobs.claim('a', 10_000);
    const [first, second] = job.items;
    expect(await jobs.recordOutcome(first.id, { status: 'applied', zoomStatus: 204, historyId: 'h1' })).toBe(true);
    const counts = await jobs.counts(job.userId, job.id);
    expect(await jobs.recordOutcome(first.id, { status: 'applied', zoomStatus: 204, historyId: 'h2' })).toBe(false);
    expect(await jobs.recordOutcome(first.id, { status: 'failed', zoomStatus: 400 })).toBe(false);
    expect(await jobs.counts(job.userId, job.id)).toEqual(counts);
    expect(counts).toMatchObject({ applied: 1, pending: 1, total: 2 });
    expect(await jobs.finish(job.id, 'a')).toBe(false); // one item still pending
    await jobs.recordOutcome(second.id, { status: 'failed', zoomStatus: 400, zoomCode: 3161, zoomMessage: 'No Pro' });
    const stored = (await jobs.get(job.userId, job.id))!;
    expect(stored.items[0]).toMatchObject({ status: 'applied', zoomStatus: 204, historyId: 'h1' });
    expect(stored.items[1]).toMatchObject({ status: 'failed', zoomStatus: 400, zoomCode: 3161, zoomMessage: 'No Pro' });
    expect(await jobs.finish(job.id, 'a')).toBe(true);
    expect((await jobs.get(job.userId, job.id))?.status).toBe('done');

    // Retry: failed items pending again, the job queued again; deferred by a 429 until later.
    expect(await jobs.retryFailed(job.userId, job.id)).toBe(1);
    expect((await jobs.get(job.userId, job.id))?.status).toBe('queued');
    await jobs.defer(job.id, clock + 3_000);
    expect(await jobs.claim('a', 10_000)).toBeUndefined();
    clock += 3_000;
    expect((await jobs.pendingItems(job.id)).map((item) => item.id)).toEqual([second.id]);
    expect((await jobs.claim('a', 10_000))?.id).toBe(job.id);
  });

  it('daily limit: remaining items not_applied, paused until the reset, then resumed', async () => {
    const job = await jobs.create(newJob(someUser(), 3));
    await jobs.claim('a', 10_000);
    await jobs.recordOutcome(job.items[0].id, { status: 'applied' });
    expect(await jobs.markRemaining(job.id, 'not_applied', 'daily limit')).toBe(2);
    expect(await jobs.pause(job.id, 'daily_limit', clock + 60_000)).toBe(true);
    expect(await jobs.renew(job.id, 'a', 10_000)).toBe(false); // the runner stops
    expect(await jobs.claim('b', 10_000)).toBeUndefined();
    expect(await jobs.resumeDue()).toBe(0);
    clock += 60_000;
    expect(await jobs.resumeDue()).toBe(1);
    expect(await jobs.counts(job.userId, job.id)).toMatchObject({ applied: 1, pending: 2, not_applied: 0 });
    expect((await jobs.claim('b', 10_000))?.id).toBe(job.id);
    await jobs.pause(job.id, 'reconnect');
    expect(await jobs.resume(someUser(), job.id)).toBe(false);
    expect(await jobs.resume(job.userId, job.id)).toBe(true);
    expect((await jobs.get(job.userId, job.id))).toMatchObject({ status: 'queued', pausedReason: '' });
  });

  it('cancel skips what is pending; an in-flight success still lands, once', async () => {
    const job = await jobs.create(newJob(someUser(), 3));
    await jobs.claim('a', 10_000);
    await jobs.recordOutcome(job.items[0].id, { status: 'applied' });
    expect(await jobs.cancel(someUser(), job.id)).toBe(false);
    expect(await jobs.cancel(job.userId, job.id)).toBe(true);
    expect(await jobs.cancel(job.userId, job.id)).toBe(false);
    expect(await jobs.counts(job.userId, job.id)).toMatchObject({ applied: 1, skipped: 2, pending: 0 });
    expect(await jobs.renew(job.id, 'a', 10_000)).toBe(false);
    expect(await jobs.claim('a', 10_000)).toBeUndefined();
    expect(await jobs.recordOutcome(job.items[1].id, { status: 'failed' })).toBe(false);
    expect(await jobs.recordOutcome(job.items[1].id, { status: 'applied' })).toBe(true);
    expect(await jobs.recordOutcome(job.items[1].id, { status: 'applied' })).toBe(false);
    expect(await jobs.counts(job.userId, job.id)).toMatchObject({ applied: 2, skipped: 1, total: 3 });
    expect(await jobs.retryFailed(job.userId, job.id)).toBe(0);
  });

  it('claims fairly per Zoom account: the fewest running first, then the one served longest ago, then its oldest job', async () => {
    const user = someUser();
    const make = async (accountId: string) => {
      clock += 1;
      return jobs.create(newJob(user, 1, { accountId }));
    };
    const [a1, a2, b1, b2] = [await make('A'), await make('A'), await make('B'), await make('B')];
    // Served in turn: each claim let go again at once (the job stays runnable), the next goes to the other account.
    const turns: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      clock += 1;
      const job = (await (i % 2 ? jobsElsewhere : jobs).claim(`turn-${i}`, 10_000))!;
      turns.push(job.id);
      await jobs.release(job.id, `turn-${i}`);
    }
    expect(turns).toEqual([a1.id, b1.id, a1.id, b1.id]);

    // A running job counts against its account: another instance takes B's job, not A's next one.
    expect((await jobs.claim('one', 10_000))?.id).toBe(a1.id);
    expect((await jobsElsewhere.claim('two', 10_000))?.id).toBe(b1.id);
    // An instance never holds two jobs of one account (its pacer shares the account's calls): 'one' takes B's next, then nothing.
    expect((await jobs.claim('one', 10_000))?.id).toBe(b2.id);
    expect(await jobs.claim('one', 10_000)).toBeUndefined();
    expect((await jobsElsewhere.claim('three', 10_000))?.id).toBe(a2.id);
  });

  it('a long wait puts the job back in the queue, lease let go, claimable from then on', async () => {
    const job = await jobs.create(newJob(someUser(), 1));
    await jobs.claim('a', 10_000);
    expect(await jobs.requeueUntil(job.id, 'b', clock + 5_000)).toBe(false); // not b's
    expect(await jobs.requeueUntil(job.id, 'a', clock + 5_000)).toBe(true);
    expect(await jobs.get(job.userId, job.id)).toMatchObject({ status: 'queued', leaseOwner: '', resumeAfter: clock + 5_000 });
    expect(await jobs.claim('a', 10_000)).toBeUndefined();
    clock += 5_000;
    expect((await jobsElsewhere.claim('b', 10_000))?.id).toBe(job.id);
  });

  it('with a bound, a host\'s jobs queued or running are at most that many; a cancelled one makes room', async () => {
    const user = someUser();
    const first = await jobs.create(newJob(user, 1), 2);
    await jobs.create(newJob(user, 1), 2);
    await expect(jobs.create(newJob(user, 1), 2)).rejects.toThrow(TooManyJobsError);
    await jobs.create(newJob(someUser(), 1), 2); // another host's are their own
    await jobs.cancel(user, first.id);
    await expect(jobs.create(newJob(user, 1), 2)).resolves.toMatchObject({ status: 'queued' });
    expect(await jobs.listRecent(user)).toHaveLength(3);
  });

  it('removeAllOf deletes a host\'s jobs and items, nobody else\'s', async () => {
    const user = someUser();
    const kept = await jobs.create(newJob(someUser(), 2));
    await jobs.create(newJob(user, 2));
    await jobs.create(newJob(user, 1));
    expect(await jobs.removeAllOf(user)).toBe(2);
    expect(await jobs.listRecent(user)).toEqual([]);
    const items = await database.db.selectFrom('job_items').select('job_id').execute();
    expect(items.map((item) => item.job_id)).toEqual([kept.id, kept.id]);
  });
});
