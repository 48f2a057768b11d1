import type { HostSummary, Readiness } from './session-data';
import type { ZoomSettings, ZoomUser } from '../../zoom/client';

/**
 * What the pages keep of the host's Zoom profile and settings (the header, the licence line, the
 * readiness hints), read at login and again when the host presses Refresh.
 */

/** What the host's Zoom settings say about streaming; undefined when Zoom would not tell. */
function readinessOf(settings: ZoomSettings | undefined): Readiness | undefined {
  if (!settings) return undefined;
  const meeting = settings.in_meeting;
  return {
    liveStreaming: meeting.allow_live_streaming,
    customService: meeting.custom_live_streaming_service,
    webinarPlan: settings.feature?.webinar,
    webinarStreaming: meeting.webinar_live_streaming?.enable,
  };
}

function displayName(me: ZoomUser): string {
  // Without any name the page calls the host "Zoom user" in its own language (middleware/locals.ts).
  return [me.first_name, me.last_name].filter(Boolean).join(' ') || me.display_name || me.email || '';
}

export function hostSummaryOf(me: ZoomUser, settings: ZoomSettings | undefined): HostSummary {
  return { name: displayName(me), email: me.email, accountId: me.account_id, type: me.type, timezone: me.timezone, readiness: readinessOf(settings) };
}
