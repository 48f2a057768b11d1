import type { Logger } from 'pino';
import type { GrantKeeper } from '../credentials/grant-keeper';
import type { TokenKeeper } from '../credentials/keeper';
import type { DestinationsRepository } from '../destinations/types';
import type { EventNotice } from '../events/zoom-events';
import { asSession, type StreamChanger, type ZoomAccess } from '../livestream/change';
import { settingsOf } from '../livestream/settings';
import type { UserSessionIndex } from '../sessions/store-types';
import type { EventDetails, ZoomClient } from '../zoom/client';
import type { BroadcastRepository, StoredBroadcast } from './broadcast-repository';
import { WATCH_URL, type Broadcasts } from './broadcasts';

/**
 * Zoom's events kept in step with the broadcasts the app made (issue 24), after the webhook has answered:
 * - `*.updated`: each of the event's broadcasts takes its (occurrence's) new start and the topic in its title;
 * - `*.deleted`: the app's broadcasts of the event (or of the occurrences deleted) are deleted on YouTube, unless
 *   they went live (the recording stays); a broadcast the host made in Studio is never touched;
 * - `*.ended` of a series: Zoom's one page_url moves on to the next occurrence's watch page, unless the host has
 *   put another page there (only a watch page of the app's own broadcasts of this event is moved).
 */
export interface YouTubeEventsDeps {
  repository: Pick<BroadcastRepository, 'ownersOfEvent' | 'broadcastsOfEvent' | 'streamById'>;
  broadcasts: Pick<Broadcasts, 'moveFor' | 'removeFor'>;
  destinations: Pick<DestinationsRepository, 'get'>;
  zoom: Pick<ZoomClient, 'getEvent' | 'getLivestream'>;
  changer: Pick<StreamChanger, 'changeStream'>;
  /** The host's Zoom calls without a page (see hostAccess); undefined when the app has no way to call for them. */
  accessFor: (userId: string) => Promise<ZoomAccess | undefined>;
  logger: Logger;
}

/** A host's Zoom calls from background work: their grant (plans) when they have one, else one of their sessions. */
export function hostAccess({ grants, sessions, tokens }: { grants: Pick<GrantKeeper, 'exists' | 'withUserToken'>; sessions: Pick<UserSessionIndex, 'sessionsOfUser'>; tokens: Pick<TokenKeeper, 'withAccessToken'> }) {
  return async function accessFor(userId: string): Promise<ZoomAccess | undefined> {
    if (await grants.exists(userId)) return (request) => grants.withUserToken(userId, request);
    const [sid] = await sessions.sessionsOfUser(userId);
    return sid ? asSession(tokens, sid) : undefined;
  };
}

/** When the (occurrence's) broadcast starts now: the occurrence's own start for a series, the event's otherwise. */
function startOf(details: EventDetails, row: StoredBroadcast): string | undefined {
  if (!row.occurrence_id) return details.start_time;
  return details.occurrences?.find((one) => one.occurrence_id === row.occurrence_id)?.start_time;
}

export function createYouTubeEvents(deps: YouTubeEventsDeps) {
  const { repository, broadcasts, logger } = deps;
  const inFlight = new Set<Promise<void>>();

  async function titlePatternOf(userId: string, row: StoredBroadcast): Promise<string | undefined> {
    const stream = row.stream_id ? await repository.streamById(userId, row.stream_id) : undefined;
    const destination = stream ? await deps.destinations.get(userId, stream.destination_key) : undefined;
    return destination?.youtube?.titlePattern || undefined;
  }

  async function moved(userId: string, notice: EventNotice): Promise<void> {
    const access = await deps.accessFor(userId);
    if (!access) return;
    const details = await access((token) => deps.zoom.getEvent(token, notice.kind, notice.eventId));
    for (const row of await repository.broadcastsOfEvent(userId, notice.kind, notice.eventId)) {
      const startTime = startOf(details, row);
      if (!startTime) continue;
      const event = { kind: notice.kind, id: notice.eventId, topic: details.topic, startTime, timezone: details.timezone, occurrenceId: row.occurrence_id || undefined };
      const outcome = await broadcasts.moveFor(userId, event, await titlePatternOf(userId, row));
      if (outcome === 'moved') logger.info({ kind: notice.kind, eventId: notice.eventId, broadcastId: row.broadcast_id }, 'youtube broadcast moved with its zoom event');
    }
  }

  async function deleted(userId: string, notice: EventNotice): Promise<void> {
    const occurrences = notice.deletedWhole ? [undefined] : notice.occurrenceIds ?? [];
    for (const occurrenceId of occurrences) {
      const removed = await broadcasts.removeFor(userId, notice.kind, notice.eventId, occurrenceId);
      if (removed > 0) logger.info({ kind: notice.kind, eventId: notice.eventId, occurrenceId, removed }, 'youtube broadcasts of a deleted zoom event removed');
    }
  }

  /**
   * After an occurrence: Zoom's watch page moves from the broadcast it shows to the next one of the series (by
   * scheduled start). Only a watch page of the app's own broadcasts of this event is moved: one the host typed stays.
   */
  async function ended(userId: string, notice: EventNotice): Promise<void> {
    const rows = (await repository.broadcastsOfEvent(userId, notice.kind, notice.eventId)).filter((row) => row.occurrence_id !== '');
    if (rows.length < 2) return;
    const access = await deps.accessFor(userId);
    if (!access) return;
    const current = settingsOf(await access((token) => deps.zoom.getLivestream(token, notice.kind, notice.eventId)));
    const shown = rows.findIndex((row) => WATCH_URL + row.broadcast_id === current.page_url);
    const next = shown >= 0 ? rows[shown + 1] : undefined;
    if (!next) return;
    await deps.changer.changeStream({
      userId, kind: notice.kind, eventId: notice.eventId, source: 'youtube', access, before: current,
      update: { stream_url: current.stream_url, stream_key: current.stream_key, page_url: WATCH_URL + next.broadcast_id },
    });
    logger.info({ kind: notice.kind, eventId: notice.eventId, broadcastId: next.broadcast_id }, 'zoom watch page moved to the next occurrence\'s broadcast');
  }

  async function act(notice: EventNotice): Promise<void> {
    const kind = notice.name.slice(notice.name.indexOf('.') + 1);
    if (kind !== 'updated' && kind !== 'deleted' && kind !== 'ended') return;
    // Whose broadcasts the event has: one query; an event the app made no broadcast for costs nothing more.
    const owners = await repository.ownersOfEvent(notice.kind, notice.eventId);
    for (const userId of owners) {
      if (kind === 'updated') await moved(userId, notice);
      else if (kind === 'deleted') await deleted(userId, notice);
      else await ended(userId, notice);
    }
  }

  /** Called by the webhook after the event is recorded; the work goes on after Zoom has its answer. */
  function onNotice(notice: EventNotice): void {
    const work = act(notice).catch((error: unknown) => {
      logger.warn({ err: error, zoomEvent: notice.name, kind: notice.kind, eventId: notice.eventId }, 'youtube broadcasts not kept in step with a zoom event');
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  /** Resolves once no work begun by Zoom's events is under way (tests, shutdown). */
  async function settled(): Promise<void> {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  return { onNotice, settled };
}

export type YouTubeEvents = ReturnType<typeof createYouTubeEvents>;
