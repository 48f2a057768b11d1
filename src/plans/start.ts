import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ReadCache } from '../cache';
import type { LiveStore } from '../events/live-store';
import type { ZoomClient } from '../zoom/client';
import { ReconnectRequiredError, ZoomApiError } from '../zoom/errors';
import { reasonOf, type PlanApplier } from './actor';
import type { PlanClaims } from './log';
import type { EventFacts } from './match';
import type { PlansRepository } from './repository';
import type { Plan, PlanAction } from './types';

/**
 * A plan starting the stream when a meeting or webinar starts: once per meeting instance across deliveries,
 * instances and the reconcile (a claim in the database), the destination written first if the plan has not
 * written it yet, Zoom's early refusals retried for a short window (docs/plans.md#the-start-window).
 */
export interface PlanStarterDeps {
  zoom: ZoomClient;
  applier: PlanApplier;
  plans: Pick<PlansRepository, 'track' | 'event'>;
  claims: PlanClaims;
  live: Pick<LiveStore, 'record'>;
  cache: Pick<ReadCache, 'forgetHost'>;
  logger: Logger;
  now: () => number;
  /** Waits between start attempts; their sum is the window after which the plan gives up. */
  startWaitsMs: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  onStartDelay?: (seconds: number) => void;
}

/**
 * Refusals that pass once the meeting has been running a moment: 4927 "has not started" (webinars: code 200
 * "… has not started"), a rate limit, Zoom briefly unavailable. Anything else (no licence, encryption, no
 * stream configured) will not change by waiting.
 */
function worthRetrying(error: unknown): boolean {
  if (!(error instanceof ZoomApiError)) return !(error instanceof ReconnectRequiredError);
  if (error.status === 429 || error.status >= 500) return true;
  return error.status === 400 && (error.code === 4927 || (error.code === 200 && /has not started/i.test(error.message)));
}

/** A claim's lease outlives the whole start window (and a write of the settings before it) by a minute. */
const LEASE_MARGIN_MS = 60_000;

export function createPlanStarter(deps: PlanStarterDeps) {
  const { zoom, applier, plans, claims, logger, now } = deps;
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));
  const leaseMs = deps.startWaitsMs.reduce((sum, wait) => sum + wait, 0) + LEASE_MARGIN_MS;

  /** Zoom's 204 is the evidence: live since now, for every page and instance (as a start from the page is). */
  async function recordLive(plan: Plan, event: EventFacts): Promise<void> {
    const at = now();
    await deps.live.record({ kind: event.kind, eventId: event.id, hostId: plan.userId, state: 'live', at, liveSince: at })
      .catch((error: unknown) => logger.warn({ err: error }, 'live state not recorded'));
    await deps.cache.forgetHost(plan.userId).catch(() => undefined);
  }

  /** The attempts, until one is accepted, one is refused for good, or the window is over. */
  async function attempts(plan: Plan, event: EventFacts, startedAt?: number): Promise<PlanAction> {
    const settings = { display_name: (plan.displayName || plan.name).slice(0, 50), active_speaker_name: plan.activeSpeaker };
    const access = applier.accessOf(plan);
    let lastError: unknown;
    for (let attempt = 0; attempt <= deps.startWaitsMs.length; attempt += 1) {
      if (attempt > 0) await sleep(deps.startWaitsMs[attempt - 1]);
      try {
        await access((token) => zoom.updateLivestreamStatus(token, event.kind, event.id, { action: 'start', settings }));
        if (startedAt !== undefined) deps.onStartDelay?.((now() - startedAt) / 1000);
        await recordLive(plan, event);
        await applier.note(plan, event, 'started', attempt > 0 ? `attempts:${attempt + 1}` : '');
        return 'started';
      } catch (error) {
        lastError = error;
        if (!worthRetrying(error)) break;
        if (attempt === 0) await applier.note(plan, event, 'retrying', reasonOf(error));
      }
    }
    // Zoom refused the grant: the plans are paused until the host connects again (the banner says so).
    const action = lastError instanceof ReconnectRequiredError ? 'paused' : worthRetrying(lastError) ? 'gave_up' : 'refused';
    await applier.note(plan, event, action, reasonOf(lastError));
    return action;
  }

  /**
   * Starts the stream of a meeting (or webinar) instance that has just started, once. Paused (the grant
   * refused) gives the claim back: after the host connects again, the reconcile starts a meeting still running.
   */
  async function start(plan: Plan, event: EventFacts, instance: string, startedAt?: number): Promise<PlanAction | undefined> {
    if (!plan.autoStart) return undefined;
    const key = `start:${event.kind}:${event.id}:${instance}`;
    if (!(await claims.claim(key, plan.userId, leaseMs))) return undefined;
    try {
      // A plan deleted meanwhile acts no more (and keeps no claim of its user's).
      if (!(await plans.track(plan, event))) return void (await claims.release(key));
      // Never start to old settings: a plan that keeps them and has not written this event yet writes them first.
      if (plan.keepSettings && !(await plans.event(plan.id, event.kind, event.id))?.written) await applier.apply(plan, event);
      const action = await attempts(plan, event, startedAt);
      await (action === 'paused' ? claims.release(key) : claims.finish(key));
      return action;
    } catch (error) {
      // The database failed mid-way: the lease lets the reconcile take the start over once it runs out.
      logger.warn({ err: error, kind: event.kind, eventId: event.id }, 'plan start interrupted');
      return undefined;
    }
  }

  /** live_streaming_started after the plan's start: the log says Zoom confirmed it (once per instance). */
  async function confirm(plan: Plan, event: EventFacts, instance: string): Promise<void> {
    // Only a stream this app's plan started: one the host started in Zoom's client is theirs.
    if (!plan.autoStart || !(await claims.has(`start:${event.kind}:${event.id}:${instance}`))) return;
    if (await claims.claim(`confirm:${event.kind}:${event.id}:${instance}`, plan.userId)) await applier.note(plan, event, 'confirmed');
  }

  return { start, confirm };
}

/** What the events' side, the reconcile and the pages ask of a plan for one event. */
export type PlanActor = Pick<PlanApplier, 'apply'> & ReturnType<typeof createPlanStarter>;
