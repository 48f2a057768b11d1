import 'express-session';

/**
 * Paging through the upcoming meetings. Zoom pages with opaque next_page_token values that expire
 * after 15 minutes; the page's URL carries only a page number (/?page=2), and the tokens of the
 * pages this host has visited stay in their session, so Previous works and no token is ever in a URL.
 */
declare module 'express-session' {
  interface SessionData {
    /** next_page_token of page 2, 3, … as Zoom gave them, in order. */
    meetingPages: string[];
  }
}

/** The client asks Zoom for pages of 30 (zoom/client.ts listUpcoming). */
export const PAGE_SIZE = 30;
/** 200 pages of 30: more meetings than a host schedules, and a bound on what the session holds. */
const MAX_PAGES = 200;

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

type Pages = { meetingPages?: string[] };

/** The token that opens page n: '' for the first; undefined when this session never saw it (an old or foreign link). */
export function tokenOfPage(session: Pages, page: number): string | undefined {
  return page === 1 ? '' : session.meetingPages?.[page - 2];
}

/** After reading page n: pages beyond it are forgotten (Zoom issued a new token for the next one). */
export function rememberNextPage(session: Pages, page: number, nextToken: string): void {
  const kept = (session.meetingPages ?? []).slice(0, page - 1);
  if (nextToken && isPageToken(nextToken) && page < MAX_PAGES) kept.push(nextToken);
  session.meetingPages = kept;
}

export function forgetPages(session: Pages): void {
  delete session.meetingPages;
}

export interface Paging {
  page: number;
  /** "1–30 of 44"; null when Zoom gave no total or the page is empty. */
  range: { from: number; to: number; total: number } | null;
  previousHref: string;
  nextHref: string;
}

export function hrefOfPage(page: number): string {
  return page <= 1 ? '/' : `/?page=${page}`;
}

/** What the page shows under the list; null when everything fits on one page. */
export function pagingOf(page: number, shown: number, total: number | undefined, hasNext: boolean): Paging | null {
  if (page === 1 && !hasNext) return null;
  const from = (page - 1) * PAGE_SIZE + 1;
  const range = shown > 0 && total !== undefined ? { from, to: from + shown - 1, total } : null;
  return { page, range, previousHref: page > 1 ? hrefOfPage(page - 1) : '', nextHref: hasNext ? hrefOfPage(page + 1) : '' };
}
