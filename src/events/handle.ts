import type { Logger } from 'pino';
import type { ReadCache } from '../cache/index';
import { UnstorableValueError } from '../db/errors';
import type { OnceKeys, UserSessionIndex } from '../sessions/store-types';
import type { Deauthorization } from '../zoom/webhook';
import { deauthorizeUser, type UserDataStores } from './deauthorize';
import type { LiveStore } from './live-store';
import type { EventNotice } from './zoom-events';
import type { PlanEvents } from '../plans/on-event';

/**
 * What a Zoom event does, once per delivery across instances: a meeting or webinar event records the live
 * state it tells and forgets the host's readings; app_deauthorized ends the user's sessions and deletes
 * their data. No Express here: the webhook route checks the signature, parses, calls these and answers.
 */
export interface EventHandlerDeps extends UserDataStores {
  /** The session store: its user index ends a user's sessions, its once-keys spot repeated deliveries. */
  sessions: UserSessionIndex & OnceKeys;
  live: Pick<LiveStore, 'record' | 'removeAllOf'>;
  cache: Pick<ReadCache, 'forgetHost' | 'forgetAccount'>;
  logger: Logger;
  /** Streaming plans act on what this event tells (after it is recorded; their work goes on after the answer). */
  planEvents?: Pick<PlanEvents, 'onNotice'>;
  /** The YouTube broadcasts the app made follow their event (youtube/on-event.ts; its shape only: no import cycle). */
  youtubeEvents?: { onNotice(notice: EventNotice): void };
}

export type EventOutcome =
  | { status: 'ok'; sessionsEnded?: number }
  | { status: 'duplicate' }
  /** The database refused a value the event carries: trying again stores nothing more. */
  | { status: 'invalid' };

/**
 * How long a handled delivery is remembered. A signed request is accepted within 5 minutes of its
 * timestamp, so a replay comes well within this; a later Zoom retry is harmless anyway.
 */
const DELIVERY_MEMORY_MS = 24 * 3600_000;

export function createEventHandler(deps: EventHandlerDeps) {
  const { sessions, live, cache, logger } = deps;

  /**
   * Does the work once across instances (Zoom retries, a replay within the signature's 5 minutes). The claim
   * is released when the work fails for want of a store, so Zoom's retry (after our 503) does it again; a
   * value the database refuses keeps the claim, since a retry would fail the same way.
   */
  async function once(key: string, work: () => Promise<EventOutcome>): Promise<EventOutcome> {
    if (!(await sessions.rememberOnce(`webhook:${key}`, DELIVERY_MEMORY_MS))) {
      logger.info('webhook: duplicate delivery ignored');
      return { status: 'duplicate' };
    }
    try {
      return await work();
    } catch (error) {
      if (error instanceof UnstorableValueError) {
        // The code only: the database's message can quote the value.
        logger.error({ code: error.code }, 'unexpected zoom event: a value the database cannot keep');
        return { status: 'invalid' };
      }
      await sessions.forget(`webhook:${key}`).catch(() => undefined);
      throw error;
    }
  }

  /** The host's readings, or (no host named) those of every host of the account; how many hosts. */
  async function forgetReadings(hostId: string, accountId: string): Promise<number> {
    if (!hostId) return cache.forgetAccount(accountId);
    await cache.forgetHost(hostId);
    return 1;
  }

  /**
   * A meeting or webinar event: the live state it tells (older evidence never overwrites newer), then the
   * host's cached readings are forgotten on every instance, so the next page view reads Zoom again. An event
   * that names no host (meeting.updated: only the account) forgets the readings of that account's hosts.
   * Only names and IDs are logged: a live streaming event carries the stream key.
   */
  function applyNotice(notice: EventNotice, deliveryKey: string): Promise<EventOutcome> {
    return once(deliveryKey, async () => {
      const { name, kind, eventId, hostId, accountId, at } = notice;
      if (notice.live && hostId) await live.record({ kind, eventId, hostId, at, state: notice.live.state, liveSince: notice.live.since });
      const hostsForgotten = await forgetReadings(hostId, accountId);
      logger.info({ zoomEvent: name, kind, eventId, hostId, hostsForgotten }, 'zoom event applied');
      deps.planEvents?.onNotice(notice);
      deps.youtubeEvents?.onNotice(notice);
      return { status: 'ok' };
    });
  }

  /** app_deauthorized: if ending or deleting fails (a store or the database down: 503, Zoom retries) the claim is released. */
  function deauthorize({ userId, at, deliveryKey }: Deauthorization): Promise<EventOutcome> {
    return once(deliveryKey, async () => {
      const { sessionsEnded, ...removed } = await deauthorizeUser(userId, at, deps);
      logger.info({ ended: sessionsEnded, ...removed }, 'app deauthorized: sessions ended, saved data deleted');
      return { status: 'ok', sessionsEnded };
    });
  }

  return { applyNotice, deauthorize };
}

export type EventHandler = ReturnType<typeof createEventHandler>;
