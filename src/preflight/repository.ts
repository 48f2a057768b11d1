import { guarded } from '../db/errors';
import type { Database, PreflightResultsTable } from '../db/types';
import type { EventKind } from '../zoom/client';
import type { CheckResult, CheckResultValue, PreflightReport, Trigger } from './types';

/** The pre-flight results and the automatic runs taken (migration 012): storage only. */

function checksOf(json: string): CheckResult[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed as CheckResult[]) : [];
  } catch {
    return [];
  }
}

function toReport(row: PreflightResultsTable): PreflightReport {
  return {
    userId: row.user_id, kind: row.kind as EventKind, eventId: row.event_id, startsAt: Number(row.starts_at), checkedAt: Number(row.checked_at),
    trigger: row.trigger as Trigger, overall: row.overall as CheckResultValue, checks: checksOf(row.checks),
  };
}

export function createPreflightRepository(db: Database) {
  return {
    /** The event's latest report replaces the one before (a later pass clears a failure). */
    save: (report: PreflightReport) => guarded(async (): Promise<void> => {
      const row: PreflightResultsTable = {
        user_id: report.userId, kind: report.kind, event_id: report.eventId, starts_at: report.startsAt, checked_at: report.checkedAt,
        trigger: report.trigger, overall: report.overall, checks: JSON.stringify(report.checks),
      };
      const { user_id: _user, kind: _kind, event_id: _event, ...changes } = row;
      await db.insertInto('preflight_results').values(row)
        .onConflict((oc) => oc.columns(['user_id', 'kind', 'event_id']).doUpdateSet(changes)).execute();
    }),

    latestOf: (userId: string, kind: EventKind, eventId: string) => guarded(async (): Promise<PreflightReport | undefined> => {
      const row = await db.selectFrom('preflight_results').selectAll()
        .where('user_id', '=', userId).where('kind', '=', kind).where('event_id', '=', eventId).executeTakeFirst();
      return row && toReport(row);
    }),

    /** The host's reports, by `${kind}:${eventId}` (/streams' Ready column: one query for the page). */
    allOf: (userId: string) => guarded(async (): Promise<Map<string, PreflightReport>> => {
      const rows = await db.selectFrom('preflight_results').selectAll().where('user_id', '=', userId).execute();
      return new Map(rows.map((row) => [`${row.kind}:${row.event_id}`, toReport(row)]));
    }),

    /** Upcoming events (not started by `now`) whose latest check failed: the home page's count. */
    failingUpcoming: (userId: string, now: number) => guarded(async (): Promise<number> => {
      const { count } = await db.selectFrom('preflight_results').select((eb) => eb.fn.countAll<string>().as('count'))
        .where('user_id', '=', userId).where('overall', '=', 'failing').where('starts_at', '>', now).executeTakeFirstOrThrow();
      return Number(count);
    }),

    /** An automatic check taken once across instances: true for the one instance whose row went in. */
    takeRun: (runKey: string, owner: string, at: number) => guarded(async (): Promise<boolean> => {
      const result = await db.insertInto('preflight_runs').values({ run_key: runKey, owner, at })
        .onConflict((oc) => oc.column('run_key').doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    }),

    /** A run that could not be done (an outage) is given back: only while it is still this owner's. */
    releaseRun: (runKey: string, owner: string) => guarded(async (): Promise<void> => {
      await db.deleteFrom('preflight_runs').where('run_key', '=', runKey).where('owner', '=', owner).execute();
    }),

    /** Hosts the app changed a stream for since then: with the plans' grant holders, whom the automatic run looks after. */
    recentHosts: (since: number) => guarded(async (): Promise<string[]> => {
      const rows = await db.selectFrom('change_history').select('user_id').distinct().where('at', '>', since).execute();
      return rows.map((row) => row.user_id);
    }),

    /** With the history's pruning: old results and runs go. */
    prune: (olderThan: number) => guarded(async (): Promise<number> => {
      const results = await db.deleteFrom('preflight_results').where('checked_at', '<', olderThan).executeTakeFirst();
      const runs = await db.deleteFrom('preflight_runs').where('at', '<', olderThan).executeTakeFirst();
      return Number(results.numDeletedRows) + Number(runs.numDeletedRows);
    }),

    removeAllOf: (userId: string) => guarded(async (): Promise<number> => {
      const result = await db.deleteFrom('preflight_results').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    }),
  };
}

export type PreflightRepository = ReturnType<typeof createPreflightRepository>;
