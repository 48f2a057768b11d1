import type { Logger } from 'pino';
import type { ReadCache } from '../cache';
import type { TokenKeeper } from '../credentials/keeper';
import type { ChangeSource, HistoryRepository, StreamSettings } from '../destinations/types';
import type { EventKind, LivestreamUpdate, ZoomClient } from '../zoom/client';
import { ChangedSinceError, mayHaveLanded, OutcomeUnknownError } from './errors';
import { afterOf, sameSettings, settingsOf } from './settings';

export { ChangedSinceError, OutcomeUnknownError };

/**
 * The ONE way to change a meeting's or webinar's live stream settings, whoever asks: the form, Restore, a
 * bulk job's item, and every actor without a host at a page (a plan on a webhook, a timer). Four steps:
 * read Zoom's settings just before (for the history and the host's notice; never the browser's idea of
 * them), PATCH, forget the host's cached readings (on every instance), record the change in the history.
 * No Express here: a caller names the host by session id (or, later, user id) and says how its calls reach
 * Zoom (`access`), so a job can pace and guard each call while a page calls straight through.
 */
export interface ChangeDeps {
  zoom: ZoomClient;
  history?: Pick<HistoryRepository, 'record' | 'get'>;
  /** The host's readings are stale once the change is made: the next page reads Zoom again. */
  cache?: Pick<ReadCache, 'forgetHost'>;
  logger?: Logger;
}

/** How a change's Zoom calls reach Zoom with the host's token: wraps each call (a job paces and guards it here). */
export type ZoomAccess = <T>(request: (accessToken: string) => Promise<T>) => Promise<T>;

export interface StreamChange {
  /** The Zoom user whose event it is: the history and the cache are theirs. */
  userId: string;
  kind: EventKind;
  eventId: string;
  update: LivestreamUpdate;
  source: ChangeSource;
  access: ZoomAccess;
  /** Zoom's settings before, when the caller already read and kept them (a job item retried after a crash). */
  before?: StreamSettings;
  /** Told of the settings read before the PATCH, before it goes out (a job keeps them for its Undo). */
  onBefore?: (before: StreamSettings) => Promise<void>;
  /** The history entry's id: a job passes its item's, so an item applied twice is recorded once. */
  historyId?: string;
  /**
   * What the event must hold now for the change to go out (a job's Undo: what the job wrote). When the read
   * before differs, ChangedSinceError is thrown and nothing is sent: a later edit is never overwritten.
   */
  expect?: StreamSettings;
  /**
   * Asked right before the history is recorded: false when the actor's data was deleted meanwhile (the host
   * deauthorized the app while a job's PATCH was in flight). Nothing is recorded then.
   */
  mayRecord?: () => Promise<boolean>;
}

export interface ChangeResult {
  /** Zoom's settings just before. */
  before: StreamSettings;
  after: StreamSettings;
  /** False when Zoom already held these settings: the PATCH still went out, nothing was recorded in the history. */
  changed: boolean;
}

/** A host's calls by session id, through the token keeper (which refreshes, and updates `live` when a page passes its session). */
export function asSession(tokens: Pick<TokenKeeper, 'withAccessToken'>, sessionId: string, live?: Parameters<TokenKeeper['withAccessToken']>[2]): ZoomAccess {
  return (request) => tokens.withAccessToken(sessionId, request, live);
}

export function createStreamChanger({ zoom, history, cache, logger }: ChangeDeps) {
  /**
   * Zoom's settings now. A change whose "before" Zoom will not give is not made (whatever stopped the read
   * is thrown): the history, the host's notice and a job's Undo all rest on it, for every caller alike.
   */
  async function readBefore(change: StreamChange): Promise<StreamSettings> {
    return settingsOf(await change.access((token) => zoom.getLivestream(token, change.kind, change.eventId)));
  }

  async function forgetReadings(userId: string): Promise<void> {
    await cache?.forgetHost(userId).catch((error: unknown) => logger?.warn({ err: error }, 'read cache not cleared after a change'));
  }

  /** Records a change Zoom accepted, once per history id. A failure here never undoes the change: it is logged. */
  async function record(change: StreamChange, before: StreamSettings, after: StreamSettings): Promise<void> {
    if (!history) return;
    const { userId, kind, eventId, source, historyId } = change;
    try {
      if (change.mayRecord && !(await change.mayRecord())) return;
      if (historyId && (await history.get(userId, historyId))) return;
      await history.record({ id: historyId, userId, kind, eventId, source, before, after });
    } catch (error) {
      logger?.error({ err: error, kind, eventId }, 'change not recorded in the history');
    }
  }

  /**
   * The PATCH; when it may have reached Zoom without an answer (a timeout after sending), Zoom is read again:
   * holding what was written, it was applied; otherwise OutcomeUnknownError (Zoom may still apply it).
   */
  async function send(change: StreamChange, before: StreamSettings, after: StreamSettings): Promise<void> {
    try {
      await change.access((token) => zoom.updateLivestream(token, change.kind, change.eventId, change.update));
    } catch (error) {
      if (!mayHaveLanded(error)) throw error;
      const now = await readBefore(change).catch(() => undefined);
      if (!now || !sameSettings(now, after)) throw new OutcomeUnknownError(error, before);
      logger?.info({ kind: change.kind, eventId: change.eventId }, 'Zoom applied a change it did not answer in time');
    }
  }

  /**
   * Read before → PATCH → forget readings → record. Throws what Zoom (or the way to it) threw, ChangedSinceError
   * or OutcomeUnknownError; nothing is recorded then.
   */
  async function changeStream(change: StreamChange): Promise<ChangeResult> {
    let before = change.before;
    if (!before || change.expect) {
      const read = await readBefore(change);
      // Already what this change writes (a retry after a crash mid-change): sending it again harms nothing.
      if (change.expect && !sameSettings(read, change.expect) && !sameSettings(read, afterOf(before ?? read, change.update))) {
        throw new ChangedSinceError(read);
      }
      before ??= read;
      if (!change.before) await change.onBefore?.(before);
    }
    const after = afterOf(before, change.update);
    // Sent even when it changes nothing: a save is the host's (or a job's) request and Zoom's answer to it is the
    // truth (a licence gone, a refusal); only the history keeps no entry that changes nothing.
    const changed = !sameSettings(before, after);
    await send(change, before, after);
    await forgetReadings(change.userId);
    if (changed) await record(change, before, after);
    return { before, after, changed };
  }

  return { changeStream };
}

export type StreamChanger = ReturnType<typeof createStreamChanger>;
