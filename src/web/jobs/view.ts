import type { Request } from 'express';
import { failureOf, type FailureView } from '../shared/failures';
import { youtubeReasonFailure } from '../youtube/failures';
import { formatMoment, formatTimeOfDay } from '../shared/format';
import { afterOf, isRestorable, restoreUpdate } from '../../livestream/settings';
import { CHANGED_SINCE_MESSAGE, YOUTUBE_MESSAGE_PREFIX } from '../../jobs/item-outcome';
import { YOUTUBE_QUOTA_MESSAGE } from '../../jobs/item';
import type { EventKind } from '../../zoom/client';
import { ZoomApiError, ZoomUnavailableError } from '../../zoom/errors';
import { DAILY_LIMIT_MESSAGE } from '../../jobs/runner';
import type { ItemCounts, Job, JobItem, JobWithItems } from '../../jobs/model';

/**
 * A job as the pages show it: its state in words (a catalogue key under jobs.status. and its values),
 * its progress, and one row per item with its outcome. Zoom's refusal of an item is rebuilt as the error
 * Zoom sent, so it gets the same explanation a single save would.
 */
export interface JobState {
  key: string;
  params: Record<string, string>;
}

export interface Progress {
  done: number;
  total: number;
  failed: number;
}

export type Outcome = 'pending' | 'applied' | 'failed' | 'dailyLimit' | 'youtubeQuota' | 'notApplied' | 'skipped' | 'changedSince' | 'unknown';

export interface ItemRow {
  kind: EventKind;
  id: string;
  topic: string;
  href: string;
  outcome: Outcome;
  failure: FailureView | null;
}

/** The live stream page of a meeting or webinar. */
export const eventPath = (kind: EventKind, id: string): string => `/${kind}s/${id}/livestream`;

export const isActive = (job: Job): boolean => job.status === 'queued' || job.status === 'running';

export function progressOf(counts: ItemCounts): Progress {
  return { done: counts.total - counts.pending, total: counts.total, failed: counts.failed };
}

export function countsOf(items: JobItem[]): ItemCounts {
  const counts: ItemCounts = { pending: 0, applied: 0, failed: 0, not_applied: 0, skipped: 0, unknown: 0, total: items.length };
  for (const item of items) counts[item.status] += 1;
  return counts;
}

/** Queued, running, waiting out Zoom's rate limit, paused (and why), done or cancelled. */
export function stateOf(job: Job, req: Request, now: number): JobState {
  const timeZone = req.session.host?.timezone;
  // The format helpers give '' for a time no Date can hold (a stored value from before the waits were capped).
  const until = formatTimeOfDay(new Date(job.resumeAfter), timeZone, req.language);
  if (isActive(job) && job.resumeAfter > now) {
    return until ? { key: 'jobs.status.waiting', params: { until } } : { key: 'jobs.status.queued', params: {} };
  }
  if (job.status === 'paused' && job.pausedReason === 'youtube_quota') {
    // YouTube's quota day turns at midnight Pacific time; the host reads when that is in their own zone.
    return { key: 'jobs.status.youtubeQuota', params: { when: formatMoment(job.resumeAfter, timeZone, req.language) } };
  }
  if (job.status === 'paused' && job.pausedReason === 'daily_limit') {
    // Zoom's day turns at 00:00 UTC; the host reads when that is in their own zone.
    return { key: 'jobs.status.dailyLimit', params: { when: formatMoment(job.resumeAfter, timeZone, req.language) } };
  }
  if (job.status === 'paused') return { key: 'jobs.status.reconnect', params: {} };
  return { key: `jobs.status.${job.status}`, params: {} };
}

