import type { Request, Response } from 'express';
import type { EventRef, PlanEvent } from '../../plans/types';
import type { FailureView } from '../shared/failures';
import type { ReadsFor } from '../shared/host-reads';
import { isRecurring } from '../streams/filters';
import { streamsReader } from '../streams/overview';
import { refOf, valueOfRef, type PlanErrors, type PlanValues } from './form';

/**
 * The events a plan form offers and checks, from the host's upcoming lists as /streams reads them (through the
 * read cache): the recurring series for the series select, and each listed event's topic for the picked set.
 * A list Zoom would not give is no error of the form's until the host asks for an event only it could confirm.
 */
export interface EventChoices {
  series: Array<{ value: string; topic: string }>;
  /** "kind:id" → topic, every upcoming event listed. */
  topics: Map<string, string>;
  /** Zoom would not give a list (its failure, for the form's message). */
  failure: FailureView | null;
}

export interface PickedRow {
  value: string;
  topic: string;
}

export function eventChoices(reads: ReadsFor) {
  const reader = streamsReader({ reads });

  return async function choicesOf(req: Request, res: Response): Promise<EventChoices> {
    const lists = await reader.listUpcoming(req, res);
    const listed = lists.flatMap((list) => list.events.map((event) => ({ kind: list.kind, event })));
    return {
      series: listed.filter(isRecurring).map(({ kind, event }) => ({ value: `${kind}:${event.id}`, topic: event.topic })),
      topics: new Map(listed.map(({ kind, event }) => [`${kind}:${event.id}`, event.topic])),
      failure: lists.find((list) => list.failure)?.failure ?? null,
    };
  };
}

/** The series select's options: the listed series, and the plan's own series when Zoom no longer lists it. */
export function seriesOptions(choices: EventChoices, current: string): Array<{ value: string; topic: string }> {
  if (!current || choices.series.some((option) => option.value === current)) return choices.series;
  return [...choices.series, { value: current, topic: choices.topics.get(current) ?? current }];
}

/** The picked set as the form lists it: each with its topic (Zoom's list, else what the plan tracked, else its ID). */
export function pickedRows(values: PlanValues, choices: EventChoices, tracked: readonly PlanEvent[] = []): PickedRow[] {
  return values.pick.map((value) => ({
    value,
    topic: choices.topics.get(value) ?? tracked.find((event) => valueOfRef(event) === value)?.topic ?? value,
  }));
}

/**
 * The series and picks checked against the host's events: a series must be one of their listed recurring events
 * (or the plan's own, unchanged); a pick one they list or the plan already picked. The picks with their topics.
 */
export function checkEvents(values: PlanValues, choices: EventChoices, known: { series?: string; tracked?: readonly PlanEvent[] }, t: (key: string) => string) {
  const errors: PlanErrors = {};
  const unlisted = choices.failure ? 'plans.errors.listFailed' : undefined;
  if (values.series && values.series !== known.series && !choices.series.some((option) => option.value === values.series)) {
    errors.series = t(unlisted ?? 'plans.errors.seriesUnknown');
  }
  const picked: Array<EventRef & { topic: string }> = [];
  const missing: string[] = [];
  for (const value of values.pick) {
    const ref = refOf(value);
    const topic = choices.topics.get(value) ?? known.tracked?.find((event) => event.picked && valueOfRef(event) === value)?.topic;
    if (ref && topic !== undefined) picked.push({ ...ref, topic });
    else missing.push(value);
  }
  if (missing.length > 0) errors.pick = t(unlisted ?? 'plans.errors.pickNotUpcoming');
  return { errors, picked };
}
