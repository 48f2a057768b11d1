/** Seed data: the users, their upcoming meetings, the Pro hosts' webinars, built fresh for every emulator. */
import { randomBytes } from 'node:crypto';
import { seedCapabilities, seedHosts } from './seed-hosts';
import type {
  EmulatedEvent, EmulatedOccurrence, EmulatedUser, EventKind, HostCapabilities, HostKey, LiveStreamState, LivestreamSettings,
} from '../types';

export interface Seed {
  hosts: Record<HostKey, EmulatedUser>;
  capabilities: Record<HostKey, HostCapabilities>;
  events: Record<EventKind, EmulatedEvent[]>;
  /** Current live stream settings by id, per kind (a meeting and a webinar may share an id). */
  livestreams: Record<EventKind, Map<string, LivestreamSettings>>;
  /** Live or not, by id, per kind: every event starts not live. */
  streams: Record<EventKind, Map<string, LiveStreamState>>;
  /** When (emulator clock, ms) the host last started each event through the emulator; the seeded 'started' ones have none. */
  startedAt: Record<EventKind, Map<string, number>>;
}

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Zoom writes times as `2026-11-24T15:00:00Z`: UTC, no milliseconds. */
export function zoomTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// [host, id, topic, days from now, minutes, trait]. The first Pro meeting id is above 2^53 on purpose:
// it only survives a client that keeps ids as strings. It is also already in progress (its host started
// it early), so its live stream can be started; the e2ee one can never stream (4400).
type Trait = 'started' | 'e2ee' | 'recurring' | 'unconfigured' | undefined;
type Row = [HostKey, string, string, number, number, Trait?];
const MEETINGS: Row[] = [
  ['pro', '90071992547409931', 'Quarterly all-hands (live)', 1, 60, 'started'],
  ['pro', '85746065001', 'Product launch stream', 2, 90],
  ['pro', '85746065002', 'Customer webinar rehearsal', 3, 45, 'recurring'],
  ['pro', '85746065003', 'Board meeting (end-to-end encrypted)', 4, 60, 'e2ee'],
  ['basic', '81234567001', 'Book club', 1, 60],
  ['basic', '81234567002', 'Neighbourhood association', 2, 30],
  ['basic', '81234567003', 'Study group', 3, 120],
  ['licensed', '82345678001', 'Team retrospective', 1, 60],
  ['licensed', '82345678002', 'Sales pipeline review', 2, 45],
  // The shared account's second Pro host (what an admin streams besides Basic's and Licensed's), and the other account's host.
  ['pro2', '83456789001', 'Engineering town hall (live)', 1, 60, 'started'],
  ['pro2', '83456789002', 'Design review', 2, 45],
  ['pro2', '83456789003', 'Customer office hours', 3, 30, 'recurring'],
  ['otherHost', '89123456001', 'Other company all-hands', 1, 60],
];

// Only the Pro hosts have the webinar add-on and webinars. One id is above 2^53, one webinar is already started (its stream
// can start and stop), one recurs, and one has no stream URL or key yet (starting it answers 3000).
const WEBINARS: Row[] = [
  ['pro', '84129876501', 'Partner webinar (live now)', 1, 60, 'started'],
  ['pro', '93456789012345677', 'Spring release webinar', 2, 90],
  ['pro', '84129876502', 'Monthly customer Q&A', 3, 60, 'recurring'],
  ['pro', '84129876503', 'Investor update (no stream set up)', 4, 45, 'unconfigured'],
  ['pro2', '84345678901', 'Community webinar', 2, 60],
];

/** Weekly syncs after the seeded meetings, for paging (ids 86000000001, 86000000002, …). */
function extraRows(count: number): Row[] {
  return Array.from({ length: count }, (_, i): Row => ['pro', String(86_000_000_001 + i), `Weekly sync ${i + 1}`, 5 + i, 30]);
}

