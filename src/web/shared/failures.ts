import type { Request } from 'express';
import { formatInstant } from './format';
import type { Language } from '../middleware/languages';
import { AppMisconfiguredError, ReconnectRequiredError, ZoomApiError, isZoomFailure, type ZoomFailure } from '../../zoom/errors';
import { parseRetryAfter } from '../../zoom/retry-after';

/**
 * The one vocabulary of failures: every error a request can meet, mapped to what the host sees,
 * in the request's language. A Zoom failure on a page becomes an error panel (FailureView) beside
 * the form and the typed values; anything that ends a request becomes an error page (ErrorPage,
 * error-page.ts) through the one error handler. Zoom's own messages are kept exactly as Zoom sent them.
 */

/** The request's translator and language (i18next-http-middleware puts both on the request). */
export interface Speaker {
  t: (key: string, params?: Record<string, unknown>) => string;
  language: Language;
}

export function speakerOf(req: Request): Speaker {
  // Every page route runs after the language middleware; before it (static files, health) nothing renders words.
  if (!req.t) return { t: (key) => key, language: 'en' };
  return { t: (key, params) => String(req.t(key, params)), language: req.language === 'zh-CN' ? 'zh-CN' : 'en' };
}

/** Where the page sends the host next: a link and the catalogue key of its label. */
export interface NextStep {
  href: string;
  label: string;
}

export const TRY_AGAIN: NextStep = { href: '/install', label: 'errors.next.tryAgain' };
export const CONNECT: NextStep = { href: '/install', label: 'errors.next.connect' };
export const START_PAGE: NextStep = { href: '/', label: 'errors.next.home' };

/**
 * An error that knows its HTTP status, its words (`<key>.title` and `<key>.message` in the
 * catalogues, with values) and what the page should tell the host to do next.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly params: Record<string, string | number> = {},
    readonly next: NextStep = START_PAGE,
  ) {
    super(key);
    this.name = 'HttpError';
  }
}

/** A Zoom failure as a page's error panel: Zoom's own answer, plus what it means for the host. */
export interface FailureView {
  /** Status of our page: mirrors Zoom's 4xx, 502/504 when Zoom itself failed. */
  httpStatus: number;
  heading: string;
  zoomStatus?: number;
  zoomCode?: number;
  /** Zoom's words, quoted as sent; or ours, translated, when Zoom said nothing (zoomSaid false). */
  zoomMessage: string;
  zoomSaid: boolean;
  explanation?: string;
  reconnect: boolean;
  /** The one step that fixes it, when it is not connecting Zoom again (e.g. connect YouTube). */
  next?: { href: string; label: string };
}

/** Zoom codes with an explanation in the catalogues (zoom.explain.<code>). */
const EXPLAINED = new Set([124, 200, 300, 3000, 3001, 3161, 4400, 4711, 4927]);
/** Refusals whose meaning depends on the action taken (zoom.explainStop.<code>). */
const EXPLAINED_ON_STOP = new Set([300]);
/** Codes whose explanation names the kind of event (zoom.explainWebinar.<code> for webinars). */
const EXPLAINED_BY_KIND = new Set([300, 3001]);
/**
 * Zoom's code 200 covers several refusals; its message tells them apart (zoom.explain200.<case>).
 * The messages are Zoom's documented ones (see zoom-api.md) and the emulator's for a meeting.
 */
const CODE_200_CASES: Array<[RegExp, string]> = [
  [/webinar plan is missing/i, 'webinarPlan'],
  [/not enabled the custom live streaming feature of the webinar/i, 'webinarStreamingOff'],
  [/has not started/i, 'webinarNotStarted'],
  [/custom live streaming service is not enabled/i, 'customStreamingOff'],
];

/** What the explanation depends on besides Zoom's answer: the action taken and the kind of event. */
export interface FailureContext {
  action?: string;
  kind?: 'meeting' | 'webinar';
}

