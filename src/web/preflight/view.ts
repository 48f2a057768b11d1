import { INGEST_SERVICES, type IngestService } from '../../preflight/ingest';
import type { CheckResult, CheckResultValue, PreflightReport } from '../../preflight/types';
import type { Speaker } from '../shared/failures';
import { formatMoment, isoOf } from '../shared/format';

/**
 * A pre-flight report as the pages show it (issue 25): the overall word, when it was checked (in the host's zone)
 * and whether automatically, and each check that is not ok with its plain sentence and the one step that fixes it
 * (preflight.<check>.<reason>.says and .fix). The ok checks are only named. Words are resolved here, where the
 * params are known: a fix may name the address a service publishes (INGEST_SERVICES), never the host's own URL.
 */
export interface ProblemView {
  check: string;
  result: CheckResultValue;
  says: string;
  fix: string;
}

export interface ReportView {
  overall: CheckResultValue;
  overallText: string;
  checkedIso: string;
  checkedText: string;
  /** Taken by the automatic run (a day and an hour ahead), not by the host's Check now. */
  automatic: boolean;
  problems: ProblemView[];
  passed: Array<{ check: string; name: string }>;
}

/** The published address a fix quotes: the named service's, else YouTube's (the example the sentences use). */
function exampleOf(service: unknown): string {
  const known = typeof service === 'string' && service in INGEST_SERVICES ? (service as IngestService) : 'youtube';
  return INGEST_SERVICES[known].forms[0].example;
}

/** A service's name as people write it ("YouTube"), from the key the check stores ("youtube"). */
const SERVICE_NAMES: Record<IngestService, string> = { youtube: 'YouTube', facebook: 'Facebook', twitch: 'Twitch' };

function problemOf(check: CheckResult, { t }: Speaker): ProblemView {
  const service = check.params?.service;
  const params = {
    ...check.params,
    example: exampleOf(service),
    service: typeof service === 'string' ? SERVICE_NAMES[service as IngestService] ?? service : '',
  };
  const key = `preflight.${check.check}.${check.reason}`;
  return { check: check.check, result: check.result, says: t(`${key}.says`, params), fix: t(`${key}.fix`, params) };
}

/** When a report was taken, in the host's zone and the page's language. */
export function checkedAtOf(report: Pick<PreflightReport, 'checkedAt'>, timeZone: string | undefined, language: string) {
  return { checkedIso: isoOf(report.checkedAt), checkedText: formatMoment(report.checkedAt, timeZone, language) };
}

export function reportViewOf(report: PreflightReport, speaker: Speaker, timeZone: string | undefined): ReportView {
  const { t, language } = speaker;
  const { checkedIso, checkedText } = checkedAtOf(report, timeZone, language);
  // Failing first: the step that unblocks the stream is read before a warning's.
  const notOk = report.checks.filter((check) => check.result !== 'ok').sort((a, b) => (a.result === b.result ? 0 : a.result === 'failing' ? -1 : 1));
  return {
    overall: report.overall,
    overallText: t(`preflight.overall.${report.overall}`),
    checkedIso,
    checkedText,
    automatic: report.trigger === 'auto',
    problems: notOk.map((check) => problemOf(check, speaker)),
    passed: report.checks.filter((check) => check.result === 'ok').map((check) => ({ check: check.check, name: t(`preflight.names.${check.check}`) })),
  };
}

/** One /streams row's Ready cell: the symbol, a short word, and "Ready, checked …" for a title and screen readers. */
export interface ReadyCell {
  overall: CheckResultValue;
  symbol: string;
  word: string;
  checkedIso: string;
  label: string;
}

const SYMBOLS: Record<CheckResultValue, string> = { ok: '✓', warning: '⚠', failing: '✗' };

export function readyCellOf(report: PreflightReport, { t, language }: Speaker, timeZone: string | undefined): ReadyCell {
  const { checkedIso, checkedText } = checkedAtOf(report, timeZone, language);
  const word = t(`preflight.cell.${report.overall}`);
  return { overall: report.overall, symbol: SYMBOLS[report.overall], word, checkedIso, label: t('preflight.cell.checked', { word, time: checkedText }) };
}
