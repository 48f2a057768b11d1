import 'express-session';
import type { Logger } from 'pino';
import { maskKey } from '../../destinations/mask';
import type { DestinationsRepository, HistoryEntry, HistoryRepository, NewHistoryEntry, StreamSettings } from '../../destinations/types';
import { formatStart } from '../shared/format';
import { changedFields, type FieldName } from '../../livestream/form';
import type { EventKind, Livestream, LivestreamUpdate } from '../../zoom/client';

/**
 * What the app's own database adds to a live stream page: the saved destinations to fill the form
 * from, and the last changes with Restore. The page never depends on it: when the database cannot
 * answer, each part is left out (and logged) and the form works as before.
 */
export const HISTORY_SHOWN = 10;

declare module 'express-session' {
  interface SessionData {
    /** "<kind>:<id>" right after a successful save of that event: its page offers "Save as a destination" once. */
    offerSaveAs: string;
  }
}

export interface HistoryRow {
  id: string;
  iso: string;
  when: string;
  source: string;
  changes: Array<{ field: string; before: string; after: string }>;
  restorable: boolean;
}

export interface PageExtras {
  picker: Array<{ id: string; name: string }> | null;
  history: HistoryRow[] | null;
}

export function settingsOf(source: Partial<Livestream>): StreamSettings {
  return { stream_url: source.stream_url ?? '', stream_key: source.stream_key ?? '', page_url: source.page_url ?? '', resolution: source.resolution ?? '' };
}

/** What Zoom holds after an update: the update's fields; a resolution not sent stays as it was. */
export function afterOf(before: StreamSettings, update: LivestreamUpdate): StreamSettings {
  return { ...settingsOf(update), resolution: update.resolution ?? before.resolution };
}

/** Zoom requires a stream URL, key and page URL: earlier values without them cannot be sent back. */
export function isRestorable(settings: StreamSettings): boolean {
  return settings.stream_url !== '' && settings.stream_key !== '' && settings.page_url !== '';
}

/** The earlier values as the update that puts them back (Zoom takes no empty resolution: it is left as is). */
export function restoreUpdate(settings: StreamSettings): LivestreamUpdate {
  const { stream_url, stream_key, page_url, resolution } = settings;
  return resolution === '720p' || resolution === '1080p' ? { stream_url, stream_key, page_url, resolution } : { stream_url, stream_key, page_url };
}

export function formatWhen(at: Date, timezone: string | undefined, language: string): string {
  return formatStart(at.toISOString(), timezone, language);
}

/** An entry as the page lists it: only the fields that changed, stream keys masked. */
export function historyRow(entry: HistoryEntry, timezone: string | undefined, language: string): HistoryRow {
  const shown = (field: FieldName, settings: StreamSettings) => (field === 'stream_key' ? maskKey(settings.stream_key) : settings[field]);
  return {
    id: entry.id,
    iso: entry.at.toISOString(),
    when: formatWhen(entry.at, timezone, language),
    source: entry.source,
    changes: changedFields(entry.before, entry.after).map((field) => ({
      field, before: shown(field, entry.before), after: shown(field, entry.after),
    })),
    restorable: isRestorable(entry.before),
  };
}

export interface ExtrasDeps {
  destinations?: DestinationsRepository;
  history?: HistoryRepository;
  logger?: Logger;
}

export function livestreamExtras({ destinations, history, logger }: ExtrasDeps) {
  /** The picker's choices and the last changes of this event; null for a part the database could not give. */
  async function load(userId: string, kind: EventKind, eventId: string, timezone: string | undefined, language: string): Promise<PageExtras> {
    const [choices, entries] = await Promise.allSettled([
      destinations ? destinations.names(userId) : Promise.reject(new Error('no destinations repository')),
      history ? history.recent(userId, kind, eventId, HISTORY_SHOWN) : Promise.reject(new Error('no history repository')),
    ]);
    for (const result of [choices, entries]) {
      if (result.status === 'rejected') logger?.warn({ err: result.reason }, 'live stream page without the database: %s', String(result.reason?.message ?? result.reason));
    }
    return {
      picker: choices.status === 'fulfilled' ? choices.value : null,
      history: entries.status === 'fulfilled' ? entries.value.map((entry) => historyRow(entry, timezone, language)) : null,
    };
  }

  /**
   * Records a change Zoom accepted. A failure here must not undo the host's successful save: it is logged,
   * and the page says what Zoom did. Without Zoom's "before" there is nothing honest to record.
   */
  async function record(entry: Omit<NewHistoryEntry, 'before'> & { before: StreamSettings | undefined }): Promise<void> {
    if (!history) return;
    if (!entry.before) return void logger?.warn({ kind: entry.kind, eventId: entry.eventId }, 'change not recorded: Zoom did not return the settings before it');
    try {
      await history.record({ ...entry, before: entry.before });
    } catch (error) {
      logger?.error({ err: error, kind: entry.kind, eventId: entry.eventId }, 'change not recorded in the history');
    }
  }

  return { load, record };
}
