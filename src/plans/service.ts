import type { GrantKeeper } from '../credentials/grant-keeper';
import type { StoredToken } from '../credentials/vault';
import type { DestinationsRepository } from '../destinations/types';
import type { PlanActor } from './start';
import type { PlanLog } from './log';
import { coveringPlan, type EventFacts } from './match';
import type { Reconciler } from './reconcile';
import type { PlansRepository } from './repository';
import type { EventRef, Plan, PlanInput } from './types';

/**
 * What the pages ask of plans, by user id (no Express): create, change, turn on (the grant is kept in the
 * database from then), turn off, delete (the last one takes the grant with it), "Apply again" and "Leave it"
 * on a conflict, and what covers which event (for /streams and the event page).
 */
export interface PlanServiceDeps {
  plans: PlansRepository;
  log: PlanLog;
  grants: Pick<GrantKeeper, 'adopt' | 'takeBack' | 'revoke' | 'statusOf'>;
  actor: PlanActor;
  reconciler: Pick<Reconciler, 'lastRun' | 'soon'>;
  destinations: Pick<DestinationsRepository, 'names'>;
  /** Whether Zoom's events reach the app (a webhook secret is set): the plan page says which mode is in force. */
  webhooks: boolean;
  reconcileMs: number;
}

/** How a plan covers an event, as /streams and the event page say it. */
export interface Coverage {
  plan: Pick<Plan, 'id' | 'name' | 'autoStart' | 'keepSettings' | 'enabled'>;
  destinationName: string;
  conflict: boolean;
}

export function createPlanService(deps: PlanServiceDeps) {
  const { plans, grants } = deps;

  /** A host turning a plan on hands over their token: the grant keeps it from now on (the caller's session no longer does). */
  async function keepGrant(token: StoredToken | undefined, accountId: string): Promise<void> {
    if (token) await grants.adopt(token, accountId);
  }

  /**
   * Deletes the grant when no plan is on any more. `sessionHolds`: a browser session is using the grant and takes
   * its token back (the host stays connected); otherwise the grant is revoked at Zoom.
   */
  async function dropGrantIfIdle(userId: string, sessionHolds: boolean): Promise<StoredToken | undefined> {
    if ((await plans.enabledOf(userId)).length > 0) return undefined;
    if (sessionHolds) return grants.takeBack(userId);
    await grants.revoke(userId);
    return undefined;
  }

  return {
    list: (userId: string) => plans.list(userId),
    get: (userId: string, id: string) => plans.get(userId, id),
    events: (planId: string) => plans.events(planId),
    log: (planId: string) => deps.log.recent(planId),
    status: async (userId: string) => ({
      grant: await grants.statusOf(userId),
      mode: deps.webhooks ? 'events' as const : 'reconcile' as const,
      reconcileMs: deps.reconcileMs,
      lastRun: await deps.reconciler.lastRun(),
    }),

    async create(userId: string, accountId: string, input: PlanInput, picked: Array<EventRef & { topic: string }>, token?: StoredToken): Promise<Plan> {
      // The token moves only once the plan is kept: a refused plan (the bound, a name taken) leaves it in the session.
      const plan = await plans.create(userId, accountId, input, picked);
      if (input.enabled) await keepGrant(token, accountId);
      if (input.enabled) deps.reconciler.soon(userId);
      return plan;
    },

    /** undefined when not the host's. The token returned goes back into the session (no plan on any more). */
    async update(userId: string, accountId: string, id: string, input: PlanInput, picked: Array<EventRef & { topic: string }> | undefined, token?: StoredToken, sessionHolds = false) {
      const plan = await plans.update(userId, id, input, picked);
      if (plan) await plans.dropUncovered(plan);
      if (plan && input.enabled) await keepGrant(token, accountId);
      if (plan && input.enabled) deps.reconciler.soon(userId);
      const returned = plan && !input.enabled ? await dropGrantIfIdle(userId, sessionHolds) : undefined;
      return { plan, returned };
    },

    async remove(userId: string, id: string, sessionHolds = false) {
      const left = await plans.remove(userId, id);
      if (left === undefined) return { removed: false, returned: undefined };
      return { removed: true, returned: await dropGrantIfIdle(userId, sessionHolds) };
    },

    async turnOffAll(userId: string, sessionHolds = false) {
      const turnedOff = await plans.disableAll(userId);
      return { turnedOff, returned: await dropGrantIfIdle(userId, sessionHolds) };
    },

    /** "Apply the plan's destination again" on a conflict: the host's word overrides the hand edit. */
    async applyAgain(userId: string, planId: string, event: EventRef) {
      const plan = await plans.get(userId, planId);
      const tracked = plan && (await plans.event(plan.id, event.kind, event.id));
      // A plan that is off acts on nothing, not even on the host's word: it is turned on first.
      if (!plan || !tracked || !plan.enabled) return undefined;
      return deps.actor.apply(plan, { kind: event.kind, id: event.id, topic: tracked.topic }, true);
    },

    async leave(userId: string, planId: string, event: EventRef) {
      const plan = await plans.get(userId, planId);
      if (!plan) return false;
      const left = await plans.leave(plan.id, event.kind, event.id);
      if (left) await deps.log.add({ planId: plan.id, userId, kind: event.kind, eventId: event.id, action: 'left' });
      return left;
    },

    /** Which plan covers each of these events ("kind:id" → the first plan, by creation): /streams and the event page. */
    async coverage(userId: string, events: readonly EventFacts[]): Promise<Map<string, Coverage>> {
      const found = new Map<string, Coverage>();
      const all = await plans.list(userId);
      if (all.length === 0) return found;
      const tracked = await plans.eventsOfUser(userId);
      const names = new Map((await deps.destinations.names(userId)).map((d) => [d.id, d.name]));
      // The plan that acts (the oldest one on), else the oldest one off: what a page shows is what acts.
      const byAge = [...all].sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.createdAt - b.createdAt);
      for (const event of events) {
        const plan = coveringPlan(byAge, event, tracked);
        if (!plan) continue;
        const mine = tracked.find((t) => t.planId === plan.id && t.kind === event.kind && t.id === event.id);
        found.set(`${event.kind}:${event.id}`, {
          plan: { id: plan.id, name: plan.name, autoStart: plan.autoStart, keepSettings: plan.keepSettings, enabled: plan.enabled },
          destinationName: names.get(plan.destinationId) ?? '',
          conflict: mine?.conflict ?? false,
        });
      }
      return found;
    },
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
