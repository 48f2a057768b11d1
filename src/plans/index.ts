import type { TargetsDeps } from '../youtube/targets';
import type { Logger } from 'pino';
import type { ReadCache } from '../cache';
import type { GrantKeeper } from '../credentials/grant-keeper';
import type { TokenVault } from '../credentials/vault';
import type { AppDatabase } from '../db/types';
import type { DestinationsRepository } from '../destinations/types';
import type { LiveStore } from '../events/live-store';
import type { Pacer } from '../jobs/pacer';
import type { StreamChanger } from '../livestream/change';
import type { ZoomClient } from '../zoom/client';
import { planAccess } from './access';
import { createPlanActor } from './actor';
import { createPlanStarter } from './start';
import { createPlanClaims, createPlanLog } from './log';
import { createPlanEvents } from './on-event';
import { createReconciler } from './reconcile';
import { createPlansRepository } from './repository';
import { createPlanService } from './service';

/** What streaming plans are built from: the app's collaborators (deps.ts) and the plan settings (config). */
export interface PlansDeps {
  database: AppDatabase;
  vault: TokenVault;
  zoom: ZoomClient;
  changer: StreamChanger;
  grants: GrantKeeper;
  destinations: DestinationsRepository;
  /** YouTube's broadcasts, when Google is configured (a plan's YouTube destination). */
  broadcasts?: TargetsDeps['broadcasts'];
  live: Pick<LiveStore, 'record'>;
  cache: Pick<ReadCache, 'forgetHost'>;
  pacer: Pacer;
  logger: Logger;
  now: () => number;
  /** This instance's name in claims and leases. */
  owner: string;
  reconcileMs: number;
  startWaitsMs: readonly number[];
  webhooks: boolean;
  onAction?: (action: string) => void;
  onStartDelay?: (seconds: number) => void;
}

/** Streaming plans, wired: the service the pages use, the events' side, the reconcile timer, and the repositories. */
export function createPlans(deps: PlansDeps) {
  const { database, vault, zoom, grants, logger, now } = deps;
  const repository = createPlansRepository(database, vault, now);
  const log = createPlanLog(database.db, now);
  const claims = createPlanClaims(database.db, deps.owner, now);
  const access = planAccess({ grants, pacer: deps.pacer, now });
  const applier = createPlanActor({ ...deps, access, plans: repository, log });
  const actor = { apply: applier.apply, ...createPlanStarter({ ...deps, applier, plans: repository, claims }) };
  const eventWork = createPlanEvents({ zoom, grants, access, plans: repository, actor, claims, logger });
  const reconciler = createReconciler({ zoom, grants, access, plans: repository, claims, log, actor, logger, now, periodMs: deps.reconcileMs });
  const service = createPlanService({
    plans: repository, log, grants, actor, reconciler, destinations: deps.destinations, webhooks: deps.webhooks, reconcileMs: deps.reconcileMs,
  });
  /** Resolves once no plan work is under way: none begun by Zoom's events, none by a plan just turned on. */
  async function settled(): Promise<void> {
    await reconciler.settled();
    await eventWork.settled();
    await reconciler.settled();
  }
  return { repository, log, claims, actor, events: { onNotice: eventWork.onNotice, settled }, reconciler, service };
}

export type Plans = ReturnType<typeof createPlans>;
