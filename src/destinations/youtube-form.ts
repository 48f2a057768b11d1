import type { Translate } from '../livestream/form';
import { NAME_MAX, nameError } from './form';
import { PRIVACIES, type DestinationInput, type Privacy, type YouTubeOptions } from './types';

/**
 * A YouTube destination's form (issue 24): a name (the rule every destination has), who may watch, the
 * broadcast's title pattern and description, and whether YouTube starts and ends the broadcast with the stream.
 * Its stream fields stay empty: each event gets its own broadcast, ingest address and key from YouTube.
 */

/** Our own bound: the filled title is cut to YouTube's 100 anyway (youtube/title.ts); a pattern has room for a long topic's frame. */
export const TITLE_PATTERN_MAX = 200;
/** YouTube's limit for a description, counted in UTF-16 units as its API counts them. */
export const DESCRIPTION_MAX = 5000;

/**
 * Unlisted unless the host chooses: a broadcast the app creates on its own should not appear on the channel and in
 * subscribers' feeds before the host meant it to, as YouTube's own default (public) would; whoever has the link (the
 * page Zoom shows) can still watch. Going public is one deliberate click.
 */
export const DEFAULT_PRIVACY: Privacy = 'unlisted';

/** The form's fields as typed: privacy stays a string so an unknown value can be shown back with its message. */
export interface YouTubeValues {
  name: string;
  privacy: string;
  titlePattern: string;
  description: string;
  autoStart: boolean;
  autoStop: boolean;
}
export type YouTubeField = keyof YouTubeValues;
export type YouTubeErrors = Partial<Record<YouTubeField, string>>;

/** A new YouTube destination's form: YouTube starts and ends the broadcast with the stream unless the host says not. */
export const NEW_YOUTUBE_DESTINATION: YouTubeValues = {
  name: '', privacy: DEFAULT_PRIVACY, titlePattern: '', description: '', autoStart: true, autoStop: true,
};

/** A saved destination's options as the form shows them. */
export function youtubeValuesOf(name: string, options: YouTubeOptions): YouTubeValues {
  return { name, ...options };
}

/** YouTube refuses `<` and `>` in a title or description (invalidTitle, invalidDescription). */
const ANGLE_BRACKET = /[<>]/;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A description keeps its line breaks and tabs; other control characters are not text YouTube shows. */
const DESCRIPTION_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function privacyError(privacy: string): string | undefined {
  if (privacy === '') return 'destinations.youtube.errors.privacy.required';
  return PRIVACIES.includes(privacy as Privacy) ? undefined : 'destinations.youtube.errors.privacy.invalid';
}

function titlePatternError(pattern: string): string | undefined {
  // Either placeholder, both or neither: a fixed title is a choice (every broadcast then has the same title).
  if (pattern.length > TITLE_PATTERN_MAX) return 'destinations.youtube.errors.titlePattern.tooLong';
  if (ANGLE_BRACKET.test(pattern)) return 'destinations.youtube.errors.titlePattern.angleBrackets';
  if (CONTROL.test(pattern)) return 'destinations.youtube.errors.titlePattern.control';
  return undefined;
}

function descriptionError(description: string): string | undefined {
  if (description.length > DESCRIPTION_MAX) return 'destinations.youtube.errors.description.tooLong';
  if (ANGLE_BRACKET.test(description)) return 'destinations.youtube.errors.description.angleBrackets';
  if (DESCRIPTION_CONTROL.test(description)) return 'destinations.youtube.errors.description.control';
  return undefined;
}

/** The posted form, checked: values as typed (to show again), a message per bad field, and the input when all are good. */
export function validateYouTubeDestination(body: unknown, t: Translate): { values: YouTubeValues; errors: YouTubeErrors; input?: DestinationInput } {
  const source = (body ?? {}) as Record<string, unknown>;
  const errors: YouTubeErrors = {};
  // A repeated or array-shaped field is not a value a host typed (as on the live stream form).
  const text = (field: 'privacy' | 'titlePattern' | 'description'): string => {
    const raw = source[field];
    if (raw !== undefined && typeof raw !== 'string') errors[field] = t('form.errors.repeated');
    return typeof raw === 'string' ? raw : '';
  };
  const values: YouTubeValues = {
    name: typeof source.name === 'string' ? source.name.trim() : '',
    privacy: text('privacy').trim(),
    titlePattern: text('titlePattern').trim(),
    // Browsers send a textarea's line breaks as CRLF: YouTube would count each as two of its 5000.
    description: text('description').replace(/\r\n?/g, '\n').trim(),
    // A browser sends a ticked box and leaves an unticked one out.
    autoStart: source.autoStart !== undefined,
    autoStop: source.autoStop !== undefined,
  };
  const checks: Array<[YouTubeField, string | undefined, Record<string, unknown>]> = [
    ['name', nameError(source.name), { max: NAME_MAX }],
    ['privacy', privacyError(values.privacy), {}],
    ['titlePattern', titlePatternError(values.titlePattern), { max: TITLE_PATTERN_MAX }],
    ['description', descriptionError(values.description), { max: DESCRIPTION_MAX }],
  ];
  for (const [field, key, params] of checks) if (key) errors[field] ??= t(key, params);
  if (Object.keys(errors).length > 0) return { values, errors };
  const { name, titlePattern, description, autoStart, autoStop } = values;
  const youtube: YouTubeOptions = { privacy: values.privacy as Privacy, titlePattern, description, autoStart, autoStop };
  return { values, errors, input: { name, stream_url: '', stream_key: '', page_url: '', resolution: '', youtube } };
}
