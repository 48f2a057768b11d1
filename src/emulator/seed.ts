/** Seed data: two hosts (Pro and Basic) with upcoming meetings, built fresh for every emulator. */
import { randomBytes } from 'node:crypto';
import type { EmulatedMeeting, EmulatedUser, HostKey, LiveStreamState, LivestreamSettings } from './types';

export interface Seed {
  hosts: { pro: EmulatedUser; basic: EmulatedUser };
  meetings: EmulatedMeeting[];
  /** Current live stream settings by meeting id. */
  livestreams: Map<string, LivestreamSettings>;
  /** Live or not, by meeting id: every meeting starts not live. */
  streams: Map<string, LiveStreamState>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ACCOUNT_ID = 'eMuLaToRaCcOuNt00000001';

/** Zoom writes times as `2026-11-24T15:00:00Z`: UTC, no milliseconds. */
function zoomTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function seedHosts(createdAt: string): Seed['hosts'] {
  const common = { account_id: ACCOUNT_ID, language: 'en-US', created_at: createdAt };
  return {
    pro: {
      ...common, key: 'pro', id: 'pRoHoSt0000000000000001', email: 'pro.host@example.com',
      first_name: 'Priya', last_name: 'Pro', display_name: 'Priya Pro', type: 2,
      timezone: 'Europe/London', pmi: 5550001001,
    },
    basic: {
      ...common, key: 'basic', id: 'bAsIcHoSt00000000000002', email: 'basic.host@example.com',
      first_name: 'Basil', last_name: 'Basic', display_name: 'Basil Basic', type: 1,
      timezone: 'America/New_York', pmi: 5550002002,
    },
  };
}

// [host, id, topic, days from now, minutes, trait]. The first Pro id is above 2^53 on purpose:
// it only survives a client that keeps meeting ids as strings. It is also already in progress
// (its host started it early), so its live stream can be started; the e2ee one can never stream (4400).
type Trait = 'started' | 'e2ee' | undefined;
const MEETINGS: Array<[HostKey, string, string, number, number, Trait?]> = [
  ['pro', '90071992547409931', 'Quarterly all-hands (live)', 1, 60, 'started'],
  ['pro', '85746065001', 'Product launch stream', 2, 90],
  ['pro', '85746065002', 'Customer webinar rehearsal', 3, 45],
  ['pro', '85746065003', 'Board meeting (end-to-end encrypted)', 4, 60, 'e2ee'],
  ['basic', '81234567001', 'Book club', 1, 60],
  ['basic', '81234567002', 'Neighbourhood association', 2, 30],
  ['basic', '81234567003', 'Study group', 3, 120],
];

/** Weekly syncs after the seeded meetings, for paging tests (ids 86000000001, 86000000002, …). */
function extraRows(count: number): Array<[HostKey, string, string, number, number]> {
  return Array.from({ length: count }, (_, i) => ['pro', String(86_000_000_001 + i), `Weekly sync ${i + 1}`, 5 + i, 30]);
}

function seedLivestreams(meetings: EmulatedMeeting[], proId: string): Map<string, LivestreamSettings> {
  const livestreams = new Map<string, LivestreamSettings>();
  for (const meeting of meetings) {
    if (meeting.host_id !== proId) continue;
    livestreams.set(meeting.id, {
      stream_url: 'rtmp://live.example.com/app',
      stream_key: `seed-key-${meeting.id}`,
      page_url: `https://example.com/live/${meeting.id}`,
      resolution: '720p',
    });
  }
  return livestreams;
}

export function createSeed(nowMs: number, extraMeetings = 0): Seed {
  const createdAt = zoomTime(nowMs - 7 * DAY_MS);
  const hosts = seedHosts(createdAt);
  // Start on a whole hour, like meetings people actually schedule, and always in the future.
  const nextHour = Math.floor(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS;
  const rows = [...MEETINGS, ...extraRows(extraMeetings)];
  const meetings = rows.map(([hostKey, id, topic, days, duration, trait]): EmulatedMeeting => ({
    id, topic, duration, type: 2,
    uuid: randomBytes(16).toString('base64'),
    start_time: zoomTime(nextHour + days * DAY_MS),
    timezone: hosts[hostKey].timezone,
    join_url: `https://zoom.example.com/j/${id}`,
    host_id: hosts[hostKey].id,
    created_at: createdAt,
    status: trait === 'started' ? 'started' : 'waiting',
    encryption_type: trait === 'e2ee' ? 'e2ee' : 'enhanced_encryption',
  }));
  const streams = new Map(meetings.map((meeting): [string, LiveStreamState] => [meeting.id, { live: false }]));
  return { hosts, meetings, livestreams: seedLivestreams(meetings, hosts.pro.id), streams };
}
