import type { AppDatabase, LiveStatesTable } from '../db/types';
import { guarded } from '../db/errors';
import type { EventKind } from '../zoom/client';

/**
 * Live state, where every instance reads it (the app's database): per meeting or webinar, whether it is
 * in progress, streaming, or has ended, and since when. Evidence comes from Zoom's events and from starts
 * and stops made through the app; each piece carries its time, and older evidence never overwrites newer
 * (Zoom does not promise to deliver events in order, and retries them).
 */
export type LiveStateName = 'started' | 'live' | 'ended';

export interface LiveEvidence {
  kind: EventKind;
  eventId: string;
  hostId: string;
  state: LiveStateName;
  /** Epoch ms the stream went live: only with state 'live'. */
  liveSince?: number;
  /** Epoch ms of the evidence (Zoom's event_ts, or the app's clock). */
  at: number;
}

export interface LiveStore {
  /** Keeps this evidence unless newer evidence about the same event is kept already. */
  record(evidence: LiveEvidence): Promise<void>;
  /** What is known of one event, only if it was recorded for this host: another host's evidence is never theirs to see. */
  ofEvent(kind: EventKind, eventId: string, hostId: string): Promise<LiveEvidence | undefined>;
  /** Everything known of one host's events, by `kind:id`. */
  ofHost(hostId: string): Promise<Map<string, LiveEvidence>>;
  /** Deletes what has expired; returns how many rows. */
  prune(): Promise<number>;
  /** Deauthorization: nothing of the host is kept. */
  removeAllOf(hostId: string): Promise<number>;
}

/** Zoom ends a meeting after 30 hours at most: a row that old says nothing, even if meeting.ended never came. */
const RUNNING_MS = 30 * 3600_000;
/** An ended meeting's row outlives the retries and replays of the events before it, which it must outrank. */
const ENDED_MS = 3600_000;

export const liveKeyOf = (kind: EventKind, eventId: string): string => `${kind}:${eventId}`;

function evidenceOf(row: LiveStatesTable): LiveEvidence {
  const liveSince = Number(row.live_since);
  return {
    kind: row.kind as EventKind,
    eventId: row.event_id,
    hostId: row.host_id,
    state: row.state as LiveStateName,
    ...(row.state === 'live' && liveSince > 0 ? { liveSince } : {}),
    at: Number(row.at),
  };
}

export function createLiveStore({ db }: AppDatabase, now: () => number = Date.now): LiveStore {
  return {
    record: (evidence) => guarded(async () => {
      const row: LiveStatesTable = {
        kind: evidence.kind,
        event_id: evidence.eventId,
        host_id: evidence.hostId,
        state: evidence.state,
        live_since: evidence.state === 'live' ? evidence.liveSince ?? evidence.at : 0,
        at: evidence.at,
        expires_at: evidence.at + (evidence.state === 'ended' ? ENDED_MS : RUNNING_MS),
      };
      const update = { host_id: row.host_id, state: row.state, live_since: row.live_since, at: row.at, expires_at: row.expires_at };
      // One statement, so two instances recording at once cannot interleave a read and a write.
      await db.insertInto('live_states').values(row)
        .onConflict((conflict) => conflict.columns(['kind', 'event_id']).doUpdateSet(update).where('live_states.at', '<=', row.at))
        .execute();
    }),

    ofEvent: (kind, eventId, hostId) => guarded(async () => {
      if (!hostId) return undefined;
      const row = await db.selectFrom('live_states').selectAll()
        .where('kind', '=', kind).where('event_id', '=', eventId).where('host_id', '=', hostId).where('expires_at', '>', now())
        .executeTakeFirst();
      return row && evidenceOf(row);
    }),

    ofHost: (hostId) => guarded(async () => {
      if (!hostId) return new Map<string, LiveEvidence>();
      const rows = await db.selectFrom('live_states').selectAll().where('host_id', '=', hostId).where('expires_at', '>', now()).execute();
      return new Map(rows.map((row) => [liveKeyOf(row.kind as EventKind, row.event_id), evidenceOf(row)]));
    }),

    prune: () => guarded(async () => {
      const result = await db.deleteFrom('live_states').where('expires_at', '<=', now()).executeTakeFirst();
      return Number(result.numDeletedRows);
    }),

    removeAllOf: (hostId) => guarded(async () => {
      const result = await db.deleteFrom('live_states').where('host_id', '=', hostId).executeTakeFirst();
      return Number(result.numDeletedRows);
    }),
  };
}
