import { ZoomUnavailableError } from './errors';

/**
 * Zoom meeting IDs are int64: above 2^53 a JS number silently changes the last digits,
 * so they stay decimal strings end to end and are range-checked with BigInt.
 */
const INT64_MAX = 9223372036854775807n;
const DIGITS = /^[1-9][0-9]{0,18}$/;

/** Meetings and webinars: two kinds of one thing, on their own paths (/meetings/{id}, /webinars/{id}). */
export type EventKind = 'meeting' | 'webinar';

/** The one rule for a meeting or webinar ID, whether a host typed it or Zoom listed it. */
export function isMeetingId(value: unknown): value is string {
  return typeof value === 'string' && DIGITS.test(value) && BigInt(value) <= INT64_MAX;
}

/**
 * A path was about to be built with something that is not an ID: a bug, or Zoom (or something posing as it)
 * listing `../../users/me`. Thrown before any request goes out (notSent); pages and job items say what they
 * say of a reply from Zoom they do not understand. The value itself is not in the message.
 */
export class InvalidEventIdError extends ZoomUnavailableError {
  constructor(readonly kind: EventKind) {
    super('bad_response', { key: 'zoom.message.notUnderstood' }, true);
    this.name = 'InvalidEventIdError';
    this.message = `not a ${kind} ID: no request sent`;
  }
}

/** People paste IDs as Zoom shows them ("857 4606 5001"): spaces and dashes are dropped. */
export function normalizeMeetingId(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[\s-]/g, '') : '';
}

export interface TypedEvent {
  kind: EventKind;
  id: string;
}

/** zoom.us and its account subdomains (acme.zoom.us); a lookalike such as zoom.us.evil.example is not one. */
const ZOOM_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*zoom\.us$/;
/** Join links: /j/<id> to join, /s/<id> to start, /w/<id> for a webinar; an optional trailing slash. */
const JOIN_PATH = /^\/([jsw])\/([0-9]{1,19})\/?$/;

/** A Zoom join link (with or without https://) as the event it names; undefined for anything else. */
function fromJoinLink(text: string): TypedEvent | undefined {
  // Only web links: a scheme other than http(s) (javascript:, data:, zoommtg:) is not a join link we read.
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.port || !ZOOM_HOST.test(url.hostname)) return undefined;
  const path = JOIN_PATH.exec(url.pathname);
  if (!path || !isMeetingId(path[2])) return undefined;
  return { kind: path[1] === 'w' ? 'webinar' : 'meeting', id: path[2] };
}

/**
 * What a host typed in the meeting-ID box: an ID as Zoom shows it ("857 4606 5001", "857-4606-5001")
 * or a join link they pasted (https://zoom.us/j/85746065002?pwd=…, acme.zoom.us/s/…, zoom.us/w/… for
 * a webinar). Only the digits are kept: the page we open is always our own, whatever the link said.
 */
export function parseMeetingInput(typed: unknown): TypedEvent | undefined {
  if (typeof typed !== 'string') return undefined;
  const text = typed.trim();
  const plain = normalizeMeetingId(text);
  if (isMeetingId(plain)) return { kind: 'meeting', id: plain };
  return fromJoinLink(text);
}
