/** Typed failures of every call to Zoom, so pages can say exactly what happened. */

/** Zoom answered with an error status and (usually) its {code, message} body. */
export class ZoomApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly retryAfter?: string,
  ) {
    super(message);
    this.name = 'ZoomApiError';
  }
}

/** Zoom could not be reached, was too slow, or answered with something that is not Zoom JSON. */
export class ZoomUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'bad_response',
    message: string,
    /** True only when no connection was made, so the request cannot have reached Zoom. */
    readonly notSent = false,
  ) {
    super(message);
    this.name = 'ZoomUnavailableError';
  }
  get status(): number {
    return this.reason === 'timeout' ? 504 : 502;
  }
}

/** The host's Zoom grant is gone (revoked, refresh refused, no token): they must connect again. */
export class ReconnectRequiredError extends Error {
  constructor(message = 'Your Zoom connection has expired or was revoked.') {
    super(message);
    this.name = 'ReconnectRequiredError';
  }
}

/** Zoom rejected the app's own client credentials (`invalid_client`): the operator must fix the configuration. */
export class AppMisconfiguredError extends Error {
  constructor(message: string) {
    super(message);
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
