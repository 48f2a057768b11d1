import type { EventKind } from '../zoom/client';
import type { EventRef, Plan, PlanEvent } from './types';

/** An event as a plan sees it: what Zoom lists or tells of it. */
export interface EventFacts extends EventRef {
  topic: string;
}

/** What matching needs of a plan's tracked events: which were picked by hand (no sealed key is opened for it). */
export type Tracked = Pick<PlanEvent, 'planId' | 'kind' | 'id' | 'picked'>;

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
 * Whether the plan takes this event: its series (every occurrence: one ID), one it picked on /streams, or one
 * its rule matches by topic (as the topic is now: an event renamed out of the rule leaves the plan).
 */
export function planCovers(plan: Plan, event: EventFacts, tracked: readonly Tracked[] = []): boolean {
  if (isSeries(plan, event.kind, event.id)) return true;
  if (tracked.some((known) => known.planId === plan.id && known.kind === event.kind && known.id === event.id && known.picked)) return true;
  return ruleMatches(plan, event);
}

/**
 * THE plan of an event: the oldest plan that takes it (`plans` in creation order). One plan per event, so two
 * plans never write over each other nor see each other's writes as a hand edit; pages name the same plan.
 */
export function coveringPlan(plans: readonly Plan[], event: EventFacts, tracked: readonly Tracked[] = []): Plan | undefined {
  return plans.find((plan) => planCovers(plan, event, tracked));
}

/**
 * A meeting instance's key for the start claim: Zoom's instance UUID (in meeting.started and in the live list
 * alike); without one, the day of the start, so a webhook and the reconcile still agree.
 */
export function instanceOf(uuid: string | undefined, startedAt: number): string {
  return uuid ? `uuid:${uuid}` : `day:${new Date(startedAt).toISOString().slice(0, 10)}`;
}
