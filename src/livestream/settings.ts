import type { StreamSettings } from '../destinations/types';
import type { Livestream, LivestreamUpdate } from '../zoom/client';

/** A live stream's four settings as the app keeps and compares them, whoever changes them (page, job, plan). */

export function settingsOf(source: Partial<Livestream>): StreamSettings {
  return { stream_url: source.stream_url ?? '', stream_key: source.stream_key ?? '', page_url: source.page_url ?? '', resolution: source.resolution ?? '' };
}

/** What Zoom holds after an update: the update's fields; a resolution not sent stays as it was. */
export function afterOf(before: StreamSettings, update: LivestreamUpdate): StreamSettings {
  return { ...settingsOf(update), resolution: update.resolution ?? before.resolution };
}

/** Zoom requires a stream URL, key and page URL: earlier values without them cannot be sent back. */
export function isRestorable(settings: StreamSettings): boolean {
  return settings.stream_url !== '' && settings.stream_key !== '' && settings.page_url !== '';
}

/** The earlier values as the update that puts them back (Zoom takes no empty resolution: it is left as is). */
export function restoreUpdate(settings: StreamSettings): LivestreamUpdate {
  const { stream_url, stream_key, page_url, resolution } = settings;
  return resolution === '720p' || resolution === '1080p' ? { stream_url, stream_key, page_url, resolution } : { stream_url, stream_key, page_url };
}

/** The same settings, field by field (a job's Undo leaves an event alone once it no longer holds what the job wrote). */
export function sameSettings(a: StreamSettings, b: StreamSettings): boolean {
  return a.stream_url === b.stream_url && a.stream_key === b.stream_key && a.page_url === b.page_url && a.resolution === b.resolution;
}
