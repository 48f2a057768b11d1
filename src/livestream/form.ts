import { z } from 'zod';
import type { LivestreamUpdate } from '../zoom/client';

/**
 * The live stream form: Zoom's own field names and limits (MeetingIdLivestreamBody),
 * with messages a host can act on (catalogue keys, translated for the request's language).
 * Values come back as typed so the form can be refilled.
 */
export type Translate = (key: string, params?: Record<string, unknown>) => string;
const FIELDS = ['stream_url', 'stream_key', 'page_url', 'resolution'] as const;
export type FieldName = (typeof FIELDS)[number];
export type FormValues = Record<FieldName, string>;
export type FieldErrors = Partial<Record<FieldName, string>>;
/** Nothing typed and nothing from Zoom: the form's fields, empty. */
export const EMPTY_VALUES: FormValues = { stream_url: '', stream_key: '', page_url: '', resolution: '' };

/** Zoom counts characters as code points (an emoji is one), not UTF-16 units like String.length. */
export const codePoints = (value: string) => [...value].length;

// Control characters (NUL, CR, LF, …) never belong in a URL or a key and break RTMP encoders.
export const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Zoom's limits (MeetingIdLivestreamBody), also the {{max}} of the "too long" messages. */
const LIMITS: Partial<Record<FieldName, number>> = { stream_url: 1024, stream_key: 512, page_url: 1024 };

const required = (field: 'stream_url' | 'stream_key' | 'page_url') =>
  z
    .string()
    .min(1, `form.errors.${field}.required`)
    .max(LIMITS[field] ?? 0, `form.errors.${field}.tooLong`)
    .regex(NO_CONTROL, `form.errors.${field}.control`);

const FormSchema = z.object({
  stream_url: required('stream_url'),
  stream_key: required('stream_key'),
  page_url: required('page_url').refine(isWebUrl, { message: 'form.errors.page_url.notWebUrl' }),
  resolution: z.enum(['', '720p', '1080p'], { message: 'form.errors.resolution.invalid' }),
});

/** The fields whose values differ between Zoom's settings before a save and the update sent. */
export function changedFields(before: Partial<FormValues>, update: Partial<FormValues>): FieldName[] {
  return FIELDS.filter((field) => update[field] !== undefined && (before[field] ?? '') !== update[field]);
}

/** A stream URL that does not look like RTMP: probably a web page pasted in the wrong field. Warns, never blocks. */
export function streamUrlWarning(streamUrl: string): boolean {
  return streamUrl !== '' && !/^rtmps?:\/\//i.test(streamUrl);
}

/** A repeated or array-shaped field (`stream_url[]=`) is not a value a host typed: treat it as invalid. */
export function readValues(body: unknown): { values: FormValues; malformed: FieldName[] } {
  const source = (body ?? {}) as Record<string, unknown>;
  const values = {} as FormValues;
  const malformed: FieldName[] = [];
  for (const field of FIELDS) {
    const raw = source[field];
    if (raw !== undefined && typeof raw !== 'string') malformed.push(field);
    values[field] = typeof raw === 'string' ? raw.trim() : '';
  }
  return { values, malformed };
}

export function validate(body: unknown, t: Translate): { values: FormValues; errors: FieldErrors; update?: LivestreamUpdate } {
  const { values, malformed } = readValues(body);
  const errors: FieldErrors = {};
  for (const field of malformed) errors[field] = t('form.errors.repeated');
  const result = FormSchema.safeParse(values);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as FieldName;
      errors[field] ??= t(issue.message, { max: LIMITS[field] });
    }
  }
  if (Object.keys(errors).length > 0 || !result.success) return { values, errors };
  const { resolution, page_url, ...rest } = result.data;
  // Zoom's schema wants an RFC 3986 URI: new URL() percent-encodes what a host may type (é, spaces, IDN).
  const patch = { ...rest, page_url: new URL(page_url).href };
  return { values, errors, update: resolution ? { ...patch, resolution } : patch };
}
