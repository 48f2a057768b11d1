import type { TokenVault } from '../credentials/vault';
import type { JobItemsTable, JobsTable } from '../db/types';
import type { EventKind } from '../zoom/client';
import { youtubeOptionsOf } from '../destinations/repository';
import type { ItemStatus, Job, JobAction, JobItem, JobLabel, JobStatus, JobYouTube, PausedReason } from './model';

import { openSettings, sealSettings } from '../livestream/sealed-settings';

export { openSettings, sealSettings };

/** PostgreSQL returns bigint as a string, SQLite as a number; integer columns may be null. */
const optionalNumber = (value: number | string | null): number | undefined => (value === null ? undefined : Number(value));

/** A stored label that does not parse (a bad value) is no label: the page shows the job's title instead. */
export function labelOf(json: string | null | undefined): JobLabel | undefined {
  if (!json) return undefined;
  try {
    const { name, count } = JSON.parse(json) as Partial<JobLabel>;
    return typeof name === 'string' && typeof count === 'number' ? { name, count } : undefined;
  } catch {
    return undefined;
  }
}

/** A YouTube apply job's destination id and options; undefined for every other job. */
export function youtubeOf(json: string | null | undefined): JobYouTube | undefined {
  if (!json) return undefined;
  try {
    const { destinationId, options } = JSON.parse(json) as { destinationId?: unknown; options?: unknown };
    // The options are read by the destinations' own rules: a bad value reads as private, never as public.
    return typeof destinationId === 'string' ? { destinationId, options: youtubeOptionsOf(JSON.stringify(options ?? {}))! } : undefined;
  } catch {
    return undefined;
  }
}

export function toJob(row: JobsTable, vault: TokenVault): Job {
  return {
    id: row.id,
    userId: row.user_id,
    accountId: row.account_id,
    action: row.action as JobAction,
    status: row.status as JobStatus,
    pausedReason: row.paused_reason as PausedReason,
    resumeAfter: Number(row.resume_after),
    settings: openSettings(row.settings, row.sealed_stream_key, vault),
    leaseOwner: row.lease_owner,
    leaseUntil: Number(row.lease_until),
    undoOf: row.undo_of ?? undefined,
    label: labelOf(row.label),
    youtube: youtubeOf(row.youtube),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

export function toItem(row: JobItemsTable, vault: TokenVault): JobItem {
  return {
    id: row.id,
    jobId: row.job_id,
    position: Number(row.position),
    kind: row.kind as EventKind,
    eventId: row.event_id,
    topic: row.topic,
    status: row.status as ItemStatus,
    zoomStatus: optionalNumber(row.zoom_status),
    zoomCode: optionalNumber(row.zoom_code),
    zoomMessage: row.zoom_message,
    target: openSettings(row.target_settings, row.sealed_target_key, vault),
    before: openSettings(row.before_settings, row.sealed_before_key, vault),
    expect: openSettings(row.expect_settings ?? null, row.sealed_expect_key ?? null, vault),
    historyId: row.history_id ?? undefined,
    updatedAt: new Date(Number(row.updated_at)),
  };
}
