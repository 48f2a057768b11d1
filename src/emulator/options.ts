/** The emulator's options and their defaults. */

/**
 * Zoom's rate limits, enforced only when given (default: none, every call is served). Per-second limits count the
 * calls of one account in each whole second of the emulator's clock (`now`); calls the limits refuse do not count.
 */
export interface RateLimits {
  /**
   * LIGHT calls per second per account (Zoom: 30 on Pro, 80 on Business and up): GET /users/{userId} (me included), GET /users/me/settings,
   * GET /{meetings|webinars}/{id}, GET and PATCH /{meetings|webinars}/{id}/livestream, PATCH …/livestream/status.
   */
  lightPerSecond?: number;
  /** MEDIUM calls per second per account (Zoom: 20 on Pro, 60 on Business and up): GET /users, GET /users/{userId}/{meetings|webinars}. */
  mediumPerSecond?: number;
  /** Send Retry-After with a 429: `1` (seconds) for the per-second limits, the next 00:00 UTC for the daily one. Default true. */
  retryAfter?: boolean;
  /** Live stream updates (PATCH /{meetings|webinars}/{id}/livestream) per user (the event's host) per UTC day of the emulator's clock. */
  dailyLivestreamUpdates?: number;
}

/** Where the emulator sends Zoom's webhooks (the app's event notification endpoint) and the token it signs them with. */
export interface WebhookTarget {
  url: string;
  secretToken: string;
}

/** Real media for a started live stream (media/push.ts): ffmpeg's test pattern, pushed as Zoom pushes the meeting. */
export interface MediaOptions {
  /** The ffmpeg binary (e.g. /usr/bin/ffmpeg). */
  ffmpegPath: string;
  /** How long each push lasts (ffmpeg's -t), in seconds, unless the stream is stopped first. */
  seconds: number;
}

/**
 * How a Marketplace app is managed (Zoom: set when the app is built, one type per app). A user-managed app acts for
 * the user who added it; an admin-managed app is added by an account owner or admin, carries `:admin` scopes and may act
 * on every user of that account. A Member who tries to add an admin-managed app is refused on the consent page.
 */
export type AppType = 'user-managed' | 'admin-managed';

/** A second app registered with the emulator, admin-managed: what an app uses for its "connect as account admin" flow. */
export interface AdminAppOptions {
  clientId?: string;
  clientSecret?: string;
  /** Scopes its tokens carry. Default: meeting:read:admin meeting:write:admin user:read:admin webinar:read:admin webinar:write:admin. */
  scope?: string;
  /** As redirectUris for the main app; default: the main app's list (or any http(s) URL when there is none). */
  redirectUris?: string[];
}

/** One app the emulator knows, with everything filled in. */
export interface RegisteredApp {
  clientId: string;
  clientSecret: string;
  type: AppType;
  scope: string;
  redirectUris?: string[];
}

