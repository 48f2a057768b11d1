import type { GrantStatus } from '../credentials/grants';
import type { HistoryRepository } from '../destinations/types';
import type { ZoomAccess } from '../livestream/change';
import { settingsOf } from '../livestream/settings';
import type { EventDetails, EventKind, ZoomClient, ZoomSettings, ZoomUser } from '../zoom/client';
import { ReconnectRequiredError, ZoomApiError } from '../zoom/errors';
import { encryptionCheck, keptCheck, settingsCheck } from './checks-event';
import { youtubeChecks, type YouTubeCheckDeps } from './checks-youtube';
import { licenceCheck, scopesCheck, streamingCheck, webinarCheck } from './checks-zoom';
import type { IngestResult } from './ingest';
import type { PreflightRepository } from './repository';
import { failing, ok, overallOf, warning, type CheckResult, type PreflightReport, type Trigger } from './types';

/**
 * One pre-flight check of one event, whoever asks (the host's Check now, /streams' ticked rows, the automatic run):
 * Zoom read through the caller's access (paced or not), the ingest asked for a handshake, YouTube asked about its
 * broadcast; the report saved as the event's latest and counted for the operator. Nothing is changed anywhere.
 */
export interface PreflightDeps {
  zoom: Pick<ZoomClient, 'getMe' | 'getSettings' | 'getEvent' | 'getLivestream'>;
  history: Pick<HistoryRepository, 'recent'>;
  repository: Pick<PreflightRepository, 'save'>;
  grants: { statusOf(userId: string): Promise<GrantStatus | undefined> };
  ingest: (streamUrl: string) => Promise<IngestResult>;
  youtube?: YouTubeCheckDeps;
  now: () => number;
  onCheck?: (check: string, result: string) => void;
}

export interface CheckRequest {
  userId: string;
  kind: EventKind;
  eventId: string;
  access: ZoomAccess;
  /** The scopes Zoom granted the token in use; undefined when the caller cannot tell. */
  scope?: string;
  trigger: Trigger;
  /** The host's profile and settings read once for several events (the automatic run's pass over a host). */
  hostReadings?: HostReadings;
}

/** One reading of the host's profile and settings, shared by the checks of their events in one pass. */
export interface HostReadings {
  me?: Promise<ZoomUser>;
  settings?: Promise<ZoomSettings>;
}

/** Zoom no longer has the event for this host (deleted, or not theirs). */
const isGone = (error: unknown) => error instanceof ZoomApiError && (error.status === 404 || error.code === 3001);

/** The next occurrence's start (a series), else the event's; 0 when Zoom gave none. */
export function startOf(details: EventDetails, now: number): number {
  const next = details.occurrences?.map((one) => Date.parse(one.start_time ?? ''))
    .filter((at) => Number.isFinite(at) && at > now - 3600_000).sort((a, b) => a - b)[0];
  const at = next ?? Date.parse(details.start_time ?? '');
  return Number.isFinite(at) ? at : 0;
}

/** The ingest's answer as checks: reachable (or why not), and whether a known service's URL has its usual form. */
function ingestChecks(result: IngestResult): CheckResult[] {
  const checks = [result.ok ? ok('ingest') : failing('ingest', result.failure ?? 'timeout', { ms: result.ms })];
  if (result.service) checks.push(result.serviceForm === 'unexpected' ? warning('serviceForm', 'unexpected', { service: result.service }) : ok('serviceForm'));
  return checks;
}

