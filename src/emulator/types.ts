/** Public types of the Zoom emulator: the app and its tests build on these, so change them with care. */
import type { Express } from 'express';
import type { RateLimits, WebhookTarget } from './options';

export type { AdminAppOptions, AppType, EmulatorOptions, MediaOptions, RateLimits, WebhookTarget } from './options';

/**
 * The seeded users. The first three are the original hosts (their ids, accounts and events never change); the rest
 * came with account admins: the shared account's owner, admin and second Pro host, and another account's admin and host.
 */
export type HostKey = 'pro' | 'basic' | 'licensed' | 'pro2' | 'owner' | 'admin' | 'otherAdmin' | 'otherHost';

/** Zoom's built-in roles (GET /users/me `role_name`); role_id is '0', '1', '2' respectively. */
export type RoleName = 'Owner' | 'Admin' | 'Member';

/** Meetings and webinars are two kinds of one thing, on their own paths (/meetings/{id}, /webinars/{id}). */
export type EventKind = 'meeting' | 'webinar';

/** What a host's account allows, behind GET /users/me/settings and the live stream preconditions. */
export interface HostCapabilities {
  /** in_meeting.allow_live_streaming: off, every meeting live stream change is refused. */
  allowLiveStreaming: boolean;
  /** in_meeting.custom_live_streaming_service: the RTMP destination this app configures. */
  customLiveStreamingService: boolean;
  /** feature.webinar: the webinar add-on; without it every webinar call answers "Webinar plan is missing". */
  webinarPlan: boolean;
  /** in_meeting.webinar_live_streaming.enable with the custom service. */
  webinarLiveStreaming: boolean;
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
  /** With delayMs: handled after the wait even when the client gave up (a slow Zoom applies a change the app timed out on). */
  landsLate?: boolean;
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
  /** Set on the calls Zoom rate-limits (REST calls with a valid token): what the limits made of this one. */
  rate?: RateRecord;
}

export type RateCategory = 'Light' | 'Medium';

export interface RateRecord {
  /** The account_id of the token's host: per-second limits count per account. */
  account: string;
  category: RateCategory;
  /** The whole second of the emulator's clock the call was counted in (Math.floor(now() / 1000)). */
  second: number;
  /** false: answered 429 by a limit (and not counted). */
  served: boolean;
  /** Which limit refused it, when one did. */
  type?: 'QPS' | 'Daily-limit';
}

/** One second of one account's calls of one category: how many were served and how many refused. */
export interface RateWindow {
  second: number;
  served: number;
  limited: number;
}

export interface EmulatedUser {
  key: HostKey;
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  /** Zoom's user type: 1 = Basic, 2 = Licensed (Pro and the Licensed host). */
  type: 2 | 1;
  account_id: string;
  timezone: string;
  pmi: number;
  language: string;
  created_at: string;
  /** Checked on every request: an Owner or Admin token with admin scopes acts on the whole account. */
  role_name: RoleName;
  role_id: '0' | '1' | '2';
}

/** One occurrence of a recurring meeting (type 8) or webinar (type 9), as GET /{kind}s/{id} lists it. */
export interface EmulatedOccurrence {
  /** Zoom's occurrence ids are the start time in epoch milliseconds, as a string. */
  occurrence_id: string;
  start_time: string;
  duration: number;
  status: 'available';
}

/** A meeting or a webinar: the fields both kinds share, as the emulator keeps them. */
export interface EmulatedEvent {
  /** Decimal digits: Zoom meeting and webinar ids are int64 and may exceed 2^53. */
  id: string;
  uuid: string;
  topic: string;
  start_time: string;
  duration: number;
  timezone: string;
  /** Meetings: 2 scheduled, 8 recurring with a fixed time. Webinars: 5 scheduled, 9 recurring with a fixed time. */
  type: 2 | 8 | 5 | 9;
  join_url: string;
  host_id: string;
  created_at: string;
  /** 'started' once the host has opened it (hosts may start early). GET /meetings/{id} reports it; webinars do not. */
  status: 'waiting' | 'started';
  /** Zoom keeps this under a meeting's settings; live streaming is refused (4400) for 'e2ee'. Never sent in a list. */
  encryption_type: 'enhanced_encryption' | 'e2ee';
  /** Recurring events only: weekly, starting at start_time. */
  occurrences?: EmulatedOccurrence[];
}

/** A meeting or webinar a test schedules with createEvent. */
export interface NewEvent {
  topic: string;
  /** Any time Date.parse reads; kept as Zoom writes it (UTC, no milliseconds). */
  start_time: string;
  duration: number;
  /** More than 0: a recurring series (type 8 or 9) of this many weekly occurrences. Default 0, a single event. */
  occurrences?: number;
}

/** What updateEvent may change: for one occurrence, its start_time and duration only. */
export type EventChange = Partial<Pick<EmulatedEvent, 'topic' | 'start_time' | 'duration'>>;

export type EmulatedMeeting = EmulatedEvent;
export type EmulatedWebinar = EmulatedEvent;

export interface LivestreamSettings {
  stream_url: string;
  stream_key: string;
  page_url: string;
  resolution?: string;
}