export interface EmulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** When given, authorize and token calls must use one of these exactly; otherwise any http(s) URL is accepted. */
  redirectUris?: string[];
  accessTokenTtlSeconds?: number;
  codeTtlSeconds?: number;
  /**
   * Scopes every token of the main app (clientId) carries, as its Marketplace configuration lists them (Zoom ignores a
   * scope sent to /oauth/authorize). Default for a user-managed app: meeting:read meeting:write user:read webinar:read
   * webinar:write; for an admin-managed one, the same five with `:admin`.
   */
  grantedScope?: string;
  /** How the main app (clientId) is managed. Default 'user-managed': every user may add it, and it acts for them alone. */
  appType?: AppType;
  /**
   * The admin-managed app registered beside the main one (its own client id and secret). Default: client id
   * `sandbox-admin-client-id`, secret `sandbox-admin-client-secret`, the classic admin scopes. `false`: no second app.
   */
  adminApp?: AdminAppOptions | false;
  /** Millisecond clock, so tests can move time instead of waiting. */
  now?: () => number;
  /**
   * Extra upcoming meetings for the Pro host, after its 4 seeded ones: lets tests page past Zoom's 30 per page.
   * Default 0; the sandbox uses 40 (44 meetings: a full page and a partial one).
   */
  extraMeetings?: number;
  /** Extra upcoming webinars for the Pro host, after its 4 seeded ones (a season's size: 296 more makes 300). Default 0. */
  extraWebinars?: number;
  /**
   * How many weekly occurrences each recurring meeting and webinar has (one id, one set of live stream settings for
   * all of them, listed once as Zoom lists it). Default 4; a season's series is 10 or more.
   */
  occurrences?: number;
  /**
   * Keep every request verbatim, secrets included, for tests that assert on what Zoom received (stream keys in
   * PATCH bodies, refresh tokens in token calls). Default false: the sandbox's log keeps no bearer token, code,
   * verifier, refresh token, client secret or stream key, and no raw body, so a long run holds no secrets.
   */
  recordRequests?: boolean;
  /** How many requests the log keeps, oldest dropped first. Default 200, or 10 000 with recordRequests (a test file's whole history). */
  requestLogSize?: number;
  /**
   * A JSON file that keeps tokens, live stream settings and live state across restarts (the sandbox's, under DATA_DIR).
   * Written atomically after every change, mode 0600. Default: none, everything stays in memory.
   */
  statePath?: string;
  /** Zoom's rate limits for tests and the sandbox to choose; change them later with setRateLimits. Default: none. */
  rateLimits?: RateLimits;
  /**
   * For this many seconds (emulator clock) after the host starts a meeting or webinar (startEvent or the control page),
   * PATCH …/livestream/status `start` is refused as Zoom refuses a stream started too soon after the meeting: 400, the
   * "has not started" error (meetings 4927, webinars 200). Proves the app retries. Default 0: no refusal.
   */
  startRefusalSeconds?: number;
  /** Send Zoom's webhooks here when the emulator's state changes; change it later with setWebhook. Default: none, no events. */
  webhook?: WebhookTarget;
  /**
   * Push real media, as Zoom pushes the meeting's video: after a successful PATCH …/livestream/status `start`, ffmpeg
   * sends `seconds` of a test pattern to the event's stream_url/stream_key; a stop ends it. Default: none, no media,
   * no process (the sandbox and most tests). The real-media test points it at a local nginx-rtmp.
   */
  media?: MediaOptions;
}

/** Options with every default filled in, used inside the emulator. */
export type ResolvedOptions = Required<Omit<EmulatorOptions, 'redirectUris' | 'statePath' | 'webhook' | 'media' | 'adminApp'>> & {
  redirectUris?: string[];
  /** The main app first, then the admin-managed one (when there is one). */
  apps: RegisteredApp[];
  statePath?: string;
  webhook?: WebhookTarget;
  media?: MediaOptions;
};

export const DEFAULT_SCOPE = 'meeting:read meeting:write user:read webinar:read webinar:write';
export const DEFAULT_ADMIN_SCOPE = 'meeting:read:admin meeting:write:admin user:read:admin webinar:read:admin webinar:write:admin';

function appsOf(main: RegisteredApp, admin: AdminAppOptions | false | undefined): RegisteredApp[] {
  if (admin === false) return [main];
  return [main, {
    clientId: admin?.clientId ?? 'sandbox-admin-client-id',
    clientSecret: admin?.clientSecret ?? 'sandbox-admin-client-secret',
    type: 'admin-managed',
    scope: admin?.scope ?? DEFAULT_ADMIN_SCOPE,
    redirectUris: admin?.redirectUris ?? main.redirectUris,
  }];
}

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const appType = options.appType ?? 'user-managed';
  const clientId = options.clientId ?? 'sandbox-client-id';
  const clientSecret = options.clientSecret ?? 'sandbox-client-secret';
  const grantedScope = options.grantedScope ?? (appType === 'admin-managed' ? DEFAULT_ADMIN_SCOPE : DEFAULT_SCOPE);
  const main: RegisteredApp = { clientId, clientSecret, type: appType, scope: grantedScope, redirectUris: options.redirectUris };
  return {
    clientId,
    clientSecret,
    redirectUris: options.redirectUris,
    appType,
    apps: appsOf(main, options.adminApp),
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
    codeTtlSeconds: options.codeTtlSeconds ?? 300,
    grantedScope,
    now: options.now ?? Date.now,
    extraMeetings: options.extraMeetings ?? 0,
    occurrences: options.occurrences ?? 4,
    extraWebinars: options.extraWebinars ?? 0,
    recordRequests: options.recordRequests ?? false,
    // The sandbox needs only the latest requests; a test file may read its whole history (test/helpers/secrets.ts
    // scans it for leaked secrets), yet even a test's log stays bounded.
    requestLogSize: options.requestLogSize ?? (options.recordRequests ? 10_000 : 200),
    statePath: options.statePath,
    rateLimits: { ...options.rateLimits },
    startRefusalSeconds: options.startRefusalSeconds ?? 0,
    webhook: options.webhook && { ...options.webhook },
    media: options.media && { ...options.media },
  };
}
