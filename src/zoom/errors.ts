/** Typed failures of every call to Zoom, so pages can say exactly what happened. */

/** A sentence of ours about a failure: a catalogue key and its values, translated when a page shows it. */
export interface Wording {
  key: string;
  params?: Record<string, string | number>;
}

/** Zoom answered with an error status and (usually) its {code, message} body. */
export class ZoomApiError extends Error {
  /** Set when Zoom sent no message of its own: what the page says instead. */
  readonly wording?: Wording;
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    /** Zoom's own message, shown exactly as sent; undefined when the body had none. */
    zoomMessage: string | undefined,
    readonly retryAfter?: string,
    /** X-RateLimit-Type on a 429 ("QPS", "Daily-limit"...): a daily limit stops a job until 00:00 UTC. */
    readonly rateLimitType?: string,
  ) {
    super(zoomMessage ?? `Zoom answered HTTP ${status} without an error message.`);
    this.name = 'ZoomApiError';
    if (zoomMessage === undefined) this.wording = { key: 'zoom.message.noErrorMessage', params: { status } };
  }
}

/** Zoom could not be reached, was too slow, or answered with something that is not Zoom JSON. */
export class ZoomUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'bad_response',
    readonly wording: Wording,
    /** True only when no connection was made, so the request cannot have reached Zoom. */
    readonly notSent = false,
  ) {
    super(`zoom unavailable (${reason}): ${wording.key}`);
    this.name = 'ZoomUnavailableError';
  }
  get status(): number {
    return this.reason === 'timeout' ? 504 : 502;
  }
}

/** Why the host must connect again; each is a sentence in the catalogues (zoom.reconnect.*). */
export type ReconnectReason = 'expired' | 'accessRevoked' | 'connect' | 'sessionEnded';

/** The host's Zoom grant is gone (revoked, refresh refused, no token): they must connect again. */
export class ReconnectRequiredError extends Error {
  constructor(readonly reason: ReconnectReason = 'expired') {
    super(`reconnect required: ${reason}`);
    this.name = 'ReconnectRequiredError';
  }
}

/** Zoom rejected the app's own client credentials (`invalid_client`): the operator must fix the configuration. */
export class AppMisconfiguredError extends Error {
  constructor() {
    super('Zoom rejected this app\'s client credentials (invalid_client).');
    this.name = 'AppMisconfiguredError';
  }
}

export type ZoomFailure = ZoomApiError | ZoomUnavailableError | ReconnectRequiredError | AppMisconfiguredError;

export function isZoomFailure(error: unknown): error is ZoomFailure {
  return (
    error instanceof ZoomApiError ||
    error instanceof ZoomUnavailableError ||
    error instanceof ReconnectRequiredError ||
    error instanceof AppMisconfiguredError
  );
}

/** Zoom's 401 code 124: the access token expired (or was revoked); a refresh may help once. */
export function isExpiredToken(error: unknown): boolean {
  return error instanceof ZoomApiError && error.status === 401 && error.code === 124;
}
