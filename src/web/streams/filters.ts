import type { Request } from 'express';
import type { EventKind, EventSummary } from '../../zoom/client';

/**
 * The overview's filters (issue 22): GET query parameters, so a filtered view is a link. `q` matches the
 * topic, `type` the kind, `dest` where an event streams now ('notset', 'saved:<id>' or 'host:<host>'),
 * `from`/`to` the start date (YYYY-MM-DD in the host's zone), `series` one recurring event ('meeting:<id>').
 * Anything else is ignored: a bad value is no filter, never an error.
 */
export interface StreamFilters {
  q: string;
  type: '' | EventKind;
  dest: string;
  from: string;
  to: string;
  series: string;
  /** 1-based page of the filtered rows. */
  page: number;
  /** "Select all shown" without JavaScript: every row of this view ticked. */
  selectShown: boolean;
}

export interface Listed {
  kind: EventKind;
  event: EventSummary;
}

/** Rows on one page: a season's 600 events are 12 pages, each read and drawn at once. */
export const PAGE_SIZE = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEST = /^(notset|saved:[A-Za-z0-9-]{1,64}|host:[A-Za-z0-9.:[\]-]{1,255})$/;
const SERIES = /^(meeting|webinar):[0-9]{1,19}$/;
/** Zoom's recurring types: meetings 3 and 8, webinars 6 and 9 (one id for every occurrence). */
const RECURRING = new Set([3, 6, 8, 9]);

function one(raw: unknown, max = 200): string {
  return typeof raw === 'string' ? raw.trim().slice(0, max) : '';
}

export function filtersOf(query: Request['query']): StreamFilters {
  const type = one(query.type);
  const page = Number.parseInt(one(query.page, 6), 10);
  const date = (raw: unknown) => (DATE.test(one(raw, 10)) ? one(raw, 10) : '');
  return {
    q: one(query.q),
    type: type === 'meeting' || type === 'webinar' ? type : '',
    dest: DEST.test(one(query.dest, 300)) ? one(query.dest, 300) : '',
    from: date(query.from),
    to: date(query.to),
    series: SERIES.test(one(query.series, 40)) ? one(query.series, 40) : '',
    page: Number.isFinite(page) && page > 0 ? page : 1,
    selectShown: one(query.select) === 'shown',
  };
}

export const isRecurring = ({ event }: Listed): boolean => RECURRING.has(event.type ?? 0);

/** The calendar day of a start in the host's zone, as the date inputs give it ('' without a valid start). */
function dayOf(startIso: string | undefined, timeZone: string | undefined): string {
  const when = new Date(startIso ?? '');
  if (Number.isNaN(when.getTime())) return '';
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(when);
  } catch {
    return when.toISOString().slice(0, 10);
  }
}

/** Every filter but `dest`, which needs each event's settings (the caller reads them, then filters). */
export function matchesListing(listed: Listed, filters: StreamFilters, timeZone: string | undefined): boolean {
  const { kind, event } = listed;
  if (filters.type && kind !== filters.type) return false;
  if (filters.series && `${kind}:${event.id}` !== filters.series) return false;
  if (filters.q && !event.topic.toLocaleLowerCase().includes(filters.q.toLocaleLowerCase())) return false;
  if (filters.from || filters.to) {
    const day = dayOf(event.start_time, timeZone ?? event.timezone);
    if (!day || (filters.from && day < filters.from) || (filters.to && day > filters.to)) return false;
  }
  return true;
}

/** The query of this view with some parameters changed: paging links and "clear" keep the rest. */
export function queryOf(filters: StreamFilters, change: Partial<Record<'q' | 'type' | 'dest' | 'from' | 'to' | 'series' | 'page', string>> = {}): string {
  const { q, type, dest, from, to, series } = filters;
  const values: Record<string, string> = { q, type, dest, from, to, series, page: filters.page > 1 ? String(filters.page) : '', ...change };
  const query = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ''));
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const isFiltered = (filters: StreamFilters): boolean =>
  Boolean(filters.q || filters.type || filters.dest || filters.from || filters.to || filters.series);
