/**
 * What survives a restart: token pairs, and per meeting and webinar its status, live stream settings and live state.
 * The seed (hosts, topics, times) is rebuilt at every start; saved state is laid over the events it still has.
 */
import type { EmulatorContext } from '../context';
import { isHostKey } from './seed-hosts';
import type { SavedGrant } from '../oauth/grants';
import type { EmulatedEvent, EventKind, LiveStreamState, LivestreamSettings } from '../types';
import { isPlainObject } from '../api/validate';

interface SavedEvent {
  status: EmulatedEvent['status'];
  livestream?: LivestreamSettings;
  stream: LiveStreamState;
}

export interface Snapshot {
  version: 1;
  grants: SavedGrant[];
  events: Record<EventKind, Record<string, SavedEvent>>;
}

const KINDS: EventKind[] = ['meeting', 'webinar'];

function savedEventsOf(ctx: EmulatorContext, kind: EventKind): Record<string, SavedEvent> {
  const saved: Record<string, SavedEvent> = {};
  for (const { id, status } of ctx.seed.events[kind]) {
    saved[id] = { status, livestream: ctx.seed.livestreams[kind].get(id), stream: ctx.seed.streams[kind].get(id) ?? { live: false } };
  }
  return saved;
}

export function snapshotOf(ctx: EmulatorContext): Snapshot {
  return {
    version: 1,
    grants: ctx.tokens.exportGrants(),
    events: { meeting: savedEventsOf(ctx, 'meeting'), webinar: savedEventsOf(ctx, 'webinar') },
  };
}

const GRANT_STRINGS = ['clientId', 'scope', 'accessToken', 'refreshToken'] as const;
const GRANT_NUMBERS = ['accessExpiresAt', 'refreshExpiresAt'] as const;
const GRANT_FLAGS = ['accessExpired', 'accessUsable', 'refreshUsable'] as const;

function isSavedGrant(value: unknown): value is SavedGrant {
  if (!isPlainObject(value) || !isHostKey(value.hostKey)) return false;
  return GRANT_STRINGS.every((name) => typeof value[name] === 'string') &&
    GRANT_NUMBERS.every((name) => typeof value[name] === 'number') &&
    GRANT_FLAGS.every((name) => typeof value[name] === 'boolean');
}

function isLivestream(value: unknown): value is LivestreamSettings {
  return isPlainObject(value) && ['stream_url', 'stream_key', 'page_url'].every((name) => typeof value[name] === 'string');
}

function isSavedEvent(value: unknown): value is SavedEvent {
  if (!isPlainObject(value) || (value.status !== 'waiting' && value.status !== 'started')) return false;
  if (value.livestream !== undefined && !isLivestream(value.livestream)) return false;
  return isPlainObject(value.stream) && typeof value.stream.live === 'boolean';
}

/** The snapshot in a file's text, or undefined when the text is not one (broken JSON, another shape). */
export function parseSnapshot(text: string): Snapshot | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(data) || data.version !== 1 || !Array.isArray(data.grants) || !data.grants.every(isSavedGrant)) return undefined;
  const events = data.events;
  if (!isPlainObject(events)) return undefined;
  const kindsFit = KINDS.every((kind) => isPlainObject(events[kind]) && Object.values(events[kind]).every(isSavedEvent));
  return kindsFit ? (data as unknown as Snapshot) : undefined;
}

export function restoreSnapshot(ctx: EmulatorContext, snapshot: Snapshot): void {
  ctx.tokens.importGrants(snapshot.grants);
  for (const kind of KINDS) {
    for (const event of ctx.seed.events[kind]) {
      const saved = snapshot.events[kind][event.id];
      if (!saved) continue;
      event.status = saved.status;
      if (saved.livestream) ctx.seed.livestreams[kind].set(event.id, saved.livestream);
      else ctx.seed.livestreams[kind].delete(event.id);
      ctx.seed.streams[kind].set(event.id, saved.stream);
    }
  }
}
