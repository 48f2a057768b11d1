import { isMeetingId } from '../../zoom/ids';
import type { EventKind } from '../../zoom/client';
import { EVENT_KINDS, LIST_CAP, targetOf, type UpcomingList } from './overview';

/**
 * The bulk apply form's ticks: `targets=meeting:<id>` or `targets=webinar:<id>`, once per ticked row.
 * Validated here as values; whether each is one of the host's upcoming events is for Zoom's lists to say.
 */
export interface Target {
  kind: EventKind;
  id: string;
  /** As the form sent it: `meeting:<id>`. */
  value: string;
}

export type TargetsProblem = 'noTargets' | 'badTarget' | 'tooMany';

export interface PickedTargets {
  targets: Target[];
  /** Every string the form sent, to tick the same boxes again when the page is shown with a message. */
  ticked: Set<string>;
  problem?: TargetsProblem;
}

const TARGET = /^(meeting|webinar):([0-9]{1,19})$/;

function targetFrom(value: string): Target | undefined {
  const match = TARGET.exec(value);
  if (!match || !isMeetingId(match[2])) return undefined;
  return { kind: match[1] as EventKind, id: match[2], value };
}

/** One field or a repeated one (an array) of strings; anything else is no tick at all. */
export function pickTargets(raw: unknown): PickedTargets {
  const values = (Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string' && value !== '');
  const ticked = new Set(values);
  if (ticked.size === 0) return { targets: [], ticked, problem: 'noTargets' };
  if (ticked.size > LIST_CAP * EVENT_KINDS.length) return { targets: [], ticked, problem: 'tooMany' };
  const targets = [...ticked].map(targetFrom);
  if (targets.some((target) => target === undefined)) return { targets: [], ticked, problem: 'badTarget' };
  return { targets: targets as Target[], ticked };
}

/**
 * The targets as Zoom lists them (its topics, in the lists' order), and those Zoom does not list as the
 * host's upcoming events: another host's meeting, one that has ended, or one past the lists' cap.
 */
export function matchUpcoming(targets: Target[], lists: UpcomingList[]) {
  const wanted = new Set(targets.map((target) => target.value));
  // By value: an event Zoom happens to list twice (its pages shifting while read) is one item.
  const found = new Map<string, { kind: EventKind; eventId: string; topic: string }>();
  for (const { kind, events } of lists) {
    for (const event of events) {
      const value = targetOf(kind, event.id);
      if (wanted.has(value) && !found.has(value)) found.set(value, { kind, eventId: event.id, topic: event.topic });
    }
  }
  return { items: [...found.values()], missing: targets.filter((target) => !found.has(target.value)) };
}
