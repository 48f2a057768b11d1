/** The YouTube emulator's options and their defaults. */

export interface YouTubeEmulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** When given, authorize and token calls must use one of these exactly; otherwise any http(s) URL is accepted. */
  redirectUris?: string[];
  /** Google's access tokens live an hour (expires_in 3599). */
  accessTokenTtlSeconds?: number;
  /** Google's authorization codes are one-use and short-lived; 5 minutes here. */
  codeTtlSeconds?: number;
  /** Millisecond clock, so tests can move time (token expiry, the quota day) instead of waiting. */
  now?: () => number;
  /** Units per quota day for this emulator (one Google Cloud project). Google's default: 10,000. */
  dailyQuota?: number;
  /**
   * The RTMP base every stream's cdn.ingestionInfo.ingestionAddress carries (YouTube: rtmp://a.rtmp.youtube.com/live2).
   * Point it at a local nginx-rtmp to receive real media. Default rtmp://127.0.0.1:1935/live2.
   */
  ingestionAddress?: string;
  /** Keep requests verbatim (bearer tokens, codes, secrets) for tests that assert on them. Default false: redacted. */
  recordRequests?: boolean;
  /** How many requests the log keeps, oldest dropped first. Default 1000. */
  requestLogSize?: number;
}

export type ResolvedOptions = Required<Omit<YouTubeEmulatorOptions, 'redirectUris'>> & { redirectUris?: string[] };

export const DEFAULT_INGESTION_ADDRESS = 'rtmp://127.0.0.1:1935/live2';

export function resolveOptions(options: YouTubeEmulatorOptions): ResolvedOptions {
  return {
    clientId: options.clientId ?? 'sandbox-google-client-id.apps.googleusercontent.com',
    clientSecret: options.clientSecret ?? 'sandbox-google-client-secret',
    redirectUris: options.redirectUris,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
    codeTtlSeconds: options.codeTtlSeconds ?? 300,
    now: options.now ?? Date.now,
    dailyQuota: options.dailyQuota ?? 10_000,
    ingestionAddress: options.ingestionAddress ?? DEFAULT_INGESTION_ADDRESS,
    recordRequests: options.recordRequests ?? false,
    requestLogSize: options.requestLogSize ?? 1000,
  };
}
