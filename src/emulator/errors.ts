/** Zoom-shaped error replies: REST errors are {code, message[, errors]}, OAuth errors are {reason, error}. */
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { EventKind } from './types';

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

function titleOf(kind: EventKind): string {
  return kind === 'meeting' ? 'Meeting' : 'Webinar';
}

export const zoomErrors = {
  invalidToken: (res: Response) => sendZoomError(res, 401, 124, 'Invalid access token.'),
  expiredToken: (res: Response) => sendZoomError(res, 401, 124, 'Access token is expired.'),
  invalidId: (res: Response, kind: EventKind) => sendZoomError(res, 400, 300, `Invalid ${kind} id.`),
  notFound: (res: Response, kind: EventKind, id: string) => sendZoomError(res, 404, 3001, `${titleOf(kind)} does not exist: ${id}.`),
  userNotFound: (res: Response, userId: string) => sendZoomError(res, 404, 1001, `User does not exist: ${userId}.`),
  /**
   * An admin-scoped token whose user is no longer an owner or admin (Zoom checks the role on every request). Zoom
   * documents 400/403 code 200 "No permission." without saying which call answers which; the emulator uses 400.
   */
  noPermission: (res: Response) => sendZoomError(res, 400, 200, 'No permission.'),
  notLicensed: (res: Response) =>
    sendZoomError(res, 400, 3161, 'Meeting hosting and scheduling capabilities are not allowed for your user account.'),
  missingScopes: (res: Response, scopes: string[]) =>
    sendZoomError(res, 400, 4711, `Invalid access token, does not contain scopes:[${scopes.join(', ')}].`),
  encryptedMeeting: (res: Response) =>
    sendZoomError(res, 400, 4400, 'End-to-end encrypted meetings currently do not support the livestreaming feature.'),
  /** Meetings answer 4927; webinars answer the generic 200 with the same sentence. */
  notStarted: (res: Response, kind: EventKind, id: string) =>
    sendZoomError(res, 400, kind === 'meeting' ? 4927 : 200, `${titleOf(kind)} ${id} has not started.`),
  /** Zoom does not document stopping a stream that is not running; the emulator answers with its generic 300. */
  streamNotLive: (res: Response, kind: EventKind) => sendZoomError(res, 400, 300, `The ${kind} is not being live streamed.`),
  /**
   * Zoom publishes no code for a meeting live stream change while the account's custom streaming service is off;
   * the emulator's choice is 400 code 200 (Zoom's "No permission." family) with this sentence.
   */
  customServiceOff: (res: Response) =>
    sendZoomError(res, 400, 200, 'Custom live streaming service is not enabled for this user.'),
  webinarPlanMissing: (res: Response) => sendZoomError(res, 400, 200,
    'Webinar plan is missing. You must subscribe to the webinar plan and enable webinars for this user in order to perform this action.'),
  webinarStreamingOff: (res: Response) =>
    sendZoomError(res, 400, 200, 'The current user has not enabled the custom live streaming feature of the webinar.'),
  webinarNotConfigured: (res: Response) =>
    sendZoomError(res, 400, 3000, 'The current webinar is not configured with a custom streaming service.'),
  invalidBody: (res: Response) => sendZoomError(res, 400, 300, 'Request Body should be a valid JSON object.'),
  validationFailed: (res: Response, errors: FieldError[]) => sendZoomError(res, 400, 300, 'Validation Failed.', errors),
  /** A query parameter outside its documented values (e.g. GET /users?status=gone); the wording is the emulator's. */
  invalidParameter: (res: Response, name: string) => sendZoomError(res, 400, 300, `Invalid parameter: ${name}.`),
  invalidPageToken: (res: Response) => sendZoomError(res, 400, 300, 'Invalid next_page_token.'),
  noRoute: (res: Response) => sendZoomError(res, 404, 404, 'Not found.'),
  tooLarge: (res: Response) => sendZoomError(res, 413, 413, 'Request body is too large.'),
  internal: (res: Response) => sendZoomError(res, 500, 500, 'Internal error.'),
};
