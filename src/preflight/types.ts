import type { EventKind } from '../zoom/client';

/**
 * Pre-flight checks (issue 25): before an event streams, everything knowable the day before is checked — Zoom's
 * licence and settings, the grant, the event and its settings, the ingest server, the YouTube broadcast — each with a
 * plain result and, when not ok, the one step that fixes it (the catalogues' preflight.<check>.<reason>).
 */
export type CheckName =
  | 'licence' | 'streaming' | 'webinarPlan' | 'scopes' | 'grant'
  | 'event' | 'encryption' | 'settings' | 'kept'
  | 'ingest' | 'serviceForm' | 'youtube' | 'overlap';

export type CheckResultValue = 'ok' | 'warning' | 'failing';

export interface CheckResult {
  check: CheckName;
  result: CheckResultValue;
  /** Why (and so which step fixes it): a key under preflight.<check>.; '' when ok. */
  reason: string;
  params?: Record<string, string | number>;
}

export type Trigger = 'now' | 'auto';

export interface PreflightReport {
  userId: string;
  kind: EventKind;
  eventId: string;
  /** The event's (next occurrence's) start, epoch ms; 0 when Zoom did not say. */
  startsAt: number;
  checkedAt: number;
  trigger: Trigger;
  overall: CheckResultValue;
  checks: CheckResult[];
}

const RANK: Record<CheckResultValue, number> = { ok: 0, warning: 1, failing: 2 };

/** The worst of the results: one failing check fails the stream. */
export function overallOf(checks: CheckResult[]): CheckResultValue {
  return checks.reduce<CheckResultValue>((worst, { result }) => (RANK[result] > RANK[worst] ? result : worst), 'ok');
}

export const ok = (check: CheckName): CheckResult => ({ check, result: 'ok', reason: '' });
export const warning = (check: CheckName, reason: string, params?: CheckResult['params']): CheckResult => ({ check, result: 'warning', reason, params });
export const failing = (check: CheckName, reason: string, params?: CheckResult['params']): CheckResult => ({ check, result: 'failing', reason, params });