/** What Zoom answered for the item, as the error the client raised then. */
function errorOf(item: JobItem): ZoomApiError | ZoomUnavailableError {
  const status = item.zoomStatus ?? 500;
  // The runner keeps no message when Zoom did not answer (timeout, unreachable): say that, not "Zoom said nothing".
  if (item.zoomCode === undefined && item.zoomMessage === '' && (status === 502 || status === 504)) {
    return status === 504
      ? new ZoomUnavailableError('timeout', { key: 'zoom.message.noAnswer' })
      : new ZoomUnavailableError('network', { key: 'zoom.message.unreachable' });
  }
  return new ZoomApiError(status, item.zoomCode, item.zoomMessage || undefined);
}

function outcomeOf(item: JobItem): Outcome {
  if (item.status === 'not_applied' && item.zoomMessage === YOUTUBE_QUOTA_MESSAGE) return 'youtubeQuota';
  if (item.status === 'not_applied') return item.zoomMessage === DAILY_LIMIT_MESSAGE ? 'dailyLimit' : 'notApplied';
  if (item.status === 'skipped' && item.zoomMessage === CHANGED_SINCE_MESSAGE) return 'changedSince';
  return item.status;
}

/** An item YouTube refused (`youtube:<reason>`) is explained as YouTube's; any other as Zoom's answer. */
function itemFailureOf(item: JobItem, req: Request): FailureView {
  if (!item.zoomMessage.startsWith(YOUTUBE_MESSAGE_PREFIX)) return failureOf(errorOf(item), req, { kind: item.kind });
  return youtubeReasonFailure(item.zoomMessage.slice(YOUTUBE_MESSAGE_PREFIX.length), item.zoomStatus, req);
}

export function itemRows(job: JobWithItems, req: Request): ItemRow[] {
  return job.items.map((item) => ({
    kind: item.kind,
    id: item.eventId,
    topic: item.topic,
    href: eventPath(item.kind, item.eventId),
    outcome: outcomeOf(item),
    failure: item.status === 'failed' ? itemFailureOf(item, req) : null,
  }));
}

/**
 * What an undo sends back: each item's settings from before, where Zoom would take them, for the items
 * applied and those whose outcome is unknown (Zoom may have applied them; the before is known). Each
 * carries what the job wrote (`expect`): an event changed since is left alone when the undo runs. An undo
 * job is not undone again (the host saves, or restores from the history, instead).
 */
export function undoItems(job: JobWithItems) {
  // A YouTube job wrote each event its own watch page, which the job does not keep: Undo cannot tell a later edit
  // from the job's own write, so it is not offered (each event's history still restores it).
  if (job.action !== 'apply' || !job.settings || job.youtube) return [];
  const update = restoreUpdate(job.settings);
  return job.items.flatMap((item) => {
    const { before } = item;
    if (!(item.status === 'applied' || item.status === 'unknown') || !before || !isRestorable(before)) return [];
    return [{ kind: item.kind, eventId: item.eventId, topic: item.topic, target: before, expect: afterOf(before, update) }];
  });
}

/** Which buttons the job page shows: each only when it can do something. */
export function actionsOf(job: JobWithItems, counts: ItemCounts, undoneBy?: string) {
  return {
    cancel: isActive(job) || job.status === 'paused',
    resume: job.status === 'paused' && (job.pausedReason === 'daily_limit' || job.pausedReason === 'youtube_quota'),
    connect: job.status === 'paused' && job.pausedReason === 'reconnect',
    retry: counts.failed > 0 && job.status !== 'cancelled',
    undo: (job.status === 'done' || job.status === 'cancelled') && !undoneBy && undoItems(job).length > 0,
  };
}

/**
 * What the job did, in words (issue 22): "Apply “YouTube main” to 12 events", "Undo of “Apply …”". A job from
 * before labels were kept says its title.
 */
export function jobLabelOf(job: Pick<Job, 'action' | 'label'>, t: (key: string, params?: Record<string, unknown>) => string): string {
  if (!job.label) return t(`jobs.title.${job.action}`);
  const { name, count } = job.label;
  const applied = t(count === 1 ? 'jobs.label.applyOne' : 'jobs.label.applyMany', { name, count });
  return job.action === 'undo' ? t('jobs.label.undo', { label: applied }) : applied;
}
