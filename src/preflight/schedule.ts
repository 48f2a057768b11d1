import type { Logger } from 'pino';
import type { ZoomAccess } from '../livestream/change';
import type { EventKind, EventSummary, ZoomClient } from '../zoom/client';
import type { PreflightRepository } from './repository';
import type { Preflight } from './service';

/**
 * The automatic pre-flight run: every period, for each host the app acts for without a page (a plan's grant, or a
 * session of a host whose streams it changed), the upcoming meetings and webinars whose start is within a window
 * (24 h and 1 h before by default, PREFLIGHT_BEFORE_HOURS) are checked, once per event, start and window across
 * instances (a row in preflight_runs decides who). An event without a stream set is left alone: nothing to check.
 * A window missed while the app was down is caught up on the next run, unless a later window has begun.
 */
export interface ScheduleDeps {
  zoom: Pick<ZoomClient, 'listUpcoming' | 'getLivestream'>;
  preflight: Pick<Preflight, 'check'>;
  repository: Pick<PreflightRepository, 'takeRun' | 'releaseRun' | 'recentHosts'>;
  /** The plans' grant holders. */
  grantHolders: () => Promise<string[]>;
  accessFor: (userId: string) => Promise<ZoomAccess | undefined>;
  /** How long before an event's start each check runs, longest first (ms). */
  windowsMs: readonly number[];
  periodMs: number;
  owner: string;
  now: () => number;
  logger: Logger;
}

/** Hosts whose streams the app changed this recently are looked after (a host gone longer needs a page to come back). */
const RECENT_HOSTS_MS = 90 * 24 * 3600_000;
const KINDS: EventKind[] = ['meeting', 'webinar'];

/** The window the event is in now (the shortest that has begun), or undefined before the first or once started. */
export function dueWindow(startMs: number, nowMs: number, windowsMs: readonly number[]): number | undefined {
  if (!Number.isFinite(startMs) || nowMs >= startMs) return undefined;
  const begun = windowsMs.filter((window) => nowMs >= startMs - window);
  return begun.length === 0 ? undefined : Math.min(...begun);
}

export function createPreflightSchedule(deps: ScheduleDeps) {
  const { zoom, repository, logger, now } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function upcomingOf(access: ZoomAccess): Promise<Array<EventSummary & { kind: EventKind }>> {
    const found: Array<EventSummary & { kind: EventKind }> = [];
    for (const kind of KINDS) {
      // The first page (up to 300) is the soonest: a check 24 h ahead never needs a later one.
      const page = await access((token) => zoom.listUpcoming(token, kind, '', 300)).catch(() => undefined);
      for (const event of page?.events ?? []) found.push({ ...event, kind });
    }
    return found;
  }

  async function runHost(userId: string): Promise<number> {
    const access = await deps.accessFor(userId);
    if (!access) return 0;
    let checked = 0;
    // The host's licence and settings are the same for every event of this pass: read once.
    const hostReadings = {};
    for (const event of await upcomingOf(access)) {
      const startMs = Date.parse(event.start_time ?? '');
      const window = dueWindow(startMs, now(), deps.windowsMs);
      if (window === undefined) continue;
      const stream = await access((token) => zoom.getLivestream(token, event.kind, event.id)).catch(() => undefined);
      if (!stream?.stream_url) continue;
      const runKey = `${event.kind}:${event.id}:${startMs}:${window}`;
      if (!(await repository.takeRun(runKey, deps.owner, now()))) continue;
      try {
        await deps.preflight.check({ userId, kind: event.kind, eventId: event.id, access, trigger: 'auto', hostReadings });
        checked += 1;
      } catch (error) {
        // An outage (Zoom's, the database's) is no result: the run is given back, so the next pass checks it again.
        await repository.releaseRun(runKey, deps.owner).catch(() => undefined);
        logger.warn({ err: error, kind: event.kind }, 'pre-flight check not run; trying again next pass');
      }
    }
    return checked;
  }

  /** One pass over every host; resolves to how many events were checked. */
  async function runOnce(): Promise<number> {
    const hosts = new Set([...(await deps.grantHolders()), ...(await repository.recentHosts(now() - RECENT_HOSTS_MS))]);
    let checked = 0;
    for (const userId of hosts) {
      checked += await runHost(userId).catch((error: unknown) => {
        logger.warn({ err: error }, 'pre-flight run skipped a host');
        return 0;
      });
    }
    if (checked > 0) logger.info({ checked }, 'pre-flight checks run');
    return checked;
  }

  function tick(): void {
    running ??= runOnce().then(() => undefined, (error: unknown) => logger.warn({ err: error }, 'pre-flight run failed'))
      .finally(() => { running = undefined; });
  }

  return {
    runOnce,
    /** Starts the timer (server.ts); a period of 0 turns the automatic run off (tests call runOnce). */
    start(): void {
      if (deps.periodMs > 0 && !timer) timer = setInterval(tick, deps.periodMs);
      timer?.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

export type PreflightSchedule = ReturnType<typeof createPreflightSchedule>;
