import type { Logger } from 'pino';
import type { GrantKeeper } from '../credentials/grant-keeper';
import type { EventNotice } from '../events/zoom-events';
import type { ZoomClient } from '../zoom/client';
import type { PlanActor } from './actor';
import { planCovers, type EventFacts } from './match';
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
  grants: Pick<GrantKeeper, 'withUserToken' | 'statusOf'>;
  plans: PlansRepository;
  actor: PlanActor;
  logger: Logger;
}

const SETTINGS_EVENTS = /\.(created|updated)$/;
const START_EVENTS = /\.started$/;

export function createPlanEvents({ zoom, grants, plans, actor, logger }: PlanEventDeps) {
  const inFlight = new Set<Promise<void>>();

  /** The event's topic from Zoom, with the host's grant (created/updated events may carry only what changed). */
  async function factsOf(userId: string, notice: EventNotice): Promise<EventFacts> {
    const details = await grants.withUserToken(userId, (token) => zoom.getEvent(token, notice.kind, notice.eventId));
    return { kind: notice.kind, id: notice.eventId, topic: details.topic };
  }

  async function act(notice: EventNotice): Promise<void> {
    const userId = notice.hostId;
    const isSettings = SETTINGS_EVENTS.test(notice.name);
    const isStart = START_EVENTS.test(notice.name);
    const isConfirm = notice.name === 'meeting.live_streaming_started';
    if (!userId || !(isSettings || isStart || isConfirm)) return;
    const enabled = await plans.enabledOf(userId);
    if (enabled.length === 0 || (await grants.statusOf(userId)) !== 'active') return;
    const tracked = await plans.eventsOfUser(userId);
    // The topic only when a rule needs it: a series or a picked event is known by its ID alone.
    const known: EventFacts = { kind: notice.kind, id: notice.eventId, topic: tracked.find((e) => e.kind === notice.kind && e.id === notice.eventId)?.topic ?? '' };
    const needsTopic = isSettings || enabled.some((plan) => plan.rule && !planCovers(plan, known, tracked));
    const event = needsTopic ? await factsOf(userId, notice) : known;
    const instance = notice.uuid ?? `at:${Math.floor(notice.at / 3600_000)}`;
    for (const plan of enabled.filter((candidate) => planCovers(candidate, event, tracked))) {
      if (isSettings) await actor.apply(plan, event);
      else if (isStart) await actor.start(plan, event, instance, notice.at);
      else await actor.confirm(plan, event, instance);
    }
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
