import type { EventKind } from '../zoom/client';
import type { EventRef, Plan, PlanEvent } from './types';

/** An event as a plan sees it: what Zoom lists or tells of it. */
export interface EventFacts extends EventRef {
  topic: string;
}

function ruleMatches(plan: Plan, event: EventFacts): boolean {
  const rule = plan.rule;
  if (!rule || !rule.text.trim()) return false;
  if (rule.kinds !== 'both' && rule.kinds !== event.kind) return false;
  const topic = event.topic.trim().toLocaleLowerCase();
  const text = rule.text.trim().toLocaleLowerCase();
  return rule.match === 'starts' ? topic.startsWith(text) : topic.includes(text);
}

const isSeries = (plan: Plan, kind: EventKind, id: string) => plan.series?.kind === kind && plan.series.id === id;

/**
 * Whether the plan covers this event: its series (every occurrence: one ID), one it picked on /streams, or one
 * its rule matches by topic. `tracked` are the plan's events so far (picked, or matched before a rename).
 */
export function planCovers(plan: Plan, event: EventFacts, tracked: readonly PlanEvent[] = []): boolean {
  if (isSeries(plan, event.kind, event.id)) return true;
  if (tracked.some((known) => known.planId === plan.id && known.kind === event.kind && known.id === event.id && (known.picked || known.written))) return true;
  return ruleMatches(plan, event);
}
