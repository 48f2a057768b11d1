import type { Response } from 'express';
import { NAME_MAX } from '../../destinations/form';
import { MAX_DESTINATIONS, type Privacy } from '../../destinations/types';
import { DESCRIPTION_MAX, TITLE_PATTERN_MAX, type YouTubeErrors, type YouTubeValues } from '../../destinations/youtube-form';
import type { Translate } from '../../livestream/form';
import type { YouTubeChannel } from '../../youtube/grant';
import { DEFAULT_TITLE_PATTERN, broadcastTitle } from '../../youtube/title';

/**
 * The YouTube destination's form page (issue 24), and the host's YouTube connection as the `status` middleware of
 * src/web/youtube/handlers.ts left it on res.locals before the destinations routes.
 */
export interface YouTubeConnection {
  offered: boolean;
  channel?: YouTubeChannel;
  refused: boolean;
}

/** undefined when the app offers no YouTube (no Google client configured): the status middleware then sets nothing. */
export function connectionOf(res: Response): YouTubeConnection | undefined {
  const found = res.locals.youtube as YouTubeConnection | undefined;
  return found?.offered ? found : undefined;
}

export interface YouTubeFormPage {
  /** The destination being edited; undefined for a new one. */
  id?: string;
  values: YouTubeValues;
  errors?: YouTubeErrors;
  /** The host keeps MAX_DESTINATIONS already: the form says so. */
  full?: boolean;
  /** YouTube is not connected: the page says to connect it first (a new destination cannot be saved). */
  notConnected?: boolean;
}

/** Each privacy's words, in PRIVACIES order (each key written out, so the catalogue test finds it). */
export function privacyChoices(t: Translate): Array<{ value: Privacy; label: string; help: string }> {
  return [
    { value: 'public', label: t('destinations.youtube.privacy.public.label'), help: t('destinations.youtube.privacy.public.help') },
    { value: 'unlisted', label: t('destinations.youtube.privacy.unlisted.label'), help: t('destinations.youtube.privacy.unlisted.help') },
    { value: 'private', label: t('destinations.youtube.privacy.private.label'), help: t('destinations.youtube.privacy.private.help') },
  ];
}

/** "YouTube · Unlisted": what the list shows for a YouTube destination in place of its (empty) stream fields. */
export function youtubeKind(t: Translate, privacy: Privacy): string {
  const label = privacyChoices(t).find((choice) => choice.value === privacy)?.label ?? privacy;
  return t('destinations.youtube.kind', { privacy: label });
}

/** The example under the title pattern: the pattern as it is, filled for a made-up event, the way youtube/title.ts fills it. */
const EXAMPLE_START = '2026-05-01T17:00:00Z';

export function renderYouTubeForm(res: Response, t: Translate, status: number, page: YouTubeFormPage): void {
  const example = broadcastTitle({ topic: t('destinations.youtube.fields.titlePattern.exampleTopic'), startTime: EXAMPLE_START }, page.values.titlePattern);
  res.status(status).render('destinations-youtube-form', {
    id: page.id ?? '',
    values: page.values,
    errors: page.errors ?? {},
    full: page.full ?? false,
    notConnected: page.notConnected ?? false,
    channel: connectionOf(res)?.channel?.title ?? '',
    example,
    defaultPattern: DEFAULT_TITLE_PATTERN,
    privacies: privacyChoices(t),
    nameMax: NAME_MAX,
    titleMax: TITLE_PATTERN_MAX,
    descriptionMax: DESCRIPTION_MAX,
    max: MAX_DESTINATIONS,
  });
}
