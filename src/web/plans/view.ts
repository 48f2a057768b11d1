import type { Plan, PlanAction, PlanEvent, PlanLogEntry } from '../../plans/types';
import type { PlanService } from '../../plans/service';
import type { Speaker } from '../shared/failures';
import { formatMoment, isoOf } from '../shared/format';

/** What the plan pages show of a plan, its events, its log and the mode, in the page's language. */

/** Each log action's words (literal keys, so the catalogue check finds every one). */
const ACTION_KEYS: Record<PlanAction, string> = {
  applied: 'plans.log.actions.applied', unchanged: 'plans.log.actions.unchanged', conflict: 'plans.log.actions.conflict',
  reapplied: 'plans.log.actions.reapplied', left: 'plans.log.actions.left', started: 'plans.log.actions.started',
  retrying: 'plans.log.actions.retrying', confirmed: 'plans.log.actions.confirmed', refused: 'plans.log.actions.refused',
  gave_up: 'plans.log.actions.gave_up', paused: 'plans.log.actions.paused',
};

const KIND_KEYS = { meeting: 'plans.kinds.meeting', webinar: 'plans.kinds.webinar', both: 'plans.kinds.both' } as const;

/** A log entry's detail: the app's own reasons in words, Zoom's answer as Zoom gave it. */
function detailOf(detail: string, t: Speaker['t']): string {
  if (detail === 'destinationMissing') return t('plans.log.details.destinationMissing');
  if (detail === 'reconnect') return t('plans.log.details.reconnect');
  const attempts = /^attempts:(\d+)$/.exec(detail);
  if (attempts) return t('plans.log.details.attempts', { n: Number(attempts[1]) });
  return detail;
}

/** Which events, in words: the series, how many picked, the rule. */
export function eventsOf(plan: Plan, pickedCount: number, t: Speaker['t'], seriesTopic?: string): string[] {
  const lines: string[] = [];
  if (plan.series) {
    lines.push(seriesTopic ? t('plans.which.series', { topic: seriesTopic, id: plan.series.id }) : t('plans.which.seriesId', { id: plan.series.id }));
  }
  if (pickedCount > 0) lines.push(t('plans.which.picked', { count: pickedCount }));
  if (plan.rule) {
    const words = { text: plan.rule.text, kinds: t(KIND_KEYS[plan.rule.kinds]) };
    lines.push(plan.rule.match === 'starts' ? t('plans.which.starts', words) : t('plans.which.contains', words));
  }
  return lines;
}

/** What it does, in words: keeps the settings, starts automatically, both, or neither. */
export function doesOf(plan: Pick<Plan, 'keepSettings' | 'autoStart'>, t: Speaker['t']): string {
  const parts = [plan.keepSettings ? t('plans.does.keeps') : '', plan.autoStart ? t('plans.does.starts') : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : t('plans.does.nothing');
}

export function logRowsOf(entries: PlanLogEntry[], events: PlanEvent[], timeZone: string | undefined, { t, language }: Speaker) {
  return entries.map((entry) => ({
    iso: isoOf(entry.at),
    when: formatMoment(entry.at, timeZone, language),
    kind: entry.kind,
    eventId: entry.eventId,
    topic: events.find((event) => event.kind === entry.kind && event.id === entry.eventId)?.topic ?? '',
    action: t(ACTION_KEYS[entry.action] ?? entry.action),
    actionClass: entry.action,
    detail: detailOf(entry.detail, t),
  }));
}

/** The mode in force and when the reconcile last ran ("never" before its first round). */
export function modeOf(status: Awaited<ReturnType<PlanService['status']>>, timeZone: string | undefined, { t, language }: Speaker) {
  const minutes = Math.max(1, Math.round(status.reconcileMs / 60_000));
  const checking = status.reconcileMs > 0;
  let text: string;
  if (status.mode === 'events') text = checking ? t('plans.mode.events', { minutes }) : t('plans.mode.eventsOnly');
  else text = checking ? t('plans.mode.reconcile', { minutes }) : t('plans.mode.none');
  return {
    text,
    lastRunIso: status.lastRun > 0 ? isoOf(status.lastRun) : '',
    lastRun: status.lastRun > 0 ? formatMoment(status.lastRun, timeZone, language) : t('plans.mode.never'),
    paused: status.grant === 'refused',
  };
}
