/** What tests and the sandbox may read and do to an emulator besides HTTP: copies of its state, and the host's actions. */
import type { EmulatorContext } from './context';
import { upcomingOf } from './event-list';
import type { EmulatedEvent, EventKind, HostKey, ZoomEmulator } from './types';

type Controls = Pick<ZoomEmulator,
  'livestreamOf' | 'liveStateOf' | 'hosts' | 'meetingsOf' | 'webinarsOf' | 'startEvent' | 'endEvent' | 'setCapabilities'>;

function eventIn(ctx: EmulatorContext, kind: EventKind, id: string): EmulatedEvent {
  const event = ctx.seed.events[kind].find((candidate) => candidate.id === id);
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
    startEvent: (kind, id) => {
      eventIn(ctx, kind, id).status = 'started';
      ctx.changed();
    },
    // When the meeting or webinar ends, so does its live stream; the settings of the last start are kept.
    endEvent: (kind, id) => {
      eventIn(ctx, kind, id).status = 'waiting';
      const stream = seed.streams[kind].get(id);
      seed.streams[kind].set(id, { ...stream, live: false });
      ctx.changed();
    },
    setCapabilities: (hostKey, change) => {
      seed.capabilities[hostKey] = { ...seed.capabilities[hostKey], ...change };
    },
  };
}
