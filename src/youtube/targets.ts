import type { Destination } from '../destinations/types';
import type { ZoomAccess } from '../livestream/change';
import { restoreUpdate } from '../livestream/settings';
import type { EventDetails, EventKind, LivestreamUpdate, ZoomClient } from '../zoom/client';
import type { Broadcasts, YouTubeDestinationSettings, YouTubeEvent } from './broadcasts';

/**
 * What a saved destination writes into ONE event's Zoom live stream settings, whoever applies it (the event page, a
 * bulk job's item, a plan). A destination the host typed writes its own fields. A YouTube destination first makes
 * sure YouTube has a scheduled broadcast per event — per occurrence for a recurring series, whose one Zoom setting
 * then points at the next occurrence's watch page — bound to the destination's one reusable stream, and writes
 * that stream's ingest address and key. The caller hands the update to livestream/change: this module writes
 * nothing into Zoom.
 */

/** A series gets broadcasts for this many upcoming occurrences at most (each costs ~100 quota units); later ones follow as earlier ones end. */
export const MAX_OCCURRENCE_BROADCASTS = 20;

/** Why a YouTube destination cannot be applied: Google not configured here, or a series with no occurrence left. */
export class YouTubeTargetError extends Error {
  constructor(readonly reason: 'notConfigured' | 'noUpcoming') {
    super(`YouTube destination not applicable (${reason})`);
    this.name = 'YouTubeTargetError';
  }
}

export interface EventTarget {
  update: LivestreamUpdate;
  /** The broadcast Zoom's page_url now points at (YouTube destinations only). */
  broadcastId?: string;
  /** Broadcasts created by this call (0 when every one existed already). */
  created: number;
}

export function youtubeSettingsOf(destination: Destination): YouTubeDestinationSettings {
  const options = destination.youtube!;
  return {
    key: destination.id, name: destination.name, privacy: options.privacy, titlePattern: options.titlePattern || undefined,
    description: options.description, autoStart: options.autoStart, autoStop: options.autoStop,
  };
}

/**
 * The occurrences still to come (not deleted, not yet over), soonest first; a single event is its own only
 * "occurrence" (its start, even if past: a meeting without a fixed time still streams into its broadcast).
 */
export function broadcastEventsOf(kind: EventKind, details: EventDetails, nowMs: number): YouTubeEvent[] {
  const base = { kind, id: String(details.id), topic: details.topic, timezone: details.timezone };
  if (!details.occurrences || details.occurrences.length === 0) {
    return [{ ...base, startTime: details.start_time ?? new Date(nowMs).toISOString() }];
  }
  return details.occurrences
    .filter((one) => one.status !== 'deleted' && one.start_time !== undefined)
    .filter((one) => Date.parse(one.start_time!) + (one.duration ?? 60) * 60_000 > nowMs)
    .sort((a, b) => Date.parse(a.start_time!) - Date.parse(b.start_time!))
    .slice(0, MAX_OCCURRENCE_BROADCASTS)
    .map((one) => ({ ...base, startTime: one.start_time!, occurrenceId: one.occurrence_id }));
}

/**
 * `trust`: a broadcast the app recorded as made and bound is taken as is (no YouTube call): a plan's reconcile every
 * few minutes. `current`: Zoom's settings now; a watch page of one of the event's later occurrences is kept (the page
 * moves on after each occurrence, youtube/on-event.ts, perhaps before the occurrence's scheduled end).
 */
export interface TargetOptions {
  trust?: boolean;
  current?: { page_url: string };
}

export interface TargetsDeps {
  zoom: Pick<ZoomClient, 'getEvent'>;
  /** undefined when Google is not configured on this installation. */
  broadcasts?: Pick<Broadcasts, 'ensureFor'>;
  now: () => number;
}

export function createDestinationTargets({ zoom, broadcasts, now }: TargetsDeps) {
  async function youtubeTarget(userId: string, destination: Destination, kind: EventKind, eventId: string, access: ZoomAccess, options: TargetOptions): Promise<EventTarget> {
    if (!broadcasts) throw new YouTubeTargetError('notConfigured');
    const details = await access((token) => zoom.getEvent(token, kind, eventId));
    const events = broadcastEventsOf(kind, details, now());
    if (events.length === 0) throw new YouTubeTargetError('noUpcoming');
    const settings = youtubeSettingsOf(destination);
    // One at a time, soonest first: the first is the one Zoom points at; a quota refusal stops before the rest.
    const applied = [];
    for (const event of events) applied.push(await broadcasts.ensureFor(userId, settings, event, { trust: options.trust }));
    const next = applied.find((one) => one.pageUrl === options.current?.page_url) ?? applied[0];
    return {
      update: { stream_url: next.streamUrl, stream_key: next.streamKey, page_url: next.pageUrl },
      broadcastId: next.broadcastId,
      created: applied.filter((one) => one.created).length,
    };
  }

  return {
    /** The update this destination writes into this event; YouTube's broadcasts made first for a YouTube destination. */
    targetFor(userId: string, destination: Destination, kind: EventKind, eventId: string, access: ZoomAccess, options: TargetOptions = {}): Promise<EventTarget> {
      if (destination.youtube) return youtubeTarget(userId, destination, kind, eventId, access, options);
      return Promise.resolve({ update: restoreUpdate(destination), created: 0 });
    },
  };
}

export type DestinationTargets = ReturnType<typeof createDestinationTargets>;
