import { guarded } from '../db/errors';
import type { Database } from '../db/types';
import { QUOTA_COSTS, type YouTubeOperation } from './quota-costs';
import { nextQuotaReset, quotaDayOf } from './quota-day';

export { QUOTA_COSTS, YOUTUBE_OPERATIONS, type YouTubeOperation } from './quota-costs';
export { nextQuotaReset, quotaDayOf } from './quota-day';

/**
 * The Google project's daily YouTube quota, counted in the app's database (table youtube_quota, one row per Pacific
 * day) so every instance sharing the database spends from one budget. A call is charged BEFORE it is made, and
 * refused when it would take the day past `dailyUnits`: work stops before YouTube refuses, what is left waits for
 * midnight Pacific, and a season's broadcasts are made over the days it needs instead of failing half-way.
 * A call that then fails stays charged: Google charges refused calls too, and erring high keeps the pacing safe.
 */

/** The day's budget is spent (ours, or YouTube said quotaExceeded): nothing more until `resetAt` (epoch ms). */
export class QuotaExhaustedError extends Error {
  readonly reason = 'quotaExceeded';
  readonly quotaExceeded = true;
  constructor(readonly resetAt: number, readonly operation?: YouTubeOperation) {
    super(`YouTube's daily quota is spent${operation ? ` (${operation} not made)` : ''}; it resets at ${new Date(resetAt).toISOString()}`);
    this.name = 'QuotaExhaustedError';
  }
}

/** Who stopped a call: the app's own budget (before calling) or YouTube's quotaExceeded answer. */
export type QuotaRefusal = 'budget' | 'youtube';

export interface QuotaLedgerOptions {
  db: Database;
  now?: () => number;
  /** YOUTUBE_DAILY_QUOTA: the units this project may spend per Pacific day. */
  dailyUnits: number;
  /** Units this instance spent on an operation (for zls_youtube_quota_units_total). */
  onSpend?: (operation: YouTubeOperation, units: number) => void;
  /** A call stopped for want of quota (for zls_youtube_quota_refusals_total). */
  onRefusal?: (by: QuotaRefusal) => void;
}

export function createQuotaLedger({ db, now = Date.now, dailyUnits, onSpend, onRefusal }: QuotaLedgerOptions) {
  /**
   * Charges today's row with the operation's cost before the call; returns the day's total. One statement, so
   * instances racing on one database never lose an increment nor pass the budget together: the insert starts the
   * day, and on conflict the update adds only while the total stays within `dailyUnits` (no row back: refused).
   */
  async function spend(operation: YouTubeOperation): Promise<number> {
    const cost: number = QUOTA_COSTS[operation];
    const at = now();
    const charged = cost <= dailyUnits && await guarded(() => db.insertInto('youtube_quota').values({ day: quotaDayOf(at), units: cost })
      .onConflict((oc) => oc.column('day')
        .doUpdateSet((eb) => ({ units: eb('youtube_quota.units', '+', cost) }))
        .where('youtube_quota.units', '<=', dailyUnits - cost))
      .returning('units').executeTakeFirst());
    if (!charged) {
      onRefusal?.('budget');
      throw new QuotaExhaustedError(nextQuotaReset(at), operation);
    }
    onSpend?.(operation, cost);
    return Number(charged.units);
  }

  /**
   * YouTube answered quotaExceeded although the budget had room (another app on the same Google project, or a
   * budget set above the project's quota): today counts as spent, so every instance stops until the reset.
   * Returns the reset's epoch ms.
   */
  async function exhausted(): Promise<number> {
    const at = now();
    await guarded(() => db.insertInto('youtube_quota').values({ day: quotaDayOf(at), units: dailyUnits })
      .onConflict((oc) => oc.column('day').doUpdateSet({ units: dailyUnits }).where('youtube_quota.units', '<', dailyUnits))
      .execute());
    onRefusal?.('youtube');
    return nextQuotaReset(at);
  }

  /** Units spent today (Pacific) by every instance together. */
  async function spentToday(): Promise<number> {
    const row = await guarded(() => db.selectFrom('youtube_quota').select('units').where('day', '=', quotaDayOf(now())).executeTakeFirst());
    return Number(row?.units ?? 0);
  }

  return { spend, exhausted, spentToday, resetAt: (): number => nextQuotaReset(now()), dailyUnits };
}

export type QuotaLedger = ReturnType<typeof createQuotaLedger>;
