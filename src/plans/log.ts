import { randomUUID } from 'node:crypto';
import type { Database } from '../db/types';
import { guarded } from '../db/errors';
import type { EventKind } from '../zoom/client';
import type { PlanAction, PlanLogEntry } from './types';

/**
 * A plan's log (what it did to which event, and Zoom's answer when it refused), the claims that make an act
 * happen once across instances, and the reconcile's lease. Plain rows; the log is deleted with its plan.
 */
export interface NewLogEntry {
  planId: string;
  userId: string;
  kind: EventKind;
  eventId: string;
  action: PlanAction;
  detail?: string;
  historyId?: string;
}

/** Entries kept per plan: the newest are shown; older ones are pruned as new ones come. */
export const LOG_KEPT = 200;

export function createPlanLog(db: Database, now: () => number = Date.now) {
  return {
    /** One entry; none for a plan deleted meanwhile (checked after the insert, as plan_events are). */
    add: (entry: NewLogEntry) => guarded(async () => {
      const id = randomUUID();
      await db.insertInto('plan_log').values({
        id, plan_id: entry.planId, user_id: entry.userId, kind: entry.kind, event_id: entry.eventId,
        action: entry.action, detail: (entry.detail ?? '').slice(0, 600), history_id: entry.historyId ?? null, at: now(),
      }).execute();
      const plan = await db.selectFrom('plans').select('id').where('id', '=', entry.planId).executeTakeFirst();
      if (!plan) await db.deleteFrom('plan_log').where('plan_id', '=', entry.planId).execute();
    }),

    /** Whether the event's newest entry already says this: a state that lasts (a quota spent till midnight) is said once. */
    lastIs: (planId: string, kind: EventKind, eventId: string, action: PlanAction, detail: string) => guarded(async (): Promise<boolean> => {
      const row = await db.selectFrom('plan_log').select(['action', 'detail']).where('plan_id', '=', planId).where('kind', '=', kind)
        .where('event_id', '=', eventId).orderBy('at', 'desc').limit(1).executeTakeFirst();
      return row?.action === action && row.detail === detail;
    }),

    recent: (planId: string, limit = 50) => guarded(async (): Promise<PlanLogEntry[]> => {
      const rows = await db.selectFrom('plan_log').selectAll().where('plan_id', '=', planId).orderBy('at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map((row) => ({
        id: row.id, planId: row.plan_id, kind: row.kind as EventKind, eventId: row.event_id,
        action: row.action as PlanAction, detail: row.detail, historyId: row.history_id ?? undefined, at: Number(row.at),
      }));
    }),

    /** Keeps the newest LOG_KEPT entries of a plan. */
    prune: (planId: string) => guarded(async () => {
      const cut = await db.selectFrom('plan_log').select('at').where('plan_id', '=', planId).orderBy('at', 'desc').offset(LOG_KEPT).limit(1).executeTakeFirst();
      if (cut) await db.deleteFrom('plan_log').where('plan_id', '=', planId).where('at', '<=', Number(cut.at)).execute();
    }),
  };
}

/**
 * Once across instances: the first to insert a key acts; everyone else sees false. A start is claimed per
 * meeting instance (Zoom's uuid), so a duplicated, replayed or retried meeting.started, or the reconcile
 * finding the same meeting in progress, never starts a stream twice. A claim with a lease is 'pending' while
 * its owner acts: if the owner dies mid-way (a deploy during the start window), the reconcile may take it over
 * after the lease, while the meeting is still in progress; `finish` makes it final, `release` gives it up.
 */
export function createPlanClaims(db: Database, owner: string, now: () => number = Date.now) {
  return {
    claim: (key: string, userId: string, leaseMs?: number) => guarded(async () => {
      const at = now();
      const state = leaseMs === undefined ? 'done' : 'pending';
      const until = leaseMs === undefined ? 0 : at + leaseMs;
      const result = await db.insertInto('plan_claims').values({ key, user_id: userId, owner, at, state, until })
        .onConflict((oc) => oc.column('key').doUpdateSet({ owner, at, state, until })
          .where('plan_claims.state', '=', 'pending').where('plan_claims.until', '<', at))
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    }),
    finish: (key: string) => guarded(async () => {
      await db.updateTable('plan_claims').set({ state: 'done', until: 0 }).where('key', '=', key).where('owner', '=', owner).execute();
    }),
    release: (key: string) => guarded(async () => {
      await db.deleteFrom('plan_claims').where('key', '=', key).where('owner', '=', owner).execute();
    }),
    has: (key: string) => guarded(async () => (await db.selectFrom('plan_claims').select('key').where('key', '=', key).executeTakeFirst()) !== undefined),
    /** Claims older than this are of meetings long over. */
    pruneBefore: (at: number) => guarded(async () => Number((await db.deleteFrom('plan_claims').where('at', '<', at).executeTakeFirst()).numDeletedRows)),

    /** The reconcile's lease: one instance runs it at a time; true when this instance holds it until `until`. */
    lease: (name: string, leaseMs: number) => guarded(async () => {
      const at = now();
      await db.insertInto('plan_timers').values({ name, lease_owner: '', lease_until: 0, last_run_at: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
      const result = await db.updateTable('plan_timers').set({ lease_owner: owner, lease_until: at + leaseMs })
        .where('name', '=', name).where((eb) => eb.or([eb('lease_until', '<', at), eb('lease_owner', '=', owner)])).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    }),
    ran: (name: string) => guarded(async () => {
      await db.updateTable('plan_timers').set({ last_run_at: now(), lease_owner: '', lease_until: 0 }).where('name', '=', name).where('lease_owner', '=', owner).execute();
    }),
    lastRun: (name: string) => guarded(async () => {
      const row = await db.selectFrom('plan_timers').select('last_run_at').where('name', '=', name).executeTakeFirst();
      return row ? Number(row.last_run_at) : 0;
    }),
  };
}

export type PlanLog = ReturnType<typeof createPlanLog>;
export type PlanClaims = ReturnType<typeof createPlanClaims>;
