/**
 * What survives a restart: token pairs, users' roles, and per meeting and webinar its status, live stream settings and live state.
 * The seed (hosts, topics, times) is rebuilt at every start; saved state is laid over the events it still has.
 */
import type { EmulatorContext } from '../context';
import { HOST_KEYS, ROLE_IDS, isHostKey } from './seed-hosts';
import { isRoleName } from './accounts';
import type { SavedGrant } from '../oauth/grants';
import type { EmulatedEvent, EventKind, HostKey, LiveStreamState, LivestreamSettings, RoleName } from '../types';
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
  /** Added with account admins: a file written before has none, and every user keeps the seed's role. */
  roles?: Partial<Record<HostKey, RoleName>>;
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
    roles: Object.fromEntries(HOST_KEYS.map((key) => [key, ctx.seed.hosts[key].role_name])),
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
  const rolesFit = data.roles === undefined || (isPlainObject(data.roles) && Object.values(data.roles).every(isRoleName));
  return kindsFit && rolesFit ? (data as unknown as Snapshot) : undefined;
}

/** Roles are laid over the seed as saved (not through assignRole: the saved set was valid when it was written). */
function restoreRoles(ctx: EmulatorContext, roles: Snapshot['roles']): void {
  for (const [key, role] of Object.entries(roles ?? {})) {
    if (!isHostKey(key) || !role) continue;
    ctx.seed.hosts[key].role_name = role;
    ctx.seed.hosts[key].role_id = ROLE_IDS[role];
  }
}

export function restoreSnapshot(ctx: EmulatorContext, snapshot: Snapshot): void {
  ctx.tokens.importGrants(snapshot.grants);
  restoreRoles(ctx, snapshot.roles);
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
