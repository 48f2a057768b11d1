/**
 * What a host does in the Zoom client rather than through the API: start or end a meeting or webinar, stop its live
 * stream. Both the emulator's controls (tests) and its control page (sandbox, browser tests) act through these.
 * Each changes state at once, queues Zoom's webhooks, and resolves once those webhooks are answered.
 * Zoom sends an event for a change only: starting what is already started sends nothing.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context';
import { lifecycleEvent, liveStreamingEvent } from '../webhooks/events';
import type { EmulatedEvent, EventKind } from '../types';

const done = (): Promise<void> => Promise.resolve();

export function findEvent(ctx: EmulatorContext, kind: EventKind, id: string): EmulatedEvent | undefined {
  return ctx.seed.events[kind].find((candidate) => candidate.id === id);
}

export function startInClient(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent): Promise<void> {
  const wasStarted = event.status === 'started';
  event.status = 'started';
  // Zoom gives every instance of a meeting its own UUID (a recurring series' ID stays): apps key an instance by it.
  if (!wasStarted) event.uuid = randomBytes(16).toString('base64');
  if (!wasStarted) ctx.seed.startedAt[kind].set(event.id, ctx.options.now());
  ctx.changed();
  return wasStarted ? done() : ctx.webhooks.send(lifecycleEvent(ctx, kind, event, 'started'), event.id);
}

/** Marks the stream stopped (its settings are kept for the next start); the caller saves. Returns whether it was live. */
function markStopped(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent): boolean {
  const stream = ctx.seed.streams[kind].get(event.id);
  ctx.seed.streams[kind].set(event.id, { ...stream, live: false });
  ctx.media.stop(kind, event.id);
  return stream?.live === true;
}

/** Zoom has no live streaming events for webinars: their streams stop in silence. */
function announceStop(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent, wasLive: boolean): Promise<void> {
  return wasLive && kind === 'meeting' ? ctx.webhooks.send(liveStreamingEvent(ctx, event, 'stopped'), event.id) : done();
}

export function stopStreamInClient(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent): Promise<void> {
  const wasLive = markStopped(ctx, kind, event);
  if (wasLive) ctx.changed();
  return announceStop(ctx, kind, event, wasLive);
}

/** When the meeting or webinar ends, so does its live stream: the app hears of the stream first, then of the end. */
export function endInClient(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent): Promise<void> {
  const wasStarted = event.status === 'started';
  event.status = 'waiting';
  const wasLive = markStopped(ctx, kind, event);
  ctx.changed();
  const stopped = announceStop(ctx, kind, event, wasLive);
  const ended = wasStarted ? ctx.webhooks.send(lifecycleEvent(ctx, kind, event, 'ended'), event.id) : done();
  return Promise.all([stopped, ended]).then(() => undefined);
}
