import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DestinationsRepository } from '../destinations/types';
import { ChangedSinceError, type StreamChanger } from '../livestream/change';
import { sameSettings, settingsOf } from '../livestream/settings';
import { QuotaExhaustedError } from '../youtube/quota';
import { YOUTUBE_REASON_PREFIX, youtubeReasonOf } from '../youtube/reasons';
import { createDestinationTargets, type TargetsDeps } from '../youtube/targets';
import type { ZoomClient } from '../zoom/client';
import { ReconnectRequiredError, ZoomApiError } from '../zoom/errors';
import type { PlanAccess } from './access';
import type { EventFacts } from './match';
import type { PlanLog } from './log';
import type { PlansRepository } from './repository';
import type { Plan, PlanAction } from './types';

/**
 * What a plan does to one event's settings, whoever noticed it (a Zoom event, the reconcile, the host's "Apply
 * again"): keep them equal to the plan's destination through livestream/change, never over a hand edit. It
 * acts with the host's grant, paced per account (access.ts). Starting the stream is start.ts.
 */
export interface PlanActorDeps {
  zoom: ZoomClient;
  changer: StreamChanger;
  /** The host's calls: grant, pacing, a burst's 429 waited out (access.ts). */
  access: PlanAccess;
  plans: PlansRepository;
  log: PlanLog;
  destinations: Pick<DestinationsRepository, 'get'>;
  /** YouTube's broadcasts, when Google is configured: a YouTube destination makes each event's own first. */
  broadcasts?: TargetsDeps['broadcasts'];
  now: () => number;
  logger: Logger;
  /** Metrics observer (deps.ts hands it when METRICS_TOKEN is set). */
  onAction?: (action: PlanAction) => void;
}

/** The log's detail while YouTube's quota for the day is spent. */
const YOUTUBE_QUOTA_DETAIL = `${YOUTUBE_REASON_PREFIX}quotaExceeded`;

/** Zoom's answer as the log keeps it: status, code, message (no secret is in Zoom's error bodies). */
export function reasonOf(error: unknown): string {
  if (error instanceof ZoomApiError) return `${error.status}${error.code !== undefined ? ` ${error.code}` : ''}: ${error.message}`;
  if (error instanceof ReconnectRequiredError) return 'reconnect';
  const youtube = youtubeReasonOf(error);
  if (youtube) return youtube;
  return error instanceof Error ? error.name : 'error';
}

export function createPlanActor(deps: PlanActorDeps) {
  const { zoom, changer, plans, log, destinations, logger } = deps;
  const targets = createDestinationTargets({ zoom, broadcasts: deps.broadcasts, now: deps.now });
  const chains = new Map<string, Promise<unknown>>();

  /** Runs work after the work already queued under this key (a promise chain per key, dropped when idle). */
  function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const next = (chains.get(key) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => chains.get(key) === tail && chains.delete(key));
    return next;
  }

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
    if (!(await plans.track(plan, event))) return undefined;
    const tracked = await plans.event(plan.id, event.kind, event.id);
    if (!force && (tracked?.left || tracked?.conflict)) return undefined;
    const destination = await destinations.get(plan.userId, plan.destinationId);
    if (!destination) return void (await note(plan, event, 'refused', 'destinationMissing'));
    const access = accessOf(plan);
    try {
      const before = settingsOf(await access((token) => zoom.getLivestream(token, event.kind, event.id)));
      // A YouTube destination's broadcasts as the app recorded them (no YouTube call each reconcile); new ones made.
      // Zoom's watch page already moved on to a later occurrence's broadcast is the destination's too, not a hand edit.
      const { update } = await targets.targetFor(plan.userId, destination, event.kind, event.id, access, { trust: true, current: before });
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
      if (error instanceof QuotaExhaustedError) {
        // YouTube's day is spent: the next round after midnight Pacific goes on. Said once, not every round till then.
        const said = await log.lastIs(plan.id, event.kind, event.id, 'paused', YOUTUBE_QUOTA_DETAIL).catch(() => false);
        if (!said) await note(plan, event, 'paused', YOUTUBE_QUOTA_DETAIL);
        return undefined;
      }
      await note(plan, event, 'refused', reasonOf(error));
      return 'refused';
    }
  }

  return { apply, note, accessOf };
}

export type PlanApplier = ReturnType<typeof createPlanActor>;
