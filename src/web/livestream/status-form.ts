import { z } from 'zod';
import type { LivestreamStatusChange } from '../../zoom/client';
import { NO_CONTROL, codePoints, type Translate } from '../../livestream/form';

/**
 * The start/stop controls: Zoom's field names (LivestreamStatusBody) with messages a host can act on.
 * Zoom reads display_name and active_speaker_name only when starting, so a stop sends the action alone.
 */
export const DISPLAY_NAME_MAX = 50;
export type StatusField = 'action' | 'display_name';
export type StatusErrors = Partial<Record<StatusField, string>>;
export interface StatusValues {
  action: string;
  display_name: string;
  active_speaker_name: boolean;
  /** "yes" once the host has confirmed a stop on the confirmation page. */
  confirm: string;
}


const DisplayName = z
  .string()
  .min(1, 'form.errors.display_name.required')
  .refine((value) => codePoints(value) <= DISPLAY_NAME_MAX, 'form.errors.display_name.tooLong')
  .regex(NO_CONTROL, 'form.errors.display_name.control');

function text(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : '';
}

function readStatusValues(body: unknown): StatusValues {
  const source = (body ?? {}) as Record<string, unknown>;
  return {
    action: text(source.action),
    display_name: text(source.display_name),
    // An unticked checkbox is simply absent from the form.
    active_speaker_name: source.active_speaker_name === 'true',
    confirm: text(source.confirm),
  };
}

export function validateStatus(body: unknown, t: Translate): { values: StatusValues; errors: StatusErrors; change?: LivestreamStatusChange } {
  const values = readStatusValues(body);
  // `action` is case-sensitive at Zoom: "Start" is refused there, so it is refused here first.
  if (values.action !== 'start' && values.action !== 'stop') return { values, errors: { action: t('form.errors.action.invalid') } };
  if (values.action === 'stop') return { values, errors: {}, change: { action: 'stop' } };
  const raw = (body ?? {}) as Record<string, unknown>;
  if (raw.display_name !== undefined && typeof raw.display_name !== 'string') {
    return { values, errors: { display_name: t('form.errors.repeated') } };
  }
  const name = DisplayName.safeParse(values.display_name);
  if (!name.success) return { values, errors: { display_name: t(name.error.issues[0].message, { max: DISPLAY_NAME_MAX }) } };
  const settings = { active_speaker_name: values.active_speaker_name, display_name: name.data };
  return { values, errors: {}, change: { action: 'start', settings } };
}

/** Before anything is sent, the host's own name is a fair first display name (when it fits). */
export function initialStatusValues(hostName: string | undefined): { display_name: string; active_speaker_name: boolean } {
  const display_name = hostName && codePoints(hostName) <= DISPLAY_NAME_MAX ? hostName : '';
  return { display_name, active_speaker_name: false };
}
