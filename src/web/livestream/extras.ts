import type { Logger } from 'pino';
import { maskKey } from '../../destinations/mask';
import type { DestinationsRepository, HistoryEntry, HistoryRepository, StreamSettings } from '../../destinations/types';
import { isRestorable, sameSettings } from '../../livestream/settings';
import { formatStart } from '../shared/format';
import { changedFields, type FieldName } from '../../livestream/form';
import type { EventKind } from '../../zoom/client';
import type { Job } from '../../jobs/model';
import type { JobsRepository } from '../../jobs/types';
import { planLinesOf, type PlanCoverage, type PlanLine } from '../plans/coverage';

/**
 * What the app's own database adds to a live stream page: the saved destinations to fill the form
 * from, and the last changes with Restore. The page never depends on it: when the database cannot
 * answer, each part is left out (and logged) and the form works as before.
 */
export const HISTORY_SHOWN = 10;

export interface HistoryRow {
  id: string;
  iso: string;
  when: string;
  source: string;
  changes: Array<{ field: string; before: string; after: string }>;
  restorable: boolean;
  /** A bulk job's entry: the job that wrote it (its page says what it did, issue 22). */
  job?: Pick<Job, 'id' | 'action' | 'label'>;
}

export interface PageExtras {
  picker: Array<{ id: string; name: string }> | null;
  history: HistoryRow[] | null;
  /** The values compared match none of the host's destinations: the page offers to save them as one. */
  unsaved: boolean;
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
  jobs?: Pick<JobsRepository, 'jobsOfHistory'>;
  /** Which plan covers the event (issue 23): the page says so, linking the plan. */
  plans?: PlanCoverage;
  logger?: Logger;
}

export function livestreamExtras({ destinations, history, jobs, plans, logger }: ExtrasDeps) {
  /**
   * The host's destinations: only their names, unless there are values to compare with them. Then one query
   * lists them with their keys opened (at most MAX_DESTINATIONS), instead of a second query for the names.
   */
  async function savedDestinations(userId: string, compareWith: StreamSettings | undefined) {
    if (!destinations) throw new Error('no destinations repository');
    // Values worth keeping have what Zoom requires (a stream URL, a key and a page URL).
    if (!compareWith || !isRestorable(compareWith)) return { choices: await destinations.names(userId), unsaved: false };
    const all = await destinations.list(userId);
    return { choices: all.map(({ id, name }) => ({ id, name })), unsaved: !all.some((saved) => sameSettings(saved, compareWith)) };
  }

  /** Each entry with the bulk job that wrote it, if one did; without the jobs (or their answer) the entries alone. */
  async function withJobs(userId: string, entries: HistoryEntry[]) {
    const bulk = entries.filter((entry) => entry.source === 'bulk').map((entry) => entry.id);
    const byHistory = jobs && bulk.length > 0 ? await jobs.jobsOfHistory(userId, bulk).catch(() => new Map<string, never>()) : new Map<string, never>();
    return entries.map((entry) => ({ entry, job: byHistory.get(entry.id) }));
  }

  /**
   * The picker's choices and the last changes of this event; null for a part the database could not give.
   * With `compareWith`, whether those values match none of the host's destinations.
   */
  async function load(userId: string, kind: EventKind, eventId: string, timezone: string | undefined, language: string, compareWith?: StreamSettings): Promise<PageExtras> {
    const [saved, entries] = await Promise.allSettled([
      savedDestinations(userId, compareWith),
      history ? history.recent(userId, kind, eventId, HISTORY_SHOWN).then((found) => withJobs(userId, found)) : Promise.reject(new Error('no history repository')),
    ]);
    for (const result of [saved, entries]) {
      if (result.status !== 'rejected') continue;
      const reason: unknown = result.reason;
      logger?.warn({ err: reason }, 'live stream page without the database: %s', reason instanceof Error ? reason.message : String(reason));
    }
    return {
      picker: saved.status === 'fulfilled' ? saved.value.choices : null,
      history: entries.status === 'fulfilled' ? entries.value.map(({ entry, job }) => ({ ...historyRow(entry, timezone, language), job })) : null,
      unsaved: saved.status === 'fulfilled' && saved.value.unsaved,
    };
  }

  /** The plan that covers this event (its topic for a plan's rule); undefined when none does or the database cannot say. */
  async function planOf(userId: string, kind: EventKind, id: string, topic: string): Promise<PlanLine | undefined> {
    return (await planLinesOf(plans, userId, [{ kind, id, topic }], logger)).get(`${kind}:${id}`);
  }

  return { load, planOf };
}
