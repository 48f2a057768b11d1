import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ReadCache } from '../cache';
import type { DestinationsRepository } from '../destinations/types';
import type { LiveStore } from '../events/live-store';
import { ChangedSinceError, type StreamChanger } from '../livestream/change';
import { restoreUpdate, sameSettings, settingsOf } from '../livestream/settings';
import type { ZoomClient } from '../zoom/client';
import { ReconnectRequiredError, ZoomApiError } from '../zoom/errors';
import type { PlanAccess } from './access';
import type { EventFacts } from './match';
import type { PlanClaims, PlanLog } from './log';
import type { PlansRepository } from './repository';
import type { Plan, PlanAction } from './types';

/**
 * What a plan does to one event, whoever noticed it (a Zoom event, the reconcile): apply the destination's
 * settings through livestream/change, never over a hand edit; start the stream once per meeting instance,
 * retrying Zoom's early refusals for a short window. It acts with the host's grant, paced per account.
 */
export interface PlanActorDeps {
  zoom: ZoomClient;
  changer: StreamChanger;
  /** The host's calls: grant, pacing, a burst's 429 waited out (access.ts). */
  access: PlanAccess;
  plans: PlansRepository;
  log: PlanLog;
  claims: PlanClaims;
  destinations: Pick<DestinationsRepository, 'get'>;
  live: Pick<LiveStore, 'record'>;
  cache: Pick<ReadCache, 'forgetHost'>;
  logger: Logger;
  now: () => number;
  /** Waits between start attempts; their sum is the window after which the plan gives up (see docs/plans.md). */
  startWaitsMs: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Metrics observers (deps.ts hands them when METRICS_TOKEN is set). */
  onAction?: (action: PlanAction) => void;
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

/** Zoom's answer as the log keeps it: status, code, message (no secret is in Zoom's error bodies). */
export function reasonOf(error: unknown): string {
  if (error instanceof ZoomApiError) return `${error.status}${error.code !== undefined ? ` ${error.code}` : ''}: ${error.message}`;
  if (error instanceof ReconnectRequiredError) return 'reconnect';
  return error instanceof Error ? error.name : 'error';
}

export function createPlanActor(deps: PlanActorDeps) {
  const { zoom, changer, plans, log, claims, destinations, logger, now } = deps;
  const chains = new Map<string, Promise<unknown>>();

  /** Runs work after the work already queued under this key (a promise chain per key, dropped when idle). */
  function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const next = (chains.get(key) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => chains.get(key) === tail && chains.delete(key));
    return next;
  }
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));

  /** The host's Zoom calls: their grant, paced within their account's rate (shared with jobs and pages). */
  const accessOf = (plan: Plan) => <T>(request: (token: string) => Promise<T>) => deps.access(plan.accountId, plan.userId, request);

  /** One line of the plan's log (and the operator's count); a database that cannot take it costs only the line. */
  async function note(plan: Plan, event: EventFacts, action: PlanAction, detail?: string, historyId?: string): Promise<void> {
    deps.onAction?.(action);
    await log.add({ planId: plan.id, userId: plan.userId, kind: event.kind, eventId: event.id, action, detail, historyId })
      .catch((error: unknown) => logger.warn({ err: error, planId: plan.id }, 'plan log not written'));
  }

  /**
   * Keeps the event's settings equal to the plan's destination. Reads first (no PATCH when Zoom already holds
   * them: the daily update limit is 100 per user); holding something other than what the plan last wrote is a
   * hand edit: reported once, left alone. `force` is the host's "Apply the plan's destination again".
   */
  function apply(plan: Plan, event: EventFacts, force = false): Promise<PlanAction | undefined> {
    if (!plan.keepSettings) return Promise.resolve(undefined);
    // One at a time per plan and event in this process: the meeting.updated that the plan's own PATCH causes
    // is looked at after the plan has recorded what it wrote, so it reads as the plan's, not as a hand edit.
    return oneAtATime(`${plan.id}:${event.kind}:${event.id}`, () => applyNow(plan, event, force));
  }

  async function applyNow(plan: Plan, event: EventFacts, force: boolean): Promise<PlanAction | undefined> {
    await plans.track(plan, event);
    const tracked = await plans.event(plan.id, event.kind, event.id);
    if (!force && (tracked?.left || tracked?.conflict)) return undefined;
    const destination = await destinations.get(plan.userId, plan.destinationId);
    if (!destination) return void (await note(plan, event, 'refused', 'destinationMissing'));
    const update = restoreUpdate(destination);
    const access = accessOf(plan);
    try {
      const before = settingsOf(await access((token) => zoom.getLivestream(token, event.kind, event.id)));
      const target = { ...settingsOf(update), resolution: update.resolution ?? before.resolution };
      if (sameSettings(before, target)) {
        if (!tracked?.written || !sameSettings(tracked.written, target) || tracked.conflict) {
          await plans.recordWritten(plan.id, event.kind, event.id, target);
          await note(plan, event, 'unchanged');
        }
        return 'unchanged';
      }
      if (!force && tracked?.written && !sameSettings(before, tracked.written)) throw new ChangedSinceError(before);
      const historyId = randomUUID();
      const result = await changer.changeStream({ userId: plan.userId, kind: event.kind, eventId: event.id, update, source: 'plan', access, before, historyId });
      await plans.recordWritten(plan.id, event.kind, event.id, result.after);
      const action = force ? 'reapplied' : 'applied';
      await note(plan, event, action, '', result.changed ? historyId : undefined);
      return action;
    } catch (error) {
      if (error instanceof ChangedSinceError) {
        await plans.markConflict(plan.id, event.kind, event.id);
        await note(plan, event, 'conflict');
        return 'conflict';
      }
      if (error instanceof ReconnectRequiredError) return void (await note(plan, event, 'paused', 'reconnect'));
      await note(plan, event, 'refused', reasonOf(error));
      return 'refused';
    }
  }

  /**
   * Starts the stream of a meeting (or webinar) instance that has just started, once across deliveries and
   * instances (the claim); Zoom's early refusals are retried with backoff until the window is over.
   */
  async function start(plan: Plan, event: EventFacts, instance: string, startedAt?: number): Promise<PlanAction | undefined> {
    if (!plan.autoStart) return undefined;
    if (!(await claims.claim(`start:${event.kind}:${event.id}:${instance}`, plan.userId))) return undefined;
    // Never start to old settings: a plan that keeps them and has not written this event yet writes them first.
    await plans.track(plan, event);
    if (plan.keepSettings && !(await plans.event(plan.id, event.kind, event.id))?.written) await apply(plan, event);
    const settings = { display_name: (plan.displayName || plan.name).slice(0, 50), active_speaker_name: plan.activeSpeaker };
    const access = accessOf(plan);
    let lastError: unknown;
    for (let attempt = 0; attempt <= deps.startWaitsMs.length; attempt += 1) {
      if (attempt > 0) await sleep(deps.startWaitsMs[attempt - 1]);
      try {
        await access((token) => zoom.updateLivestreamStatus(token, event.kind, event.id, { action: 'start', settings }));
        if (startedAt !== undefined) deps.onStartDelay?.((now() - startedAt) / 1000);
        await recordLive(plan, event);
        await note(plan, event, 'started', attempt > 0 ? `attempts:${attempt + 1}` : '');
        return 'started';
      } catch (error) {
        lastError = error;
        if (!worthRetrying(error)) break;
        if (attempt === 0) await note(plan, event, 'retrying', reasonOf(error));
      }
    }
    // Zoom refused the grant: the plans are paused until the host connects again (the banner says so).
    const action = lastError instanceof ReconnectRequiredError ? 'paused' : worthRetrying(lastError) ? 'gave_up' : 'refused';
    await note(plan, event, action, reasonOf(lastError));
    return action;
  }

  /** Zoom's 204 is the evidence: live since now, for every page and instance (as a start from the page is). */
  async function recordLive(plan: Plan, event: EventFacts): Promise<void> {
    const at = now();
    await deps.live.record({ kind: event.kind, eventId: event.id, hostId: plan.userId, state: 'live', at, liveSince: at })
      .catch((error: unknown) => logger.warn({ err: error }, 'live state not recorded'));
    await deps.cache.forgetHost(plan.userId).catch(() => undefined);
  }

  /** live_streaming_started after the plan's start: the log says Zoom confirmed it (once per instance). */
  async function confirm(plan: Plan, event: EventFacts, instance: string): Promise<void> {
    // Only a stream this app's plan started: one the host started in Zoom's client is theirs.
    if (!plan.autoStart || !(await claims.has(`start:${event.kind}:${event.id}:${instance}`))) return;
    if (await claims.claim(`confirm:${event.kind}:${event.id}:${instance}`, plan.userId)) await note(plan, event, 'confirmed');
  }

  return { apply, start, confirm };
}

export type PlanActor = ReturnType<typeof createPlanActor>;