/** Webinars after the seeded ones, for a season's size (ids 87000000001, …). */
function extraWebinarRows(count: number): Row[] {
  return Array.from({ length: count }, (_, i): Row => ['pro', String(87_000_000_001 + i), `Season webinar ${i + 1}`, 5 + i, 60]);
}

export function weeklyOccurrences(startMs: number, duration: number, count: number): EmulatedOccurrence[] {
  return Array.from({ length: count }, (_, week) => {
    const at = startMs + week * 7 * DAY_MS;
    return { occurrence_id: String(at), start_time: zoomTime(at), duration, status: 'available' };
  });
}

function typeOf(kind: EventKind, trait: Trait): EmulatedEvent['type'] {
  if (kind === 'meeting') return trait === 'recurring' ? 8 : 2;
  return trait === 'recurring' ? 9 : 5;
}

function buildEvents(kind: EventKind, rows: Row[], hosts: Seed['hosts'], firstStartMs: number, createdAt: string, occurrences: number) {
  return rows.map(([hostKey, id, topic, days, duration, trait]): EmulatedEvent => {
    const startMs = firstStartMs + days * DAY_MS;
    const event: EmulatedEvent = {
      id, topic, duration, type: typeOf(kind, trait),
      uuid: randomBytes(16).toString('base64'),
      start_time: zoomTime(startMs),
      timezone: hosts[hostKey].timezone,
      join_url: `https://zoom.example.com/${kind === 'meeting' ? 'j' : 'w'}/${id}`,
      host_id: hosts[hostKey].id,
      created_at: createdAt,
      status: trait === 'started' ? 'started' : 'waiting',
      encryption_type: trait === 'e2ee' ? 'e2ee' : 'enhanced_encryption',
    };
    if (trait === 'recurring') event.occurrences = weeklyOccurrences(startMs, duration, occurrences);
    return event;
  });
}

const STREAMING_HOSTS: HostKey[] = ['pro', 'pro2', 'otherHost'];

/** The Pro hosts' (and the other account's host's) events come with a stream set up, except the one seeded without. */
function seedLivestreams(rows: Row[]): Map<string, LivestreamSettings> {
  const livestreams = new Map<string, LivestreamSettings>();
  for (const [hostKey, id, , , , trait] of rows) {
    if (!STREAMING_HOSTS.includes(hostKey) || trait === 'unconfigured') continue;
    livestreams.set(id, {
      stream_url: 'rtmp://live.example.com/app', stream_key: `seed-key-${id}`, page_url: `https://example.com/live/${id}`, resolution: '720p',
    });
  }
  return livestreams;
}

function notLive(events: EmulatedEvent[]): Map<string, LiveStreamState> {
  return new Map(events.map((event): [string, LiveStreamState] => [event.id, { live: false }]));
}

export function createSeed(nowMs: number, extraMeetings = 0, occurrences = 4, extraWebinars = 0): Seed {
  const createdAt = zoomTime(nowMs - 7 * DAY_MS);
  const hosts = seedHosts(createdAt);
  // Start on a whole hour, like events people actually schedule, and always in the future.
  const nextHour = Math.floor(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS;
  const meetingRows = [...MEETINGS, ...extraRows(extraMeetings)];
  const webinarRows = [...WEBINARS, ...extraWebinarRows(extraWebinars)];
  const events = {
    meeting: buildEvents('meeting', meetingRows, hosts, nextHour, createdAt, occurrences),
    webinar: buildEvents('webinar', webinarRows, hosts, nextHour, createdAt, occurrences),
  };
  return {
    hosts,
    capabilities: seedCapabilities(),
    events,
    livestreams: { meeting: seedLivestreams(meetingRows), webinar: seedLivestreams(webinarRows) },
    streams: { meeting: notLive(events.meeting), webinar: notLive(events.webinar) },
    startedAt: { meeting: new Map(), webinar: new Map() },
  };
}