/** What PATCH /livestream/status did to a meeting or webinar: streaming or not, and the settings of the last start/mode. */
export interface LiveStreamState {
  live: boolean;
  settings?: Record<string, unknown>;
}

/** One media push (the `media` option), as tests read it: `finished` resolves (never rejects) once ffmpeg has exited. */
export interface MediaPush {
  kind: EventKind;
  eventId: string;
  /** Millisecond wall clock when ffmpeg was started. */
  startedAt: number;
  /** ffmpeg's exit code once it has exited (0: the whole push was sent); null while it runs, or when a signal ended it. */
  exitCode: number | null;
  /** True when the stream was stopped (or the emulator closed) while ffmpeg still ran. */
  stopped: boolean;
  /** ffmpeg's error output (-loglevel error), the stream key replaced by [stream key]. */
  errorOutput: string;
  finished: Promise<MediaPush>;
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
  /** The stored live stream settings of a meeting (or, with kind 'webinar', of a webinar). */
  livestreamOf(id: string, kind?: EventKind): LivestreamSettings | undefined;
  /** Whether the meeting (or webinar) is being live streamed (undefined for an unknown id). */
  liveStateOf(id: string, kind?: EventKind): LiveStreamState | undefined;
  hosts: Record<HostKey, EmulatedUser>;
  meetingsOf(hostKey: HostKey): EmulatedMeeting[];
  webinarsOf(hostKey: HostKey): EmulatedWebinar[];
  /**
   * The host opens the meeting or webinar: status 'started', so its live stream can start; {kind}.started is sent.
   * Throws for an unknown id. These three host actions resolve once their own webhooks are answered (await is optional).
   */
  startEvent(kind: EventKind, id: string): Promise<void>;
  /** The event ends: status 'waiting' again, its live stream stops (meetings: live_streaming_stopped first), {kind}.ended. */
  endEvent(kind: EventKind, id: string): Promise<void>;
  /** The host presses Stop in the Zoom client: the stream stops (settings kept); meetings send live_streaming_stopped. */
  stopLivestream(kind: EventKind, id: string): Promise<void>;
  /**
   * The host schedules a meeting or webinar in Zoom: it is listed and readable at once, and {kind}.created is sent.
   * Returns a copy of it (its id is new); the promise resolves once the webhook is answered.
   */
  createEvent(kind: EventKind, hostKey: HostKey, fields: NewEvent): Promise<EmulatedEvent>;
  /** The host reschedules or renames it (with occurrenceId: moves one occurrence of a series); {kind}.updated is sent. */
  updateEvent(kind: EventKind, id: string, change: EventChange, occurrenceId?: string): Promise<void>;
  /** The host deletes it (with occurrenceId: one occurrence of a series, the rest stays); {kind}.deleted is sent. */
  deleteEvent(kind: EventKind, id: string, occurrenceId?: string): Promise<void>;
  /** Where webhooks go from now on (the sandbox learns the app's URL after it binds); undefined: send none. */
  setWebhook(target: WebhookTarget | undefined): void;
  /** Resolves when every webhook queued so far has been answered (or has failed): tests await it instead of sleeping. */
  webhooksDelivered(): Promise<void>;
  /** The webhooks answered so far, oldest first (the latest 1000). */
  webhookDeliveries(): DeliveredWebhook[];
  /**
   * Changes a user's role at once: their tokens gain or lose admin powers on their next request (Zoom checks the role per
   * request), and GET /users/me shows it. Making someone 'Owner' makes the account's previous owner 'Admin'; the owner
   * cannot be demoted directly (an account always has one). Throws for an unknown user or role.
   */
  setRole(hostKey: HostKey, role: RoleName): void;
  /** Changes what a host's account allows (GET /users/me/settings and the preconditions follow). */
  setCapabilities(hostKey: HostKey, change: Partial<HostCapabilities>): void;
  /** Replaces the rate limits (`{}` turns limiting off); the counts so far are kept. */
  setRateLimits(limits: RateLimits): void;
  /**
   * From the request log, the seconds (oldest first) in which an account (or a host's account: a HostKey) made calls of one
   * category (default 'Light'), with how many were served and how many refused: `served` never exceeds the limit.
   */
  servedPerSecond(hostOrAccount: string, category?: RateCategory): RateWindow[];
  /** How many codes, tokens and page tokens the emulator holds now: what a long run's memory depends on. */
  held(): HeldCounts;
  /** With the `media` option: the pushes so far (running and finished), oldest first; always [] without it. */
  mediaPushes(): MediaPush[];
  /** Resolves once every media push started so far has exited (pushed its seconds, or was stopped): no sleeping. */
  mediaPushesFinished(): Promise<MediaPush[]>;
  /** Ends the running media pushes and resolves once they have exited (close() does it). */
  stopMediaPushes(): Promise<void>;
}

/** One webhook the emulator sent: the event name, the meeting or webinar id, and the app's answer. */
export interface DeliveredWebhook {
  event: string;
  /** Decimal digits, whatever JSON type the event itself gave the id. */
  id: string;
  /** The receiver's HTTP status; 0 when there was none (refused connection, reset, no answer in 10 s). */
  status: number;
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
