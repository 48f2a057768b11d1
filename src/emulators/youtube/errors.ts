/**
 * Google-shaped error replies. The Data API answers {error: {code, message, errors: [{message, domain, reason}], status}};
 * the OAuth server answers {error, error_description}. Clients read `errors[0].reason`, so the reasons are YouTube's own.
 */
import type { Response } from 'express';

/** Google's canonical status names, sent beside the HTTP code in newer error bodies. */
const CANONICAL: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 500: 'INTERNAL',
};

export interface ApiErrorDetail {
  reason: string;
  domain: string;
  message: string;
  location?: string;
  locationType?: 'parameter' | 'header';
  extendedHelp?: string;
}

export function sendApiError(res: Response, status: number, detail: ApiErrorDetail): void {
  res.locals.errorReason = detail.reason;
  res.status(status).json({
    error: { code: status, message: detail.message, errors: [detail], status: CANONICAL[status] ?? 'UNKNOWN' },
  });
}

export function sendOAuthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({ error, error_description: description });
}

type Kind = 'liveBroadcast' | 'liveStream';
const domainOf = (kind: Kind): string => `youtube.${kind}`;

/** The errors YouTube's Live Streaming API documents for the calls the app makes (developers.google.com/youtube/v3/live/docs/errors). */
export const youtubeErrors = {
  unauthenticated: (res: Response) => {
    res.set('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
    sendApiError(res, 401, {
      reason: 'authError', domain: 'global', location: 'Authorization', locationType: 'header',
      message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    });
  },
  quotaExceeded: (res: Response) => sendApiError(res, 403, {
    reason: 'quotaExceeded', domain: 'youtube.quota',
    message: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
  }),
  liveStreamingNotEnabled: (res: Response, kind: Kind) => sendApiError(res, 403, {
    reason: 'liveStreamingNotEnabled', domain: domainOf(kind), extendedHelp: 'https://www.youtube.com/features',
    message: 'The user is not enabled for live streaming.',
  }),
  insufficientLivePermissions: (res: Response, kind: Kind) => sendApiError(res, 403, {
    reason: 'insufficientLivePermissions', domain: domainOf(kind), message: 'Request is not authorized.',
  }),
  broadcastNotFound: (res: Response) => sendApiError(res, 404, {
    reason: 'liveBroadcastNotFound', domain: domainOf('liveBroadcast'), message: 'Broadcast not found',
  }),
  streamNotFound: (res: Response) => sendApiError(res, 404, {
    reason: 'liveStreamNotFound', domain: domainOf('liveStream'), message: 'Stream not found',
  }),
  /** A required field or parameter: YouTube's `…Required` reasons (titleRequired, scheduledStartTimeRequired, idRequired…). */
  required: (res: Response, kind: Kind, reason: string, message: string) =>
    sendApiError(res, 400, { reason, domain: domainOf(kind), message }),
  /** A value YouTube refuses: invalidTitle, invalidScheduledStartTime, invalidPrivacyStatus… */
  invalidValue: (res: Response, kind: Kind, reason: string, message: string) =>
    sendApiError(res, 400, { reason, domain: domainOf(kind), message }),
  /** A state that does not allow the call: invalidTransition, redundantTransition, errorStreamInactive… */
  forbidden: (res: Response, kind: Kind, reason: string, message: string) =>
    sendApiError(res, 403, { reason, domain: domainOf(kind), message }),
  missingPart: (res: Response) => sendApiError(res, 400, {
    reason: 'required', domain: 'global', location: 'part', locationType: 'parameter', message: 'Required parameter: part',
  }),
  unknownPart: (res: Response, part: string) => sendApiError(res, 400, {
    reason: 'unknownPart', domain: 'youtube.part', location: 'part', locationType: 'parameter', message: `${part}`,
  }),
  badParameter: (res: Response, reason: string, message: string) =>
    sendApiError(res, 400, { reason, domain: 'youtube.parameter', message }),
  parseError: (res: Response) => sendApiError(res, 400, { reason: 'parseError', domain: 'global', message: 'Parse Error' }),
  notFound: (res: Response) => sendApiError(res, 404, { reason: 'notFound', domain: 'global', message: 'Not Found' }),
  internal: (res: Response) => sendApiError(res, 500, { reason: 'backendError', domain: 'global', message: 'Backend Error' }),
};
