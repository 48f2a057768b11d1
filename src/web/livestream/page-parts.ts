import type { Request } from 'express';
import type { FailureView } from '../shared/failures';
import { formatTimeOfDay } from '../shared/format';
import type { StatusFlash } from '../shared/session-data';
import type { LivestreamStatusChange } from '../../zoom/client';
import type { LiveView } from '../../events/live-view';
import { changedFields } from '../../livestream/form';
import type { ChangeResult } from '../../livestream/change';
import { DISPLAY_NAME_MAX, initialStatusValues } from './status-form';

/** Pieces of the live stream page that need no Zoom call: headings of failures, notices, and the stream's memory. */

/**
 * A refusal by Zoom (a 4xx other than rate limiting) gets the page's own heading, saying what did not
 * happen (load, save, start, stop); reconnecting, waiting and Zoom being down keep their own headings.
 */
export function inContext(failure: FailureView, heading: string): FailureView {
  const refused = failure.zoomStatus !== undefined && failure.zoomStatus >= 400 && failure.zoomStatus < 500 && failure.zoomStatus !== 429;
  return refused && !failure.reconnect ? { ...failure, heading } : failure;
}

/**
 * The one action that applies to the stream's state (events/live-view.ts), the display name the host last
 * sent, and a start/stop outcome carried here. Live: Stop. In progress, or unknown (Zoom's answer to the
 * start decides): Start. Not started: nothing to press, only what to do first.
 */
export function streamControls(req: Request, id: string, view: LiveView, flash: StatusFlash | undefined) {
  const memory = req.session.streams?.[id];
  const initial = initialStatusValues(req.session.host?.name);
  const values = flash?.values ?? (memory ? { display_name: memory.displayName, active_speaker_name: memory.activeSpeaker } : initial);
  const since = view.status === 'live' ? new Date(view.since ?? 0) : undefined;
  return {
    values,
    errors: flash?.errors ?? {},
    max: DISPLAY_NAME_MAX,
    status: view.status,
    liveSince: since ? since.toISOString() : '',
    liveSinceText: since ? formatTimeOfDay(since, req.session.host?.timezone, req.language) : '',
    canStop: view.status === 'live',
    canStart: view.status === 'inProgress' || view.status === 'unknown',
    waiting: view.status === 'notStarted',
  };
}

/** "Updated: stream URL and stream key"; or "Nothing changed" when Zoom already held these settings (nothing was sent). */
export function savedNotice(req: Request, result: Pick<ChangeResult, 'before' | 'after' | 'changed'>): string {
  const changed = result.changed ? changedFields(result.before, result.after) : [];
  if (changed.length === 0) return String(req.t('notices.unchanged'));
  const names = changed.map((field) => String(req.t(`livestream.fields.${field}.name`)));
  const list = new Intl.ListFormat(req.language === 'zh-CN' ? 'zh-CN' : 'en', { type: 'conjunction' }).format(names);
  return String(req.t('notices.changed', { fields: list }));
}

/** Remembers what the host sent, so the next start offers it again (whether it is live is the live store's). */
export function remember(req: Request, id: string, change: LivestreamStatusChange): void {
  const streams = { ...(req.session.streams ?? {}) };
  const previous = streams[id];
  const settings = change.settings;
  streams[id] = {
    displayName: settings?.display_name ?? previous?.displayName ?? '',
    activeSpeaker: settings?.active_speaker_name ?? previous?.activeSpeaker ?? false,
  };
  req.session.streams = streams;
}
