import type { StreamSettings } from '../destinations/types';
import { isRestorable, sameSettings } from '../livestream/settings';
import type { EventDetails } from '../zoom/client';
import { failing, ok, warning, type CheckResult } from './types';

/**
 * What the event itself says: end-to-end encryption (Zoom cannot stream it), its live stream settings set, and set
 * as the app (or its plan) last wrote them — a change behind the app's back is shown, since it may be a typo.
 */
export function encryptionCheck(details: EventDetails): CheckResult {
  return details.settings?.encryption_type === 'e2ee' ? failing('encryption', 'e2ee') : ok('encryption');
}

export function settingsCheck(settings: StreamSettings): CheckResult {
  if (!settings.stream_url) return failing('settings', 'noUrl');
  if (!isRestorable(settings)) return failing('settings', 'incomplete');
  return ok('settings');
}

/** `written`: what the app last wrote for this event (its history, or its plan); undefined when it wrote nothing. */
export function keptCheck(settings: StreamSettings, written: StreamSettings | undefined): CheckResult | undefined {
  if (!written) return undefined;
  // Zoom leaves a resolution not sent as it was: only the three fields the app always writes are compared.
  return sameSettings({ ...settings, resolution: '' }, { ...written, resolution: '' }) ? ok('kept') : warning('kept', 'changed');
}
