import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TokenVault } from '../credentials/vault';
import { guarded } from '../db/errors';
import type { AppDatabase, PlanEventsTable, PlansTable } from '../db/types';
import type { StreamSettings } from '../destinations/types';
import { openSettings, sealSettings } from '../livestream/sealed-settings';
import type { EventKind } from '../zoom/client';
import { planCovers } from './match';
import { DuplicatePlanNameError, MAX_PICKED, MAX_PLANS, PlanLimitError, type EventRef, type Plan, type PlanEvent, type PlanInput, type RuleKinds, type RuleMatch, type TrackedEvent } from './types';

/** plan_events.conflict: 0 in step, 1 changed by hand since the plan wrote (reported), 2 the host said "Leave it". */
const CONFLICT = 1;
const LEFT = 2;

/** Rows ↔ plans. Booleans are 0/1 in both dialects; bigint comes back as a string from PostgreSQL. */
function toPlan(row: PlansTable): Plan {
  return {
    id: row.id, userId: row.user_id, accountId: row.account_id, name: row.name,
    series: row.series_id ? { kind: row.series_kind as EventKind, id: row.series_id } : undefined,
    rule: row.rule_match ? { match: row.rule_match as RuleMatch, text: row.rule_text, kinds: row.rule_kinds as RuleKinds } : undefined,
    destinationId: row.destination_id, keepSettings: row.keep_settings === 1, autoStart: row.auto_start === 1,
    displayName: row.display_name, activeSpeaker: row.active_speaker === 1, enabled: row.enabled === 1,
    createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
  };
}

function columnsOf(input: PlanInput) {
  return {
    name: input.name,
    series_kind: input.series?.kind ?? '', series_id: input.series?.id ?? '',
    rule_match: input.rule?.match ?? '', rule_text: input.rule?.text ?? '', rule_kinds: input.rule?.kinds ?? 'both',
    destination_id: input.destinationId, keep_settings: input.keepSettings ? 1 : 0, auto_start: input.autoStart ? 1 : 0,
    display_name: input.displayName, active_speaker: input.activeSpeaker ? 1 : 0, enabled: input.enabled ? 1 : 0,
  };
}

function toPlanEvent(row: PlanEventsTable, vault: TokenVault): PlanEvent {
  return {
    planId: row.plan_id, kind: row.kind as EventKind, id: row.event_id, picked: row.picked === 1, topic: row.topic,
    written: openSettings(row.written_settings, row.sealed_written_key, vault), conflict: row.conflict === CONFLICT, left: row.conflict === LEFT,
  };
}

