import type { Request, Response } from 'express';
import type { Destination } from '../../destinations/types';
import { liveKeyOf, type LiveEvidence } from '../../events/live-store';
import { liveViewOf, type ZoomReading } from '../../events/live-view';
import { failureOf } from '../shared/failures';
import { formatTimeOfDay } from '../shared/format';
import type { Livestream } from '../../zoom/client';
import { formatCompactStart } from './compact-time';
import { isRecurring, type Listed } from './filters';
import { accountOf, targetOf, type OverviewDeps, type StreamRow } from './overview';

/**
 * The overview's rows: each listed event's settings (through the read cache, paced), its live state, its
 * start. A cold view does not wait for every read: after SETTINGS_WAIT_MS the rows still unread say
 * "reading…" and the page shows; the reads go on into the cache, and the page (its script, or a reload)
 * fills them in from there. A destination filter needs every reading, so it waits for all; so does an app
 * without a read cache (ZOOM_CACHE_SECONDS=0), where a second view would read everything again.
 */
export const SETTINGS_WAIT_MS = 1000;

/** rtmp://live.example.com/app → live.example.com; a URL that does not parse is shown as it is. */
function hostOf(streamUrl: string): string {
  try {
    return new URL(streamUrl).host || streamUrl;
  } catch {
    return streamUrl;
  }
}

function currentOf(settings: Livestream, saved: Destination[]): StreamRow['current'] {
  if (!settings.stream_url && !settings.stream_key) return null;
  const match = saved.find((d) => d.stream_url === settings.stream_url && d.stream_key === settings.stream_key);
  return { host: hostOf(settings.stream_url), name: match?.name ?? '', destinationId: match?.id ?? '' };
}

/** The row's state: the app's evidence (Zoom's events, its own starts) weighed against Zoom's live list by age. */
function liveOf(req: Request, evidence: LiveEvidence | undefined, zoom: ZoomReading | undefined): StreamRow['live'] {
  const view = liveViewOf(evidence, zoom);
  const since = view.status === 'live' && view.since ? new Date(view.since) : undefined;
  return {
    status: view.status === 'unknown' ? 'notStarted' : view.status,
    sinceIso: since ? since.toISOString() : '',
    sinceText: since ? formatTimeOfDay(since, req.session.host?.timezone, req.language) : '',
  };
}

type Settled = { ok: true; value: Livestream } | { ok: false; reason: unknown };

/** Resolves after `ms` (or at once for 0); the timer never holds the process open. */
function budget(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Whether a row's current destination is the one a `dest` filter names. */
export function matchesDest(row: StreamRow, dest: string): boolean {
  if (!dest) return true;
  if (row.pending || row.failure) return false;
  if (dest === 'notset') return row.current === null;
  if (dest.startsWith('saved:')) return row.current?.destinationId === dest.slice('saved:'.length);
  return row.current?.host === dest.slice('host:'.length);
}

export function rowsReader({ zoom, reads, pacer, live, fillLater = false }: OverviewDeps, now: () => number) {
  /** Zoom's own word on which meetings are in progress (GET …/meetings?type=live, cached); undefined when it would not say. */
  async function liveMeetings(req: Request, res: Response): Promise<{ ids: Set<string>; at: number } | undefined> {
    try {
      const reading = await reads(req, res).liveMeetings();
      return { ids: new Set(reading.value), at: reading.at };
    } catch {
      return undefined;
    }
  }

  async function rowsOf(req: Request, res: Response, listed: Listed[], saved: Destination[], ticked: ReadonlySet<string>, waitAll: boolean): Promise<StreamRow[]> {
    const account = accountOf(req);
    const timeZone = req.session.host?.timezone;
    const readings = reads(req, res);
    const states = live.ofHost(req.session.zoom?.userId ?? '').catch(() => new Map<string, LiveEvidence>());
    const zoomLive = liveMeetings(req, res);
    const settled: Array<Settled | undefined> = listed.map(() => undefined);
    // Paced inside the token keeper, as the runner does: the session read comes first, so a call counted
    // in one second goes out in that second.
    const all = Promise.all(listed.map(({ kind, event }, i) =>
      readings.livestream(kind, event.id, (token) => pacer.run(account, () => zoom.getLivestream(token, kind, event.id)))
        .then((value) => { settled[i] = { ok: true, value }; }, (reason: unknown) => { settled[i] = { ok: false, reason }; })));
    await (waitAll || !fillLater ? all : Promise.race([all, budget(SETTINGS_WAIT_MS)]));
    const [known, inProgress] = await Promise.all([states, zoomLive]);
    return listed.map((item, i): StreamRow => {
      const { kind, event } = item;
      const read = settled[i];
      const value = targetOf(kind, event.id);
      const zoomSays = kind === 'meeting' && inProgress ? { status: inProgress.ids.has(event.id) ? 'started' : 'waiting', at: inProgress.at } : undefined;
      return {
        kind, id: event.id, topic: event.topic, value, checked: ticked.has(value), recurring: isRecurring(item),
        startIso: event.start_time ?? '',
        startsAt: formatCompactStart(event.start_time, timeZone ?? event.timezone, req.language, now()),
        pending: read === undefined,
        current: read?.ok ? currentOf(read.value, saved) : null,
        failure: read && !read.ok ? failureOf(read.reason, req, { kind }) : null,
        live: liveOf(req, known.get(liveKeyOf(kind, event.id)), zoomSays),
      };
    });
  }

  return { rowsOf };
}
