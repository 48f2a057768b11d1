import type { ZoomSettings, ZoomUser } from '../zoom/client';
import { missingScopes } from '../zoom/scopes';
import { failing, ok, warning, type CheckResult } from './types';

/**
 * What Zoom's side says before the event: the host's licence, the settings that allow custom live streaming (the
 * same user settings the readiness line reads), a webinar's plan, and the scopes the app was granted. Pure: the
 * readings come from service.ts.
 */

/** Zoom's user type: 1 Basic (no streaming), 2 Licensed; 99 and others (On-prem, None) say nothing certain. */
export function licenceCheck(me: Pick<ZoomUser, 'type'>): CheckResult {
  if (me.type === 1) return failing('licence', 'basic');
  if (me.type === 2) return ok('licence');
  return warning('licence', 'unknown');
}

export function streamingCheck(settings: ZoomSettings): CheckResult {
  const meeting = settings.in_meeting;
  if (meeting.allow_live_streaming === false) return failing('streaming', 'off');
  if (meeting.custom_live_streaming_service === false) return failing('streaming', 'customOff');
  if (meeting.allow_live_streaming === undefined) return warning('streaming', 'unknown');
  return ok('streaming');
}

/** A webinar streams only with the webinar add-on and webinar live streaming on. */
export function webinarCheck(settings: ZoomSettings): CheckResult {
  if (settings.feature?.webinar === false) return failing('webinarPlan', 'noPlan');
  if (settings.in_meeting.webinar_live_streaming?.enable === false) return failing('webinarPlan', 'streamingOff');
  return ok('webinarPlan');
}

/** The scopes Zoom granted (the token's `scope`), against what changing and starting a stream needs; undefined when unknown. */
export function scopesCheck(granted: string | undefined): CheckResult | undefined {
  if (granted === undefined) return undefined;
  const missing = missingScopes(granted);
  return missing.length === 0 ? ok('scopes') : failing('scopes', 'missing', { scopes: missing.join(', ') });
}
