/** Request checks that mirror Zoom's OpenAPI document ({Meeting,Webinar}IdLivestreamBody, LivestreamStatusBody{,1}). */
import type { FieldError } from '../errors';
import type { EventKind, LivestreamSettings } from '../types';

const INT64_MAX = 9223372036854775807n;

/** Meeting and webinar ids are int64: digits without a leading zero, within range. Compared as BigInt, never as a JS number. */
export function isValidEventId(raw: string): boolean {
  return /^[1-9][0-9]{0,18}$/.test(raw) && BigInt(raw) <= INT64_MAX;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface StringRule {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  uri?: boolean;
  oneOf?: string[];
}

/** Length in code points, as JSON Schema counts it (so the emulator and the schema agree on emoji). */
function lengthOf(value: string): number {
  return [...value].length;
}

function isAbsoluteUri(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function stringProblem(value: unknown, rule: StringRule): string | undefined {
  if (value === undefined) return rule.required ? 'Required field is missing.' : undefined;
  if (typeof value !== 'string') return 'Must be a string.';
  if (rule.minLength !== undefined && lengthOf(value) < rule.minLength) return `Must be at least ${rule.minLength} characters.`;
  if (rule.maxLength !== undefined && lengthOf(value) > rule.maxLength) return `Must be at most ${rule.maxLength} characters.`;
  if (rule.uri && !isAbsoluteUri(value)) return 'Must be an absolute URI.';
  if (rule.oneOf && !rule.oneOf.includes(value)) return `Must be one of: ${rule.oneOf.join(', ')}.`;
  return undefined;
}

function checkFields(body: Record<string, unknown>, rules: Record<string, StringRule>, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, rule] of Object.entries(rules)) {
    const message = stringProblem(body[field], rule);
    if (message) errors.push({ field: prefix + field, message });
  }
  return errors;
}

const LIVESTREAM_RULES: Record<string, StringRule> = {
  stream_url: { required: true, maxLength: 1024 },
  stream_key: { required: true, maxLength: 512 },
  page_url: { required: true, maxLength: 1024, uri: true },
  resolution: { oneOf: ['720p', '1080p'] },
};

export function checkLivestreamBody(body: Record<string, unknown>): { errors: FieldError[]; settings?: LivestreamSettings } {
  const errors = checkFields(body, LIVESTREAM_RULES);
  if (errors.length > 0) return { errors };
  const { stream_url, stream_key, page_url, resolution } = body as unknown as LivestreamSettings;
  const settings: LivestreamSettings = { stream_url, stream_key, page_url };
  if (resolution !== undefined) settings.resolution = resolution;
  return { errors, settings };
}

// LivestreamStatusBody (meetings) knows mode, layout and captions; LivestreamStatusBody1 (webinars) only start and stop.
const STATUS_RULES: Record<EventKind, Record<string, StringRule>> = {
  meeting: { action: { required: true, oneOf: ['start', 'stop', 'mode'] } },
  webinar: { action: { required: true, oneOf: ['start', 'stop'] } },
};
const STATUS_SETTINGS_RULES: Record<EventKind, Record<string, StringRule>> = {
  meeting: {
    display_name: { minLength: 1, maxLength: 50 },
    layout: { oneOf: ['follow_host', 'gallery_view', 'speaker_view'] },
    close_caption: { oneOf: ['burnt-in', 'embedded', 'off'] },
  },
  webinar: { display_name: { minLength: 1, maxLength: 50 } },
};

export function checkStatusBody(body: Record<string, unknown>, kind: EventKind): FieldError[] {
  const errors = checkFields(body, STATUS_RULES[kind]);
  const settings = body.settings;
  if (settings === undefined) return errors;
  if (!isPlainObject(settings)) return [...errors, { field: 'settings', message: 'Must be an object.' }];
  errors.push(...checkFields(settings, STATUS_SETTINGS_RULES[kind], 'settings.'));
  const speaker = settings.active_speaker_name;
  if (speaker !== undefined && typeof speaker !== 'boolean') {
    errors.push({ field: 'settings.active_speaker_name', message: 'Must be a boolean.' });
  }
  return errors;
}
