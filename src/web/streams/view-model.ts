import type { Request, Response } from 'express';
import type { Destination } from '../../destinations/types';
import { filtersOf, isFiltered, isRecurring, matchesListing, PAGE_SIZE, queryOf, type Listed, type StreamFilters } from './filters';
import type { UpcomingList, StreamRow } from './overview';
import { matchesDest, type rowsReader } from './rows';

/**
 * One view of the overview: the events the filters let through, one page of them as rows, the choices the
 * filter form offers (recurring series, saved destinations, stream hosts seen) and the links to the other pages.
 */
export interface OverviewView {
  rows: StreamRow[];
  filters: StreamFilters;
  filtered: boolean;
  /** Events after the filters (all pages), and all the lists gave. */
  matching: number;
  listedTotal: number;
  page: number;
  pages: number;
  /** `?…` of this view, for the apply form to come back to, and of the neighbouring pages ('' when none). */
  query: string;
  prevQuery: string | null;
  nextQuery: string | null;
  series: Array<{ value: string; topic: string }>;
  hosts: string[];
  pendingCount: number;
}

export async function overviewView(
  req: Request, res: Response, reader: ReturnType<typeof rowsReader>, lists: UpcomingList[], saved: Destination[], ticked: ReadonlySet<string>,
): Promise<OverviewView> {
  const filters = filtersOf(req.query);
  const timeZone = req.session.host?.timezone;
  const listed: Listed[] = lists.flatMap((list) => list.events.map((event) => ({ kind: list.kind, event })));
  const shown = listed.filter((item) => matchesListing(item, filters, timeZone));
  let rows: StreamRow[];
  let matching: number;
  if (filters.dest) {
    // Where each event streams now is in its settings: read them all (paced, cached), then filter and page.
    const all = (await reader.rowsOf(req, res, shown, saved, ticked, true)).filter((row) => matchesDest(row, filters.dest));
    matching = all.length;
    rows = all.slice((filters.page - 1) * PAGE_SIZE, filters.page * PAGE_SIZE);
  } else {
    matching = shown.length;
    rows = await reader.rowsOf(req, res, shown.slice((filters.page - 1) * PAGE_SIZE, filters.page * PAGE_SIZE), saved, ticked, false);
  }
  if (filters.selectShown) for (const row of rows) row.checked = true;
  const pages = Math.max(1, Math.ceil(matching / PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const savedHosts = saved.map((d) => { try { return new URL(d.stream_url).host; } catch { return ''; } });
  const hosts = [...new Set([...savedHosts, ...rows.map((row) => row.current?.host ?? '')].filter((host) => host !== ''))].sort();
  return {
    rows, filters, filtered: isFiltered(filters), matching, listedTotal: listed.length, page, pages,
    query: queryOf(filters),
    prevQuery: page > 1 ? queryOf(filters, { page: page - 1 > 1 ? String(page - 1) : '' }) : null,
    nextQuery: page < pages ? queryOf(filters, { page: String(page + 1) }) : null,
    series: listed.filter(isRecurring).map(({ kind, event }) => ({ value: `${kind}:${event.id}`, topic: event.topic })),
    hosts,
    pendingCount: rows.filter((row) => row.pending).length,
  };
}
