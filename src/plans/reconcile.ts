import type { Logger } from 'pino';
import type { GrantKeeper } from '../credentials/grant-keeper';
import type { EventKind, EventSummary, ZoomClient } from '../zoom/client';
import type { PlanAccess } from './access';
import type { PlanActor } from './start';
import type { PlanClaims, PlanLog } from './log';
import { coveringPlan, instanceOf, type EventFacts } from './match';
import type { PlansRepository } from './repository';
import type { Plan } from './types';

/**
 * Plans work without Zoom's event subscriptions too: every period one instance (a lease in the database) lists
 * each planning host's upcoming meetings and webinars and the meetings in progress (`type=live`), applies the
 * plans to what they cover and starts what should be streaming. Paced per account like every other call; a
 * host's failure is logged and the round goes on. With webhooks on, this only catches what a lost delivery missed.
 */
export interface ReconcileDeps {
  zoom: ZoomClient;
  grants: Pick<GrantKeeper, 'statusOf'>;
  access: PlanAccess;
  plans: PlansRepository;
  claims: PlanClaims;
  log: Pick<PlanLog, 'prune'>;
  actor: PlanActor;
  logger: Logger;
  now: () => number;
  periodMs: number;
}

export const RECONCILE = 'reconcile';
/** Claims of meeting instances this old are of meetings long over. */
const CLAIMS_KEPT_MS = 7 * 24 * 3600_000;
const KINDS: readonly EventKind[] = ['meeting', 'webinar'];

export function createReconciler({ zoom, grants, access, plans, claims, log, actor, logger, now, periodMs }: ReconcileDeps) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const hostRounds = new Set<Promise<void>>();

  const call = <T>(plan: Plan, request: (token: string) => Promise<T>) => access(plan.accountId, plan.userId, request);

  /** Every upcoming event of one kind (pages of 300: a season in a call or two). */
  async function upcoming(plan: Plan, kind: EventKind): Promise<EventSummary[]> {
    const events: EventSummary[] = [];
    let pageToken = '';
    do {
      const page = await call(plan, (token) => zoom.listUpcoming(token, kind, pageToken, 300));
      events.push(...page.events);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return events;
  }

  async function reconcileUser(userId: string): Promise<void> {
    const enabled = await plans.enabledOf(userId);
    if (enabled.length === 0 || (await grants.statusOf(userId)) !== 'active') return;
    const first = enabled[0];
    // Each plan's log keeps its newest entries (LOG_KEPT), pruned once a round.
    for (const plan of enabled) await log.prune(plan.id);
    const tracked = await plans.eventsOfUser(userId);
    if (enabled.some((plan) => plan.keepSettings)) {
      for (const kind of KINDS) {
        const events = await upcoming(first, kind).catch((error: unknown) => {
          // A host without the webinar plan or scope has no webinars to list: the meetings still count.
          logger.info({ err: error, kind }, 'plans reconcile: list not read');
          return [];
        });
        for (const summary of events) {
          const event: EventFacts = { kind, id: summary.id, topic: summary.topic };
          const plan = coveringPlan(enabled, event, tracked);
          if (plan) await actor.apply(plan, event);
        }
      }
    }
    if (!enabled.some((plan) => plan.autoStart)) return;
    for (const summary of await call(first, (token) => zoom.listLiveMeetings(token))) {
      const event: EventFacts = { kind: 'meeting', id: summary.id, topic: summary.topic };
      const plan = coveringPlan(enabled, event, tracked);
      const startedAt = summary.start_time ? Date.parse(summary.start_time) : now();
      if (plan) await actor.start(plan, event, instanceOf(summary.uuid, Number.isNaN(startedAt) ? now() : startedAt));
    }
  }

  /** One round, when this instance holds the lease; resolves when it is over. */
  async function runOnce(): Promise<boolean> {
    if (!(await claims.lease(RECONCILE, Math.max(periodMs, 60_000)))) return false;
    try {
      for (const userId of await plans.usersWithEnabledPlans()) {
        await reconcileUser(userId).catch((error: unknown) => logger.warn({ err: error }, 'plans reconcile: a host was skipped'));
      }
      await claims.pruneBefore(now() - CLAIMS_KEPT_MS);
    } finally {
      await claims.ran(RECONCILE);
    }
    return true;
  }

  function tick(): void {
    if (running) return;
    running = runOnce().then(() => undefined, (error: unknown) => logger.warn({ err: error }, 'plans reconcile failed'))
      .finally(() => { running = undefined; });
  }

  /**
   * One host's round now, in the background: a plan just turned on or changed applies its destination to what it
   * covers at once, not at the next period (a meeting may start before then). `settled()` awaits these rounds.
   */
  function soon(userId: string): void {
    const round = reconcileUser(userId).catch((error: unknown) => logger.warn({ err: error }, 'plans: a host\'s round failed'));
    hostRounds.add(round);
    void round.finally(() => hostRounds.delete(round));
  }

  return {
    runOnce,
    soon,
    async settled(): Promise<void> {
      while (hostRounds.size > 0) await Promise.all([...hostRounds]);
    },
    start(): void {
      if (timer || periodMs <= 0) return;
      timer = setInterval(tick, periodMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      while (hostRounds.size > 0) await Promise.all([...hostRounds]);
    },
    lastRun: () => claims.lastRun(RECONCILE),
  };
}

export type Reconciler = ReturnType<typeof createReconciler>;
