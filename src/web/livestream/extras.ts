import 'express-session';
import type { Logger } from 'pino';
import { maskKey } from '../../destinations/mask';
import type { DestinationsRepository, HistoryEntry, HistoryRepository, StreamSettings } from '../../destinations/types';
import { isRestorable } from '../../livestream/settings';
import { formatStart } from '../shared/format';
import { changedFields, type FieldName } from '../../livestream/form';
import type { EventKind } from '../../zoom/client';

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

  return { load };
}
