import type { EventKind } from '../../zoom/client';

/**
 * Paging through the upcoming meetings and webinars. Zoom pages with opaque next_page_token values that
 * expire after 15 minutes; the page's URL carries only a page number (/?page=2 for meetings, /?wpage=2 for
 * webinars), and the tokens of the pages this host has visited stay in their session, so Previous works
 * and no token is ever in a URL.
 */

/** The client asks Zoom for pages of 30 (zoom/client.ts listUpcoming). */
export const PAGE_SIZE = 30;
/** 200 pages of 30: more events than a host schedules, and a bound on what the session holds. */
const MAX_PAGES = 200;
/** The query parameter of each list's page number. */
export const PAGE_PARAM: Record<EventKind, string> = { meeting: 'page', webinar: 'wpage' };

/** Zoom's paging tokens are short opaque strings; anything else is not kept. */
function isPageToken(value: string): boolean {
  return /^[A-Za-z0-9._~-]{1,256}$/.test(value);
}

/** ?page=N as a number; 1 when absent; undefined when it is not a page number. */
export function pageNumberOf(raw: unknown): number | undefined {
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,2}$/.test(raw)) return undefined;
  const page = Number(raw);
  return page <= MAX_PAGES ? page : undefined;
}

type Pages = { eventPages?: Partial<Record<EventKind, string[]>> };

/** The token that opens page n: '' for the first; undefined when this session never saw it (an old or foreign link). */
export function tokenOfPage(session: Pages, kind: EventKind, page: number): string | undefined {
  return page === 1 ? '' : session.eventPages?.[kind]?.[page - 2];
}

/** After reading page n: pages beyond it are forgotten (Zoom issued a new token for the next one). */
export function rememberNextPage(session: Pages, kind: EventKind, page: number, nextToken: string): void {
  const kept = (session.eventPages?.[kind] ?? []).slice(0, page - 1);
  if (nextToken && isPageToken(nextToken) && page < MAX_PAGES) kept.push(nextToken);
  session.eventPages = { ...session.eventPages, [kind]: kept };
}

export function forgetPages(session: Pages, kind: EventKind): void {
  if (!session.eventPages) return;
  const { [kind]: _forgotten, ...others } = session.eventPages;
  session.eventPages = others;
}

export interface Paging {
  page: number;
  /** "1–30 of 44"; null when Zoom gave no total or the page is empty. */
  range: { from: number; to: number; total: number } | null;
  firstHref: string;
  previousHref: string;
  nextHref: string;
}

export function hrefOfPage(kind: EventKind, page: number): string {
  return page <= 1 ? '/' : `/?${PAGE_PARAM[kind]}=${page}`;
}

/** What the page shows under a list; null when everything fits on one page. */
export function pagingOf(kind: EventKind, page: number, shown: number, total: number | undefined, hasNext: boolean): Paging | null {
  if (page === 1 && !hasNext) return null;
  const from = (page - 1) * PAGE_SIZE + 1;
  const range = shown > 0 && total !== undefined ? { from, to: from + shown - 1, total } : null;
  return {
    page,
    range,
    firstHref: page > 2 ? hrefOfPage(kind, 1) : '',
    previousHref: page > 1 ? hrefOfPage(kind, page - 1) : '',
    nextHref: hasNext ? hrefOfPage(kind, page + 1) : '',
  };
}
