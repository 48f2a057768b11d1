import type { Logger } from 'pino';
import type { YouTubeLiveStatusService } from '../../youtube/live-status';

/**
 * Each /streams row's YouTube watch page (issue 24), when the app made a broadcast for the event: from the app's
 * database in one query, never a YouTube call per row. A database that cannot say costs the links, never the page.
 */
export type YouTubeLinks = Pick<YouTubeLiveStatusService, 'linksOf'>;

/** `${kind}:${id}` → watch page. */
export async function youtubeLinksOf(youtube: YouTubeLinks | undefined, userId: string, rows: ReadonlyArray<{ kind: string; id: string }>, logger?: Pick<Logger, 'warn'>): Promise<Map<string, string>> {
  if (!youtube || !userId || rows.length === 0) return new Map();
  try {
    return await youtube.linksOf(userId, rows.map((row) => ({ kind: row.kind, eventId: row.id })));
  } catch (error) {
    logger?.warn({ err: error }, 'YouTube links not read for the page');
    return new Map();
  }
}
