import { NO_CONTROL, codePoints, validate, type FieldErrors, type FormValues, type Translate } from '../livestream/form';
import type { DestinationInput, Resolution } from './types';

/**
 * A saved destination's form: a name (1–80 characters, unique per host: the repository says when it
 * is taken) and the four live stream fields, validated by the live stream form's own rules (one set
 * of rules: a destination that saves here is one Zoom accepts there).
 */
export const NAME_MAX = 80;

export type DestinationValues = FormValues & { name: string };
export type DestinationErrors = FieldErrors & { name?: string };

export const EMPTY_DESTINATION: DestinationValues = { name: '', stream_url: '', stream_key: '', page_url: '', resolution: '' };

/** The name's rule for every kind of destination: a catalogue key, or undefined when the name is good. */
export function nameError(raw: unknown): string | undefined {
  if (raw !== undefined && typeof raw !== 'string') return 'form.errors.repeated';
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name === '') return 'form.errors.name.required';
  // Counted in code points (an emoji is one character), like Zoom counts its own fields.
  if (codePoints(name) > NAME_MAX) return 'form.errors.name.tooLong';
  if (!NO_CONTROL.test(name)) return 'form.errors.name.control';
  return undefined;
}

export function validateDestination(body: unknown, t: Translate): { values: DestinationValues; errors: DestinationErrors; input?: DestinationInput } {
  const raw = ((body ?? {}) as Record<string, unknown>).name;
  const stream = validate(body, t);
  const values: DestinationValues = { name: typeof raw === 'string' ? raw.trim() : '', ...stream.values };
  const errors: DestinationErrors = {};
  const name = nameError(raw);
  if (name) errors.name = t(name, { max: NAME_MAX });
  Object.assign(errors, stream.errors);
  if (!stream.update || errors.name) return { values, errors };
  const { stream_url, stream_key, page_url } = stream.update;
  return { values, errors, input: { name: values.name, stream_url, stream_key, page_url, resolution: values.resolution as Resolution } };
}

/**
 * Starting points for a new destination: each service's ingest address and where it shows the key
 * (`destinations.presets.<id>.hint`). The host still types the key and the page viewers watch.
 */
export const PRESETS = [
  { id: 'youtube', name: 'YouTube', stream_url: 'rtmp://a.rtmp.youtube.com/live2' },
  { id: 'facebook', name: 'Facebook', stream_url: 'rtmps://live-api-s.facebook.com:443/rtmp/' },
  { id: 'twitch', name: 'Twitch', stream_url: 'rtmp://live.twitch.tv/app' },
  { id: 'vimeo', name: 'Vimeo', stream_url: 'rtmps://rtmp-global.cloud.vimeo.com:443/live' },
  { id: 'custom', name: '', stream_url: '' },
] as const;

/** The values a preset starts the form with; the empty form for an unknown preset. */
export function presetValues(id: unknown): DestinationValues {
  const preset = PRESETS.find((candidate) => candidate.id === id);
  return preset ? { ...EMPTY_DESTINATION, name: preset.name, stream_url: preset.stream_url } : EMPTY_DESTINATION;
}

/** Destination and history ids are the repository's (UUID-like); anything else cannot be one: a 404 without a query. */
export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}
