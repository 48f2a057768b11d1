/** Zoom-shaped error replies: REST errors are {code, message[, errors]}, OAuth errors are {reason, error}. */
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

export interface FieldError {
  field: string;
  message: string;
}

export function sendZoomError(res: Response, status: number, code: number, message: string, errors?: FieldError[]): void {
  res.status(status).json(errors ? { code, message, errors } : { code, message });
}

/** Zoom's OAuth server puts `reason` first; clients show it, so keep its wording. */
export function sendOAuthError(res: Response, status: number, error: string, reason: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ reason, error });
}

/** Body for an injected fault that names only a status. */
export function defaultFaultBody(status: number): { code: number; message: string } {
  if (status === 429) {
    return { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' };
  }
  return { code: status, message: STATUS_CODES[status] ?? 'Error' };
}

export const zoomErrors = {
  invalidToken: (res: Response) => sendZoomError(res, 401, 124, 'Invalid access token.'),
  expiredToken: (res: Response) => sendZoomError(res, 401, 124, 'Access token is expired.'),
  invalidMeetingId: (res: Response) => sendZoomError(res, 400, 300, 'Invalid meeting id.'),
  meetingNotFound: (res: Response, id: string) => sendZoomError(res, 404, 3001, `Meeting does not exist: ${id}.`),
  notLicensed: (res: Response) =>
    sendZoomError(res, 400, 3161, 'Meeting hosting and scheduling capabilities are not allowed for your user account.'),
  missingScopes: (res: Response, scopes: string[]) =>
    sendZoomError(res, 400, 4711, `Invalid access token, does not contain scopes:[${scopes.join(', ')}].`),
  encryptedMeeting: (res: Response) =>
    sendZoomError(res, 400, 4400, 'End-to-end encrypted meetings currently do not support the livestreaming feature.'),
  meetingNotStarted: (res: Response, id: string) => sendZoomError(res, 400, 4927, `Meeting ${id} has not started.`),
  /** Zoom does not document stopping a stream that is not running; the emulator answers with its generic 300. */
  streamNotLive: (res: Response) => sendZoomError(res, 400, 300, 'The meeting is not being live streamed.'),
  invalidBody: (res: Response) => sendZoomError(res, 400, 300, 'Request Body should be a valid JSON object.'),
  validationFailed: (res: Response, errors: FieldError[]) => sendZoomError(res, 400, 300, 'Validation Failed.', errors),
  invalidPageToken: (res: Response) => sendZoomError(res, 400, 300, 'Invalid next_page_token.'),
  notFound: (res: Response) => sendZoomError(res, 404, 404, 'Not found.'),
  tooLarge: (res: Response) => sendZoomError(res, 413, 413, 'Request body is too large.'),
  internal: (res: Response) => sendZoomError(res, 500, 500, 'Internal error.'),
};