/** Retry-After is either seconds or an HTTP date (daily limits), capped at Zoom's daily reset (zoom/retry-after). */
function describeWait(retryAfter: string | undefined, { t, language }: Speaker): string {
  const now = Date.now();
  const wait = parseRetryAfter(retryAfter, now);
  if (!wait) return t('zoom.wait.moment');
  if ('until' in wait) return t('zoom.wait.until', { until: formatInstant(wait.until, language) });
  // Minutes or hours of seconds read better as the moment they end.
  if (wait.seconds > 120) return t('zoom.wait.until', { until: formatInstant(new Date(now + wait.seconds * 1000), language) });
  return wait.seconds === 1 ? t('zoom.wait.oneSecond') : t('zoom.wait.seconds', { seconds: wait.seconds });
}

function explain(error: ZoomApiError, { action, kind }: FailureContext, { t }: Speaker): string | undefined {
  const code = error.code;
  if (code === undefined) return undefined;
  if (action === 'stop' && EXPLAINED_ON_STOP.has(code)) return t(`zoom.explainStop.${code}`);
  if (code === 200) {
    const known = CODE_200_CASES.find(([pattern]) => pattern.test(error.message));
    if (known) return t(`zoom.explain200.${known[1]}`);
  }
  if (kind === 'webinar' && EXPLAINED_BY_KIND.has(code)) return t(`zoom.explainWebinar.${code}`);
  return EXPLAINED.has(code) ? t(`zoom.explain.${code}`) : undefined;
}

function fromApiError(error: ZoomApiError, context: FailureContext, speaker: Speaker): FailureView {
  const { t } = speaker;
  const said = error.wording ? { zoomMessage: t(error.wording.key, error.wording.params), zoomSaid: false } : { zoomMessage: error.message, zoomSaid: true };
  const base = { zoomStatus: error.status, zoomCode: error.code, ...said, reconnect: false };
  if (error.status === 401) {
    return { ...base, httpStatus: 401, heading: t('zoom.heading.reconnect'), explanation: t('zoom.explain.124'), reconnect: true };
  }
  if (error.status === 429) {
    return { ...base, httpStatus: 429, heading: t('zoom.heading.rateLimited'), explanation: describeWait(error.retryAfter, speaker) };
  }
  if (error.status >= 500) {
    return { ...base, httpStatus: 502, heading: t('zoom.heading.failed'), explanation: t('zoom.explainServer') };
  }
  return { ...base, httpStatus: error.status, heading: t('zoom.heading.refused'), explanation: explain(error, context, speaker) };
}

export function describeFailure(error: ZoomFailure, context: FailureContext, speaker: Speaker): FailureView {
  const { t } = speaker;
  if (error instanceof ZoomApiError) return fromApiError(error, context, speaker);
  if (error instanceof ReconnectRequiredError) {
    return { httpStatus: 401, heading: t('zoom.heading.reconnect'), zoomMessage: t(`zoom.reconnect.${error.reason}`), zoomSaid: false, reconnect: true };
  }
  if (error instanceof AppMisconfiguredError) {
    return { httpStatus: 503, heading: t('errors.misconfigured.title'), zoomMessage: t('errors.misconfigured.message'), zoomSaid: false, reconnect: false };
  }
  const unavailable = error; // the one kind of ZoomFailure left
  return {
    httpStatus: unavailable.status,
    heading: t(unavailable.reason === 'timeout' ? 'zoom.heading.timeout' : 'zoom.heading.unreachable'),
    zoomMessage: t(unavailable.wording.key, unavailable.wording.params),
    zoomSaid: false,
    explanation: t('errors.zoomUnavailable.message'),
    reconnect: false,
  };
}

/** A Zoom failure as a page's error panel; anything else is a bug for the error handler, so it is rethrown. */
export function failureOf(error: unknown, req: Request, context: FailureContext = {}): FailureView {
  if (!isZoomFailure(error)) throw error;
  return describeFailure(error, context, speakerOf(req));
}
