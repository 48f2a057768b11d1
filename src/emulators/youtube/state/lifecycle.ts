/**
 * What the encoder does to a stream and what YouTube then does to its broadcasts: with enableAutoStart a bound
 * broadcast goes live when its stream becomes active; with enableAutoStop a live one completes when the stream stops.
 */
import type { EmulatedBroadcast, EmulatedStream } from '../types';
import type { Store } from './store';

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** Moves a broadcast to a new life-cycle status, stamping the actual start or end time YouTube records. */
export function moveBroadcast(broadcast: EmulatedBroadcast, to: EmulatedBroadcast['lifeCycleStatus'], now: number): void {
  broadcast.lifeCycleStatus = to;
  if (to === 'live' && !broadcast.actualStartTime) broadcast.actualStartTime = isoAt(now);
  if (to === 'complete') broadcast.actualEndTime = isoAt(now);
}

function followStream(broadcast: EmulatedBroadcast, stream: EmulatedStream, now: number): void {
  const waiting = broadcast.lifeCycleStatus === 'ready' || broadcast.lifeCycleStatus === 'testing';
  if (stream.streamStatus === 'active' && waiting && broadcast.enableAutoStart) moveBroadcast(broadcast, 'live', now);
  if (stream.streamStatus === 'inactive' && broadcast.lifeCycleStatus === 'live' && broadcast.enableAutoStop) {
    moveBroadcast(broadcast, 'complete', now);
  }
}

/** Throws for a stream key YouTube never issued (nginx's on_publish then refuses the publisher). */
export function setStreamStatus(store: Store, streamName: string, status: 'active' | 'inactive', now: number): EmulatedStream {
  const stream = store.streamByName(streamName);
  if (!stream) throw new Error(`No YouTube stream has the key ${streamName}`);
  stream.streamStatus = status;
  // YouTube reports "good" health for a steady test pattern; without data there is nothing to judge.
  stream.healthStatus = status === 'active' ? 'good' : 'noData';
  for (const broadcast of store.broadcastsBoundTo(stream.id)) followStream(broadcast, stream, now);
  return stream;
}
