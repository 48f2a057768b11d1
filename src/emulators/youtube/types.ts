/** Public types of the YouTube emulator: the app's tests and the sandbox build on these, so change them with care. */
import type { Express } from 'express';

export type { YouTubeEmulatorOptions } from './options';

/** The three Google accounts on the consent page. */
export type AccountKey = 'streamer' | 'not-enabled' | 'no-channel';

export interface GoogleAccount {
  key: AccountKey;
  email: string;
  name: string;
  /** The YouTube channel (UC…); none for the account without a channel. */
  channelId?: string;
  /** Whether the channel may create broadcasts and streams (YouTube Studio's one-time live streaming enablement). */
  liveStreamingEnabled: boolean;
}

export type StreamStatus = 'created' | 'ready' | 'active' | 'inactive' | 'error';
export type HealthStatus = 'good' | 'ok' | 'bad' | 'noData';
export type LifeCycleStatus = 'created' | 'ready' | 'testing' | 'live' | 'complete' | 'revoked';
export type PrivacyStatus = 'public' | 'unlisted' | 'private';

/** A liveStream as the emulator keeps it (the API's JSON is built from this). */
export interface EmulatedStream {
  id: string;
  channelId: string;
  publishedAt: string;
  title: string;
  description: string;
  streamName: string;
  ingestionAddress: string;
  resolution: string;
  frameRate: string;
  isReusable: boolean;
  streamStatus: StreamStatus;
  healthStatus: HealthStatus;
}

/** A liveBroadcast as the emulator keeps it. */
export interface EmulatedBroadcast {
  id: string;
  channelId: string;
  publishedAt: string;
  title: string;
  description: string;
  scheduledStartTime: string;
  scheduledEndTime?: string;
  actualStartTime?: string;
  actualEndTime?: string;
  privacyStatus: PrivacyStatus;
  lifeCycleStatus: LifeCycleStatus;
  enableAutoStart: boolean;
  enableAutoStop: boolean;
  boundStreamId?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  authorization: string | undefined;
  body: unknown;
  at: number;
  /** The response's status, filled in once it is sent. */
  status?: number;
  /** Quota units the call cost (YouTube API calls only). */
  quotaCost?: number;
}

export interface YouTubeEmulator {
  app: Express;
  accounts: Record<AccountKey, GoogleAccount>;
  /** The latest requests, oldest first (OAuth and API; not the /emulator controls). Redacted unless recordRequests. */
  requests: RecordedRequest[];
  requestsTo(method: string, pathPrefix: string): RecordedRequest[];
  clearRequests(): void;
  /** Every access token issued so far is refused from now on (401), as if it had expired; refresh tokens still work. */
  expireAccessTokens(): void;
  /** Copies of the broadcasts (of one account, or all), oldest first. */
  broadcasts(account?: AccountKey): EmulatedBroadcast[];
  /** Copies of the streams (of one account, or all), oldest first. */
  streams(account?: AccountKey): EmulatedStream[];
  /**
   * The encoder starts or stops pushing to this stream key (what nginx-rtmp's on_publish / on_publish_done report).
   * Broadcasts bound to it with enableAutoStart go live on 'active'; live ones with enableAutoStop complete on 'inactive'.
   * Throws for an unknown stream key.
   */
  setStreamStatus(streamName: string, status: 'active' | 'inactive'): void;
  /** Units spent in the current quota day (midnight to midnight America/Los_Angeles of the emulator's clock). */
  quotaUsed(): number;
  /** Changes the daily quota (units per day); what was spent today is kept. */
  setQuota(units: number): void;
}

export interface RunningYouTubeEmulator extends YouTubeEmulator {
  url: string;
  close(): Promise<void>;
}