export function createPreflight(deps: PreflightDeps) {
  const { zoom, now } = deps;

  async function grantCheck(userId: string): Promise<CheckResult | undefined> {
    const status = await deps.grants.statusOf(userId);
    if (status === undefined) return undefined;
    return status === 'refused' ? failing('grant', 'refused') : ok('grant');
  }

  /** Zoom's refusal to read (a 4xx, not a rate limit): a result to show. Anything else is an outage: thrown. */
  function refusalOf(error: unknown): ZoomApiError {
    if (error instanceof ZoomApiError && error.status >= 400 && error.status < 500 && error.status !== 429 && error.status !== 401) return error;
    throw error;
  }

  async function checksOf(request: CheckRequest, details: EventDetails): Promise<CheckResult[]> {
    const { userId, kind, eventId, access } = request;
    const readings = request.hostReadings ?? {};
    readings.me ??= access((token) => zoom.getMe(token));
    readings.settings ??= access((token) => zoom.getSettings(token));
    const [me, settings, livestream] = await Promise.allSettled([
      readings.me,
      readings.settings,
      access((token) => zoom.getLivestream(token, kind, eventId)),
    ]);
    const checks: CheckResult[] = [];
    // Zoom refuses a Basic host's live stream reads with 3161: that is the licence check's answer.
    const streamRefusal = livestream.status === 'rejected' ? refusalOf(livestream.reason) : undefined;
    if (me.status === 'fulfilled') checks.push(streamRefusal?.code === 3161 ? failing('licence', 'basic') : licenceCheck(me.value));
    else checks.push(streamRefusal?.code === 3161 ? failing('licence', 'basic') : warning('licence', 'unknown', { code: refusalOf(me.reason).code ?? 0 }));
    if (settings.status === 'fulfilled') {
      checks.push(streamingCheck(settings.value));
      if (kind === 'webinar') checks.push(webinarCheck(settings.value));
    } else checks.push(warning('streaming', 'unknown', { code: refusalOf(settings.reason).code ?? 0 }));
    const scopes = scopesCheck(request.scope);
    if (scopes) checks.push(scopes);
    checks.push(encryptionCheck(details));
    if (livestream.status === 'rejected') {
      if (streamRefusal?.code !== 3161) checks.push(failing('settings', 'refused', { code: streamRefusal?.code ?? 0 }));
      return checks;
    }
    const stream = settingsOf(livestream.value);
    checks.push(settingsCheck(stream));
    const kept = keptCheck(stream, (await deps.history.recent(userId, kind, eventId, 1))[0]?.after);
    if (kept) checks.push(kept);
    if (stream.stream_url) checks.push(...ingestChecks(await deps.ingest(stream.stream_url)));
    if (deps.youtube) {
      const slot = { startsAt: startOf(details, now()), durationMs: (details.duration ?? 60) * 60_000 };
      checks.push(...await youtubeChecks(deps.youtube, userId, kind, eventId, stream, slot));
    }
    return checks;
  }

  /** Runs every check of the event and saves the report as its latest. Throws only an outage of ours or Zoom's. */
  async function check(request: CheckRequest): Promise<PreflightReport> {
    const { userId, kind, eventId } = request;
    const grant = await grantCheck(userId);
    let checks: CheckResult[];
    let startsAt = 0;
    try {
      const details = await request.access((token) => zoom.getEvent(token, kind, eventId));
      startsAt = startOf(details, now());
      checks = await checksOf(request, details);
    } catch (error) {
      if (isGone(error)) checks = [failing('event', 'gone')];
      // Without a page (the automatic run) a refused grant is the result; a page's expired session asks to reconnect.
      else if (error instanceof ReconnectRequiredError && request.trigger === 'auto') checks = [failing('grant', 'refused')];
      else throw error;
    }
    if (grant && !checks.some((one) => one.check === 'grant')) checks.unshift(grant);
    if (!checks.some((one) => one.check === 'event')) checks.unshift(ok('event'));
    const report: PreflightReport = { userId, kind, eventId, startsAt, checkedAt: now(), trigger: request.trigger, overall: overallOf(checks), checks };
    for (const one of checks) deps.onCheck?.(one.check, one.result);
    await deps.repository.save(report);
    return report;
  }

  return { check };
}

export type Preflight = ReturnType<typeof createPreflight>;
