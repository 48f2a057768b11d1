import type { StreamSettings, YouTubeOptions } from '../destinations/types';
import type { EventKind } from '../zoom/client';

/**
 * Bulk jobs (issue 14): a host applies one live stream setting to many meetings and webinars, or undoes
 * such a job. The job and its items live in the database so any instance can run it (one at a time,
 * under a lease) and a restart loses nothing. Stream keys are sealed at rest, opened only here.
 */
export type JobAction = 'apply' | 'undo';
export type JobStatus = 'queued' | 'running' | 'paused' | 'done' | 'cancelled';
/** daily_limit: Zoom's daily limit on live stream updates; youtube_quota: the Google project's YouTube quota for the day. */
export type PausedReason = '' | 'reconnect' | 'daily_limit' | 'youtube_quota';
/** A pause that ends on its own at `resumeAfter` (the limit's day resets). */
export const TIMED_PAUSES: readonly PausedReason[] = ['daily_limit', 'youtube_quota'];

/** A job applying a YouTube destination: each item gets its event's own broadcast (youtube/targets.ts). */
export interface JobYouTube {
  destinationId: string;
  options: YouTubeOptions;
}
/** `unknown`: the PATCH went out, no answer came in time, and Zoom did not show the change when read again. */
export type ItemStatus = 'pending' | 'applied' | 'failed' | 'not_applied' | 'skipped' | 'unknown';
export const ITEM_STATUSES: readonly ItemStatus[] = ['pending', 'applied', 'failed', 'not_applied', 'skipped', 'unknown'];

export interface Job {
  id: string;
  userId: string;
  accountId: string;
  action: JobAction;
  status: JobStatus;
  pausedReason: PausedReason;
  /** Epoch ms before which no instance claims it; 0 = none. */
  resumeAfter: number;
  /** What an apply job writes to every item; undefined for undo jobs (each item has its target). */
  settings?: StreamSettings;
  /** '' when no instance holds the job. */
  leaseOwner: string;
  leaseUntil: number;
  /** An undo job: the job it undoes. */
  undoOf?: string;
  /** What the job does, in words: the destination's name and how many events (issue 22). */
  label?: JobLabel;
  /** An apply job of a YouTube destination (its `settings` are then empty). */
  youtube?: JobYouTube;
  createdAt: Date;
  updatedAt: Date;
}

/** An apply job's destination name and event count; an undo job carries the label of the job it undoes. */
export interface JobLabel {
  name: string;
  count: number;
}

export interface JobItem {
  id: string;
  jobId: string;
  position: number;
  kind: EventKind;
  eventId: string;
  topic: string;
  status: ItemStatus;
  zoomStatus?: number;
  zoomCode?: number;
  zoomMessage: string;
  /** Undo jobs: the settings to write back. */
  target?: StreamSettings;
  /** As Zoom had them before the first attempt (what an undo restores). */
  before?: StreamSettings;
  /** Undo jobs: what the event must still hold (what the undone job wrote), else it is left alone. */
  expect?: StreamSettings;
  historyId?: string;
  updatedAt: Date;
}

export interface JobWithItems extends Job {
  items: JobItem[];
}

export interface NewJob {
  userId: string;
  accountId: string;
  action: JobAction;
  settings?: StreamSettings;
  /** An undo job: the job it undoes. A second undo of one job is refused (UndoExistsError). */
  undoOf?: string;
  label?: JobLabel;
  youtube?: JobYouTube;
  items: Array<{ kind: EventKind; eventId: string; topic: string; target?: StreamSettings; expect?: StreamSettings }>;
}

export interface ItemOutcome {
  status: Exclude<ItemStatus, 'pending'>;
  zoomStatus?: number;
  zoomCode?: number;
  zoomMessage?: string;
  historyId?: string;
}

export type ItemCounts = Record<ItemStatus, number> & { total: number };
