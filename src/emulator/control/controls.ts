/** What tests and the sandbox may read and do to an emulator besides HTTP: copies of its state, and the host's actions. */
import type { EmulatorContext } from '../context';
import { upcomingOf } from '../api/event-list';
import { assignRole } from '../state/accounts';
import { createEvent, deleteEvent, updateEvent } from './manage';
import { endInClient, findEvent, startInClient, stopStreamInClient } from './host-actions';
import type { EmulatedEvent, EventKind, HostKey, ZoomEmulator } from '../types';

type Controls = Pick<ZoomEmulator,
  'livestreamOf' | 'liveStateOf' | 'hosts' | 'meetingsOf' | 'webinarsOf' | 'startEvent' | 'endEvent' | 'stopLivestream' |
  'setCapabilities' | 'setRole' | 'createEvent' | 'updateEvent' | 'deleteEvent'>;

/** Throws at once (not as a rejected promise): a test calling a host action without await still sees the mistake. */
function eventIn(ctx: EmulatorContext, kind: EventKind, id: string): EmulatedEvent {
  const event = findEvent(ctx, kind, id);
  if (!event) throw new Error(`No ${kind} ${id} in the emulator`);
  return event;
}

/** Copies, deep ones included: a test cannot change the emulator's state through what it reads. */
function copiesOf(ctx: EmulatorContext, kind: EventKind, hostKey: HostKey): EmulatedEvent[] {
  return upcomingOf(ctx, kind, ctx.seed.hosts[hostKey].id).map((event) => structuredClone(event));
}

export function emulatorControls(ctx: EmulatorContext): Controls {
  const { seed } = ctx;
  return {
    livestreamOf: (id, kind = 'meeting') => {
      const stored = seed.livestreams[kind].get(id);
      return stored && { ...stored };
    },
    liveStateOf: (id, kind = 'meeting') => {
      const state = seed.streams[kind].get(id);
      return state && structuredClone(state);
    },
    hosts: seed.hosts,
    meetingsOf: (hostKey) => copiesOf(ctx, 'meeting', hostKey),
    webinarsOf: (hostKey) => copiesOf(ctx, 'webinar', hostKey),
    startEvent: (kind, id) => startInClient(ctx, kind, eventIn(ctx, kind, id)),
    endEvent: (kind, id) => endInClient(ctx, kind, eventIn(ctx, kind, id)),
    stopLivestream: (kind, id) => stopStreamInClient(ctx, kind, eventIn(ctx, kind, id)),
    createEvent: (kind, hostKey, fields) => {
      const [event, sent] = createEvent(ctx, kind, hostKey, { ...fields });
      const copy = structuredClone(event);
      return sent.then(() => copy);
    },
    updateEvent: (kind, id, change, occurrenceId) => updateEvent(ctx, kind, id, { ...change }, occurrenceId),
    deleteEvent: (kind, id, occurrenceId) => deleteEvent(ctx, kind, id, occurrenceId),
    setRole: (hostKey, role) => {
      assignRole(seed.hosts, hostKey, role);
      ctx.changed();
    },
    setCapabilities: (hostKey, change) => {
      seed.capabilities[hostKey] = { ...seed.capabilities[hostKey], ...change };
    },
  };
}
