import { migrateToLatest, openDatabase, type AppDatabase } from '../../src/db';
import { createMetrics } from '../../src/metrics';
import { QuotaExhaustedError, createQuotaLedger, type QuotaLedgerOptions, type QuotaRefusal, type YouTubeOperation } from '../../src/youtube/quota';
import { describeEachDialect, type EmptyDatabase } from '../db/dialects';

/**
 * The YouTube quota ledger on both dialects, as two instances sharing one database: every call charged before it is
 * made, a call that would pass the day's budget refused without spending, YouTube's own quotaExceeded stopping every
 * instance, and the next Pacific day starting at zero. The clock is injected: no test waits for midnight.
 */
const NOON_PST = Date.parse('2026-12-02T20:00:00Z');
const NEXT_MIDNIGHT = Date.parse('2026-12-03T08:00:00Z');

async function refusal(work: Promise<unknown>): Promise<QuotaExhaustedError> {
  const error = await work.then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(QuotaExhaustedError);
  return error as QuotaExhaustedError;
}

describeEachDialect('YouTube quota ledger', (dialect) => {
  let empty: EmptyDatabase;
  let database: AppDatabase;
  let other: AppDatabase;
  let clock = NOON_PST;
  const now = () => clock;
  const here = (options: Partial<QuotaLedgerOptions> = {}) => createQuotaLedger({ db: database.db, now, dailyUnits: 10_000, ...options });
  const elsewhere = (options: Partial<QuotaLedgerOptions> = {}) => createQuotaLedger({ db: other.db, now, dailyUnits: 10_000, ...options });

  beforeAll(async () => {
    empty = await dialect.create();
    database = openDatabase(empty.url);
    other = openDatabase(empty.url); // a second instance on the same database
    await migrateToLatest(database.db);
  }, 30_000);

  beforeEach(async () => {
    clock = NOON_PST;
    await database.db.deleteFrom('youtube_quota').execute();
  });

  afterAll(async () => {
    await other?.close();
    await database?.close();
    await empty?.drop();
  });

  it('charges each call its cost before it is made, for every instance together', async () => {
    const spent: [YouTubeOperation, number][] = [];
    const ledger = here({ onSpend: (operation, units) => spent.push([operation, units]) });

    expect(await ledger.spend('channels.list')).toBe(1);
    expect(await ledger.spend('liveBroadcasts.insert')).toBe(51);
    expect(await elsewhere().spend('liveStreams.insert')).toBe(101);

    expect(await ledger.spentToday()).toBe(101);
    expect(await elsewhere().spentToday()).toBe(101);
    expect(spent).toEqual([['channels.list', 1], ['liveBroadcasts.insert', 50]]);
    expect(await database.db.selectFrom('youtube_quota').selectAll().execute()).toEqual([{ day: '2026-12-02', units: dialect.dialect === 'postgres' ? '101' : 101 }]);
  });

  it('refuses a call that would pass the budget, spends nothing on it, and still lets a cheaper one through', async () => {
    const refusals: QuotaRefusal[] = [];
    const ledger = here({ dailyUnits: 120, onRefusal: (by) => refusals.push(by) });
    await ledger.spend('liveBroadcasts.insert');
    await ledger.spend('liveBroadcasts.bind');

    const error = await refusal(ledger.spend('liveBroadcasts.update'));

    expect(error).toMatchObject({ reason: 'quotaExceeded', quotaExceeded: true, resetAt: NEXT_MIDNIGHT, operation: 'liveBroadcasts.update' });
    expect(await ledger.spentToday()).toBe(100);
    expect(refusals).toEqual(['budget']);
    expect(await ledger.spend('liveBroadcasts.list')).toBe(101);
  });

  it('a call costing more than the whole budget is refused on an untouched day too', async () => {
    await refusal(here({ dailyUnits: 10 }).spend('liveStreams.insert'));

    expect(await here().spentToday()).toBe(0);
  });

  it('after YouTube\'s quotaExceeded every instance stops until midnight Pacific, when the count starts again at 0', async () => {
    const refusals: QuotaRefusal[] = [];
    const ledger = here({ onRefusal: (by) => refusals.push(by) });
    await ledger.spend('liveBroadcasts.insert');

    expect(await ledger.exhausted()).toBe(NEXT_MIDNIGHT);

    expect(await ledger.spentToday()).toBe(10_000);
    expect((await refusal(elsewhere().spend('channels.list'))).resetAt).toBe(NEXT_MIDNIGHT);
    expect(refusals).toEqual(['youtube']);
    expect(ledger.resetAt()).toBe(NEXT_MIDNIGHT);

    clock = NEXT_MIDNIGHT - 1;
    await refusal(elsewhere().spend('channels.list'));
    clock = NEXT_MIDNIGHT;
    expect(await elsewhere().spentToday()).toBe(0);
    expect(await elsewhere().spend('liveBroadcasts.insert')).toBe(50);
    expect(ledger.resetAt()).toBe(Date.parse('2026-12-04T08:00:00Z'));
  });

  it('exhausted() never lowers a day already counted higher (a budget lowered between two instances)', async () => {
    await here({ dailyUnits: 500 }).spend('liveBroadcasts.insert');
    await here({ dailyUnits: 500 }).spend('liveBroadcasts.insert');

    await here({ dailyUnits: 60 }).exhausted();

    expect(await here().spentToday()).toBe(100);
  });

  it('30 inserts at once from two instances on a budget of 1000: exactly 20 are charged, none lost, none over', async () => {
    const ledgers = [here({ dailyUnits: 1000 }), elsewhere({ dailyUnits: 1000 })];

    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => ledgers[i % 2].spend('liveBroadcasts.insert')));

    const charged = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected');
    expect(charged).toHaveLength(20);
    expect(refused.map((result) => result.reason)).toEqual(Array.from({ length: 10 }, () => expect.any(QuotaExhaustedError)));
    expect(charged.map((result) => result.value).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 50));
    expect(await here().spentToday()).toBe(1000);
  });

  it('reports to /metrics the units this instance spent, by operation, and each refusal', async () => {
    const metrics = createMetrics();
    const ledger = here({ dailyUnits: 101, onSpend: metrics.youtubeQuotaSpent, onRefusal: metrics.youtubeQuotaRefused });
    await ledger.spend('liveBroadcasts.insert');
    await ledger.spend('liveBroadcasts.insert');
    await ledger.spend('channels.list');
    await refusal(ledger.spend('channels.list'));
    await ledger.exhausted();

    const text = await metrics.registry.metrics();

    expect(text).toContain('zls_youtube_quota_units_total{operation="liveBroadcasts.insert"} 100');
    expect(text).toContain('zls_youtube_quota_units_total{operation="channels.list"} 1');
    expect(text).toContain('zls_youtube_quota_refusals_total{by="budget"} 1');
    expect(text).toContain('zls_youtube_quota_refusals_total{by="youtube"} 1');
  });
});
