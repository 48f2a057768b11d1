/**
 * The writable fields of a liveBroadcast and YouTube's rules for them (snippet.title ≤ 100 characters without < or >,
 * a scheduled start in the future, a privacy status, boolean auto start/stop). Insert and update share these rules.
 */
import type { Response } from 'express';
import { youtubeErrors } from '../errors';
import type { EmulatedBroadcast, PrivacyStatus } from '../types';
import { section } from './params';

export type BroadcastFields = Pick<EmulatedBroadcast,
  'title' | 'description' | 'scheduledStartTime' | 'scheduledEndTime' | 'privacyStatus' | 'enableAutoStart' | 'enableAutoStop'>;

const PRIVACY: readonly PrivacyStatus[] = ['public', 'unlisted', 'private'];
const MAX_TITLE = 100;
const MAX_DESCRIPTION = 5000;

type Problem = [kind: 'required' | 'invalidValue', reason: string, message: string];

function titleProblem(title: unknown): Problem | undefined {
  if (typeof title !== 'string' || title.trim() === '') return ['required', 'titleRequired', 'The broadcast title is required.'];
  if (title.length > MAX_TITLE) return ['invalidValue', 'invalidTitle', `The title must be at most ${MAX_TITLE} characters.`];
  if (/[<>]/.test(title)) return ['invalidValue', 'invalidTitle', 'The title must not contain < or >.'];
  return undefined;
}

/** `unchangedStart` lets an update keep a start time that has since passed; a new one must lie ahead. */
function scheduleProblem(snippet: Record<string, unknown>, now: number, unchangedStart?: string): Problem | undefined {
  const start = snippet.scheduledStartTime;
  if (typeof start !== 'string' || start === '') {
    return ['required', 'scheduledStartTimeRequired', 'The scheduled start time is required.'];
  }
  const startMs = Date.parse(start);
  if (Number.isNaN(startMs) || (start !== unchangedStart && startMs <= now)) {
    return ['invalidValue', 'invalidScheduledStartTime', 'Scheduled start time must be in the future and close enough to the current date that a broadcast could be reliably scheduled at that time.'];
  }
  const end = snippet.scheduledEndTime;
  if (end !== undefined && (typeof end !== 'string' || !(Date.parse(end) > startMs))) {
    return ['invalidValue', 'invalidScheduledEndTime', 'The scheduled end time must come after the scheduled start time.'];
  }
  return undefined;
}

function otherProblem(body: unknown): Problem | undefined {
  const { description } = section(body, 'snippet');
  if (description !== undefined && (typeof description !== 'string' || description.length > MAX_DESCRIPTION)) {
    return ['invalidValue', 'invalidDescription', `The description must be at most ${MAX_DESCRIPTION} characters.`];
  }
  const { privacyStatus } = section(body, 'status');
  if (privacyStatus === undefined) return ['required', 'privacyStatusRequired', 'The privacy status is required.'];
  if (!PRIVACY.includes(privacyStatus as PrivacyStatus)) return ['invalidValue', 'invalidPrivacyStatus', 'Invalid privacy status.'];
  const { enableAutoStart, enableAutoStop } = section(body, 'contentDetails');
  if (enableAutoStart !== undefined && typeof enableAutoStart !== 'boolean') return ['invalidValue', 'invalidAutoStart', 'Invalid enableAutoStart.'];
  if (enableAutoStop !== undefined && typeof enableAutoStop !== 'boolean') return ['invalidValue', 'invalidAutoStop', 'Invalid enableAutoStop.'];
  return undefined;
}

/** Reads the fields, or sends YouTube's 400 for the first problem and returns undefined. */
export function readBroadcastFields(res: Response, body: unknown, now: number, current?: EmulatedBroadcast): BroadcastFields | undefined {
  const snippet = section(body, 'snippet');
  const problem = titleProblem(snippet.title) ?? scheduleProblem(snippet, now, current?.scheduledStartTime) ?? otherProblem(body);
  if (problem) {
    const [kind, reason, message] = problem;
    return void youtubeErrors[kind](res, 'liveBroadcast', reason, message);
  }
  const details = section(body, 'contentDetails');
  return {
    title: String(snippet.title),
    description: typeof snippet.description === 'string' ? snippet.description : (current?.description ?? ''),
    scheduledStartTime: String(snippet.scheduledStartTime),
    scheduledEndTime: typeof snippet.scheduledEndTime === 'string' ? snippet.scheduledEndTime : undefined,
    privacyStatus: section(body, 'status').privacyStatus as PrivacyStatus,
    // YouTube's defaults for both are false; an update that leaves contentDetails out keeps what was set.
    enableAutoStart: typeof details.enableAutoStart === 'boolean' ? details.enableAutoStart : (current?.enableAutoStart ?? false),
    enableAutoStop: typeof details.enableAutoStop === 'boolean' ? details.enableAutoStop : (current?.enableAutoStop ?? false),
  };
}
