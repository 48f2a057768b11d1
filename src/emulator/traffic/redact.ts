/**
 * What the sandbox's request log keeps of a request: enough to see what the app asked, none of its secrets,
 * and little memory (a body may be 1 MiB; the log holds 200 of them).
 */
import type { RecordedRequest } from '../types';

const REDACTED = '[redacted]';
// Every field through which the app hands Zoom a secret: OAuth codes and tokens, the client secret, stream keys.
const SECRET_FIELDS = new Set(['code', 'code_verifier', 'access_token', 'refresh_token', 'token', 'client_secret', 'stream_key']);
const MAX_STRING = 256;
const MAX_ITEMS = 50;
const MAX_DEPTH = 4;

/** Secret fields replaced, long strings cut, big or deep structures shortened. */
function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => redactValue(item, depth + 1));
  const entries = Object.entries(value).slice(0, MAX_ITEMS);
  return Object.fromEntries(entries.map(([name, item]) => [name, SECRET_FIELDS.has(name) ? REDACTED : redactValue(item, depth + 1)]));
}

/** "Bearer <token>" → "Bearer [redacted]": the scheme says which kind of call it was; the credentials stay out. */
function redactAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const scheme = /^(\S+)\s/.exec(header)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

export function redactRequest(entry: RecordedRequest): RecordedRequest {
  return {
    ...entry,
    query: redactValue(entry.query, 0) as Record<string, unknown>,
    authorization: redactAuthorization(entry.authorization),
    body: redactValue(entry.body, 0),
    // The raw text cannot be redacted field by field (multipart, malformed JSON): only its size is kept.
    rawBody: `[${Buffer.byteLength(entry.rawBody)} bytes not kept]`,
  };
}
