import { RepositoryRuleError } from '../db/errors';
import type { StreamSettings } from '../destinations/types';
import type { EventKind } from '../zoom/client';

/**
 * A streaming plan (issue 23): which events (a series, a fixed set picked on /streams, a rule for future events),
 * where (a saved destination), and what it does (keep the settings equal to the destination, start the stream
 * when the meeting or webinar starts). It acts with the host's grant (credentials/grants.ts), never a session.
 */
export type RuleMatch = 'contains' | 'starts';
export type RuleKinds = 'meeting' | 'webinar' | 'both';

export interface PlanRule {
  match: RuleMatch;
  /** Compared without regard to case, after trimming. */
  text: string;
  kinds: RuleKinds;
}

export interface EventRef {
  kind: EventKind;
  id: string;
}

export interface PlanInput {
  name: string;
  series?: EventRef;
  rule?: PlanRule;
  destinationId: string;
  keepSettings: boolean;
  autoStart: boolean;
  /** The name shown in the stream (Zoom's display_name, 1–50 characters); '' lets the plan use its own name. */
  displayName: string;
  activeSpeaker: boolean;
  enabled: boolean;
}

export interface Plan extends PlanInput {
  id: string;
  userId: string;
  accountId: string;
  createdAt: number;
  updatedAt: number;
}

/** An event the plan picked (on /streams) or matched (its series or its rule), and what the plan last wrote to it. */
export interface PlanEvent extends EventRef {
  planId: string;
  picked: boolean;
  topic: string;
  /** undefined until the plan has written settings to it. */
  written?: StreamSettings;
  /** The event holds settings changed by hand since the plan wrote them: the plan leaves them until the host says. */
  conflict: boolean;
  /** The host chose "Leave it": the plan keeps this event's settings no more (it still starts the stream). */
  left: boolean;
}

/** A tracked event as matching and the pages need it: no sealed key opened. */
export type TrackedEvent = Omit<PlanEvent, 'written'>;

/** What a plan did; each entry is one line of the plan's log. */
export type PlanAction =
  | 'applied' | 'unchanged' | 'conflict' | 'reapplied' | 'left'
  | 'started' | 'retrying' | 'confirmed' | 'refused' | 'gave_up' | 'paused';

export interface PlanLogEntry {
  id: string;
  kind: EventKind;
  eventId: string;
  planId: string;
  action: PlanAction;
  /** Zoom's answer (status, code, message) or the reason; never a secret. */
  detail: string;
  historyId?: string;
  at: number;
}

/** A host keeps at most this many plans: enough for a season's series, few enough to act on every event quickly. */
export const MAX_PLANS = 10;
/** And at most this many events picked by hand per plan (a rule or a series covers more). */
export const MAX_PICKED = 300;

export class PlanLimitError extends RepositoryRuleError {
  constructor() {
    super('plan limit reached');
    this.name = 'PlanLimitError';
  }
}

export class DuplicatePlanNameError extends RepositoryRuleError {
  constructor() {
    super('duplicate plan name');
    this.name = 'DuplicatePlanNameError';
  }
}
