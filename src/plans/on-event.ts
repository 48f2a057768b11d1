import type { Logger } from 'pino';
import type { GrantKeeper } from '../credentials/grant-keeper';
import type { EventNotice } from '../events/zoom-events';
import type { ZoomClient } from '../zoom/client';
import type { PlanAccess } from './access';
import type { PlanActor } from './start';
import type { PlanClaims } from './log';
import { coveringPlan, instanceOf, planCovers, type EventFacts } from './match';
import type { PlansRepository } from './repository';

/**
 * The plans' side of Zoom's events: a meeting or webinar created or updated that a plan covers gets its settings;
 * one that started gets its stream started; live_streaming_started is the confirmation. Nothing happens for a
 * host without a plan on, or whose grant Zoom refused (paused until they connect again).
 *
 * The webhook is answered before this work ends (a start may retry for a minute; Zoom wants its answer within
 * 3 seconds): `settled()` resolves when the work begun so far is over (tests, graceful shutdown).
 */
export interface PlanEventDeps {
  zoom: ZoomClient;
  grants: Pick<GrantKeeper, 'statusOf'>;
  access: PlanAccess;
  plans: PlansRepository;
  actor: PlanActor;
  claims: Pick<PlanClaims, 'claim'>;
  logger: Logger;
}

const SETTINGS_EVENTS = /\.(created|updated)$/;
const START_EVENTS = /\.started$/;

export function createPlanEvents({ zoom, grants, access, plans, actor, claims, logger }: PlanEventDeps) {
  const inFlight = new Set<Promise<void>>();

  /**
   * The event as Zoom has it now, read with the user's grant (created/updated events may carry only what
   * changed); undefined when it is not this user's (an event that named no host, read for each planning host of
   * its account) or Zoom will not give it to them.
   */
  async function factsOf(userId: string, notice: EventNotice): Promise<EventFacts | undefined> {
    const details = await access(notice.accountId, userId, (token) => zoom.getEvent(token, notice.kind, notice.eventId))
      .catch((error: unknown) => {
        if (notice.hostId) throw error;
        return undefined;
      });
    if (!details || (!notice.hostId && details.host_id !== undefined && details.host_id !== userId)) return undefined;
    return { kind: notice.kind, id: notice.eventId, topic: details.topic };
  }

  /** Who the event may concern: its host, or (meeting.updated names none) every host of its account with a plan on. */
  async function usersOf(notice: EventNotice): Promise<string[]> {
    if (notice.hostId) return [notice.hostId];
    return notice.accountId ? plans.usersOfAccount(notice.accountId) : [];
  }

  async function actFor(userId: string, notice: EventNotice, kindOf: { isSettings: boolean; isStart: boolean }): Promise<void> {
    const { isSettings, isStart } = kindOf;
    const enabled = await plans.enabledOf(userId);
    if (enabled.length === 0 || (await grants.statusOf(userId)) !== 'active') return;
    // One delivery delivered to two instances (or retried by Zoom) is acted on once; a start is claimed per
    // meeting instance besides (actor.start), which also covers a replay with a new timestamp.
    if (isSettings && !(await claims.claim(`event:${notice.name}:${notice.kind}:${notice.eventId}:${notice.at}:${userId}`, userId))) return;
    const tracked = await plans.eventsOfUser(userId);
    // The topic only when a rule needs it: a series or a picked event is known by its ID alone.
    const known: EventFacts = { kind: notice.kind, id: notice.eventId, topic: tracked.find((e) => e.kind === notice.kind && e.id === notice.eventId)?.topic ?? '' };
    const needsTopic = isSettings || enabled.some((plan) => plan.rule && !planCovers(plan, known, tracked));
    const event = needsTopic ? await factsOf(userId, notice) : known;
    if (!event) return;
    const plan = coveringPlan(enabled, event, tracked);
    if (!plan) return;
    const instance = instanceOf(notice.uuid, notice.at);
    if (isSettings) await actor.apply(plan, event);
    else if (isStart) await actor.start(plan, event, instance, notice.at);
    else await actor.confirm(plan, event, instance);
  }

  async function act(notice: EventNotice): Promise<void> {
    // Deleted in Zoom (the whole event): the plans' pages stop listing it; nothing is sent to Zoom.
    if (notice.deletedWhole && notice.hostId) return void (await plans.forgetEvent(notice.hostId, notice.kind, notice.eventId));
    const isSettings = SETTINGS_EVENTS.test(notice.name);
    const isStart = START_EVENTS.test(notice.name);
    if (!(isSettings || isStart || notice.name === 'meeting.live_streaming_started')) return;
    for (const userId of await usersOf(notice)) await actFor(userId, notice, { isSettings, isStart });
  }

  /** Begins the plans' work for this event and returns at once; failures are logged (the reconcile catches up). */
  function onNotice(notice: EventNotice): void {
    const work = act(notice).catch((error: unknown) => {
      logger.warn({ err: error, zoomEvent: notice.name, kind: notice.kind, eventId: notice.eventId }, 'plan did not act on a zoom event');
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  async function settled(): Promise<void> {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  return { onNotice, settled };
}

export type PlanEvents = ReturnType<typeof createPlanEvents>;
