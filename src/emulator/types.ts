/** Public types of the Zoom emulator: the app and its tests build on these, so change them with care. */
import type { Express } from 'express';

export type HostKey = 'pro' | 'basic';

export interface EmulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** When given, authorize and token calls must use one of these exactly; otherwise any http(s) URL is accepted. */
  redirectUris?: string[];
  accessTokenTtlSeconds?: number;
  codeTtlSeconds?: number;
  grantedScope?: string;
  /** Millisecond clock, so tests can move time instead of waiting. */
  now?: () => number;
  /** Extra upcoming meetings for the Pro host, after the seeded ones: lets tests page past Zoom's 30 per page. */
  extraMeetings?: number;
  /**
   * Keep every request verbatim, secrets included, for tests that assert on what Zoom received (stream keys in
   * PATCH bodies, refresh tokens in token calls). Default false: the sandbox's log keeps no bearer token, code,
   * verifier, refresh token, client secret or stream key, and no raw body, so a long run holds no secrets.
   */
  recordRequests?: boolean;
  /** How many requests the log keeps, oldest dropped first. Default 200, or 10 000 with recordRequests (a test file's whole history). */
  requestLogSize?: number;
}

export interface EmulatorFault {
  /** String = path prefix (e.g. '/v2/meetings'); default: any request. */
  path?: string | RegExp;
  method?: string;
  status?: number;
  body?: unknown;
  rawBody?: string;
  /** Send rawBody in pieces without a Content-Length (chunked), as a streaming proxy does. */
  chunked?: boolean;
  headers?: Record<string, string>;
  delayMs?: number;
  reset?: boolean;
  times?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  contentType: string | undefined;
  authorization: string | undefined;
  body: unknown;
  rawBody: string;
  grantType?: string;
  at: number;
}

export interface EmulatedUser {
  key: HostKey;
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  /** Zoom's user type: 1 = Basic, 2 = Licensed (Pro). */
  type: 2 | 1;
  account_id: string;
  timezone: string;
  pmi: number;
  language: string;
  created_at: string;
}

export interface EmulatedMeeting {
  /** Decimal digits: Zoom meeting ids are int64 and may exceed 2^53. */
  id: string;
  uuid: string;
  topic: string;
  start_time: string;
  duration: number;
  timezone: string;
  type: 2;
  join_url: string;
  host_id: string;
  created_at: string;
  /** As GET /meetings/{id} reports it: 'started' once the host has opened the meeting (hosts may start early). */
  status: 'waiting' | 'started';
  /** Zoom keeps this under settings; live streaming is refused (4400) for 'e2ee'. Never sent in the meeting list. */
  encryption_type: 'enhanced_encryption' | 'e2ee';
}

export interface LivestreamSettings {
  stream_url: string;
  stream_key: string;
  page_url: string;
  resolution?: string;
}

/** What PATCH /livestream/status did to a meeting: streaming or not, and the settings of the last start/mode. */
export interface LiveStreamState {
  live: boolean;
  settings?: Record<string, unknown>;
}

export interface ZoomEmulator {
  app: Express;
  /** The latest requests, oldest first: a ring of requestLogSize, redacted unless recordRequests. */
  requests: RecordedRequest[];
  requestsTo(method: string, pathPrefix: string): RecordedRequest[];
  clearRequests(): void;
  failNext(fault: EmulatorFault): void;
  clearFaults(): void;
  expireAccessTokens(): void;
  expireRefreshTokens(): void;
  livestreamOf(meetingId: string): LivestreamSettings | undefined;
  /** Whether the meeting is being live streamed (undefined for an unknown meeting). */
  liveStateOf(meetingId: string): LiveStreamState | undefined;
  hosts: { pro: EmulatedUser; basic: EmulatedUser };
  meetingsOf(hostKey: HostKey): EmulatedMeeting[];
  /** How many codes, tokens and page tokens the emulator holds now: what a long run's memory depends on. */
  held(): HeldCounts;
}

export interface HeldCounts {
  codes: number;
  accessTokens: number;
  refreshTokens: number;
  pageTokens: number;
}

export interface RunningZoomEmulator extends ZoomEmulator {
  url: string;
  close(): Promise<void>;
}

/** Options with every default filled in, used inside the emulator. */
export type ResolvedOptions = Required<Omit<EmulatorOptions, 'redirectUris'>> & { redirectUris?: string[] };
