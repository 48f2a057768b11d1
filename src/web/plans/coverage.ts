import type { Logger } from 'pino';
import type { EventFacts } from '../../plans/match';
import type { PlanService } from '../../plans/service';

/**
 * Which plan covers an event, as /streams and the event page say it: "Sunday services → YouTube main · starts
 * automatically", linking the plan. A database that cannot say costs the line, never the page.
 */
export interface PlanLine {
  id: string;
  name: string;
  destination: string;
  autoStart: boolean;
  keepSettings: boolean;
  enabled: boolean;
  conflict: boolean;
}

export type PlanCoverage = Pick<PlanService, 'coverage'>;

export async function planLinesOf(plans: PlanCoverage | undefined, userId: string, events: readonly EventFacts[], logger?: Pick<Logger, 'warn'>): Promise<Map<string, PlanLine>> {
  const lines = new Map<string, PlanLine>();
  if (!plans || !userId || events.length === 0) return lines;
  try {
    const found = await plans.coverage(userId, events);
    for (const [key, { plan, destinationName, conflict }] of found) {
      lines.set(key, { id: plan.id, name: plan.name, destination: destinationName, autoStart: plan.autoStart, keepSettings: plan.keepSettings, enabled: plan.enabled, conflict });
    }
  } catch (error) {
    logger?.warn({ err: error }, 'plans not read for the page');
  }
  return lines;
}