/** Plans and the events they track, per Zoom user: every host-facing query is scoped by user_id. */
export function createPlansRepository({ db, dialect }: AppDatabase, vault: TokenVault, now: () => number = Date.now) {
  const plansOf = (userId: string) => db.selectFrom('plans').selectAll().where('user_id', '=', userId);
  const planExists = async (id: string) => (await db.selectFrom('plans').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

  /** The picked set, replaced as a whole; tracked (matched) events and what was written to them stay. */
  async function replacePicked(trx: typeof db, planId: string, userId: string, picked: Array<EventRef & { topic: string }>): Promise<void> {
    await trx.deleteFrom('plan_events').where('plan_id', '=', planId).where('picked', '=', 1).where('written_settings', 'is', null).execute();
    await trx.updateTable('plan_events').set({ picked: 0 }).where('plan_id', '=', planId).execute();
    for (const event of picked.slice(0, MAX_PICKED)) {
      const values = { plan_id: planId, user_id: userId, kind: event.kind, event_id: event.id, picked: 1, topic: event.topic, conflict: 0, updated_at: now(), written_settings: null, sealed_written_key: null };
      await trx.insertInto('plan_events').values(values)
        .onConflict((oc) => oc.columns(['plan_id', 'kind', 'event_id']).doUpdateSet({ picked: 1, topic: event.topic })).execute();
    }
  }

  return {
    list: (userId: string) => guarded(async () => (await plansOf(userId).orderBy('name').execute()).map(toPlan)),

    get: (userId: string, id: string) => guarded(async () => {
      const row = await plansOf(userId).where('id', '=', id).executeTakeFirst();
      return row && toPlan(row);
    }),

    /** Count, name check and insert in one transaction per host (PostgreSQL: an advisory lock), as destinations do. */
    create: (userId: string, accountId: string, input: PlanInput, picked: Array<EventRef & { topic: string }> = []) => guarded(() => db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`plans:${userId}`}))`.execute(trx);
      const existing = await trx.selectFrom('plans').select('name').where('user_id', '=', userId).execute();
      if (existing.length >= MAX_PLANS) throw new PlanLimitError();
      if (existing.some((row) => row.name.toLowerCase() === input.name.toLowerCase())) throw new DuplicatePlanNameError();
      const at = now();
      const row: PlansTable = { id: randomUUID(), user_id: userId, account_id: accountId, ...columnsOf(input), created_at: at, updated_at: at };
      await trx.insertInto('plans').values(row).execute();
      await replacePicked(trx, row.id, userId, picked);
      return toPlan(row);
    })),

    update: (userId: string, id: string, input: PlanInput, picked?: Array<EventRef & { topic: string }>) => guarded(() => db.transaction().execute(async (trx) => {
      const clash = await trx.selectFrom('plans').select('id').where('user_id', '=', userId).where('id', '!=', id)
        .where(sql<boolean>`lower(name) = ${input.name.toLowerCase()}`).executeTakeFirst();
      if (clash) throw new DuplicatePlanNameError();
      const result = await trx.updateTable('plans').set({ ...columnsOf(input), updated_at: now() }).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return undefined;
      if (picked) await replacePicked(trx, id, userId, picked);
      return toPlan((await trx.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    })),

    /** Deletes a plan with its events and log; resolves to how many plans the host has left (0: the grant goes too). */
    remove: (userId: string, id: string) => guarded(() => db.transaction().execute(async (trx) => {
      const gone = await trx.deleteFrom('plans').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) return undefined;
      await trx.deleteFrom('plan_events').where('plan_id', '=', id).execute();
      await trx.deleteFrom('plan_log').where('plan_id', '=', id).execute();
      const { count } = await trx.selectFrom('plans').select((eb) => eb.fn.countAll<string>().as('count')).where('user_id', '=', userId).executeTakeFirstOrThrow();
      return Number(count);
    })),

    /** Turn off all plans: each stays (with its log), none acts. How many were on. */
    disableAll: (userId: string) => guarded(async () => Number((await db.updateTable('plans').set({ enabled: 0, updated_at: now() })
      .where('user_id', '=', userId).where('enabled', '=', 1).executeTakeFirst()).numUpdatedRows)),

    /** Everything of the user's plans (deauthorization, "Delete my saved data"): plans, events, log, claims. */
    removeAllOf: (userId: string) => guarded(async () => {
      await db.deleteFrom('plan_events').where('user_id', '=', userId).execute();
      await db.deleteFrom('plan_log').where('user_id', '=', userId).execute();
      await db.deleteFrom('plan_claims').where('user_id', '=', userId).execute();
      return Number((await db.deleteFrom('plans').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows);
    }),

    /** The user's plans that are on: what an event of theirs is matched against. */
    enabledOf: (userId: string) => guarded(async () => (await plansOf(userId).where('enabled', '=', 1).orderBy('created_at').execute()).map(toPlan)),

    /** Users of an account with a plan on: whose event a notice naming no host (meeting.updated) may be. */
    usersOfAccount: (accountId: string) => guarded(async () => (await db.selectFrom('plans').select('user_id').distinct()
      .where('account_id', '=', accountId).where('enabled', '=', 1).execute()).map((row) => row.user_id)),

    /** Users with at least one plan on (the reconcile's round). */
    usersWithEnabledPlans: () => guarded(async () => (await db.selectFrom('plans').select('user_id').distinct().where('enabled', '=', 1).execute()).map((row) => row.user_id)),

    events: (planId: string) => guarded(async () => (await db.selectFrom('plan_events').selectAll().where('plan_id', '=', planId).orderBy('topic').execute()).map((row) => toPlanEvent(row, vault))),

    /** The events of this user the plans track (matching, /streams, the event page), without opening a key. */
    eventsOfUser: (userId: string) => guarded(async (): Promise<TrackedEvent[]> => {
      const rows = await db.selectFrom('plan_events').select(['plan_id', 'kind', 'event_id', 'picked', 'topic', 'conflict'])
        .where('user_id', '=', userId).execute();
      return rows.map((row) => ({ planId: row.plan_id, kind: row.kind as EventKind, id: row.event_id, picked: row.picked === 1, topic: row.topic, conflict: row.conflict === CONFLICT, left: row.conflict === LEFT }));
    }),

    /** A meeting or webinar deleted in Zoom: no plan of the user tracks it any more. */
    forgetEvent: (userId: string, kind: EventKind, eventId: string) => guarded(async () => Number((await db.deleteFrom('plan_events')
      .where('user_id', '=', userId).where('kind', '=', kind).where('event_id', '=', eventId).executeTakeFirst()).numDeletedRows)),

    /** After an edit: the events the plan took by its series or rule and takes no more are no longer its own. */
    dropUncovered: (plan: Plan) => guarded(async () => {
      const rows = await db.selectFrom('plan_events').select(['kind', 'event_id', 'topic']).where('plan_id', '=', plan.id).where('picked', '=', 0).execute();
      for (const row of rows.filter((r) => !planCovers(plan, { kind: r.kind as EventKind, id: r.event_id, topic: r.topic }))) {
        await db.deleteFrom('plan_events').where('plan_id', '=', plan.id).where('kind', '=', row.kind).where('event_id', '=', row.event_id).execute();
      }
    }),

    event: (planId: string, kind: EventKind, eventId: string) => guarded(async () => {
      const row = await db.selectFrom('plan_events').selectAll().where('plan_id', '=', planId).where('kind', '=', kind).where('event_id', '=', eventId).executeTakeFirst();
      return row && toPlanEvent(row, vault);
    }),

    /**
     * Starts tracking an event the plan matched (its topic refreshed); what was written stays. A plan deleted
     * meanwhile (by its host, "Delete my saved data", app_deauthorized) while a round still held it keeps no row:
     * the row is checked after the insert, and a deletion after that check deletes it with the plan's rows.
     */
    track: (plan: Plan, event: EventRef & { topic: string }) => guarded(async () => {
      await db.insertInto('plan_events')
        .values({ plan_id: plan.id, user_id: plan.userId, kind: event.kind, event_id: event.id, picked: 0, topic: event.topic, conflict: 0, updated_at: now(), written_settings: null, sealed_written_key: null })
        .onConflict((oc) => oc.columns(['plan_id', 'kind', 'event_id']).doUpdateSet({ topic: event.topic })).execute();
      if (await planExists(plan.id)) return true;
      await db.deleteFrom('plan_events').where('plan_id', '=', plan.id).execute();
      return false;
    }),

    /** What the plan wrote (the conflict, if any, is over). */
    recordWritten: (planId: string, kind: EventKind, eventId: string, settings: StreamSettings) => guarded(async () => {
      const { json, sealedKey } = sealSettings(settings, vault);
      await db.updateTable('plan_events').set({ written_settings: json, sealed_written_key: sealedKey, conflict: 0, updated_at: now() })
        .where('plan_id', '=', planId).where('kind', '=', kind).where('event_id', '=', eventId).execute();
    }),

    /** A hand edit seen since the plan wrote: reported, left as it is. */
    markConflict: (planId: string, kind: EventKind, eventId: string) => guarded(async () => {
      await db.updateTable('plan_events').set({ conflict: CONFLICT, updated_at: now() })
        .where('plan_id', '=', planId).where('kind', '=', kind).where('event_id', '=', eventId).where('conflict', '=', 0).execute();
    }),

    /** "Leave it": the plan keeps this event's settings no more (it still starts its stream); no longer reported. */
    leave: (planId: string, kind: EventKind, eventId: string) => guarded(async () => Number((await db.updateTable('plan_events').set({ conflict: LEFT, updated_at: now() })
      .where('plan_id', '=', planId).where('kind', '=', kind).where('event_id', '=', eventId).executeTakeFirst()).numUpdatedRows) > 0),
  };
}

export type PlansRepository = ReturnType<typeof createPlansRepository>;
