/**
 * The emulator's request log: a ring of the latest OAuth and API requests. Unless the emulator was made with
 * recordRequests, credentials are redacted, so a long sandbox run keeps no tokens, codes or secrets.
 */
import type { RequestHandler } from 'express';
import type { RecordedRequest } from './types';

const REDACTED = '[redacted]';
// Every field through which the app hands Google a secret.
const SECRET_FIELDS = new Set(['code', 'code_verifier', 'access_token', 'refresh_token', 'token', 'client_secret']);

function redactFields(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, SECRET_FIELDS.has(name) ? REDACTED : item]));
}

function redact(entry: RecordedRequest): RecordedRequest {
  const scheme = /^(\S+)\s/.exec(entry.authorization ?? '')?.[1];
  return {
    ...entry,
    query: redactFields(entry.query) as Record<string, unknown>,
    body: redactFields(entry.body),
    authorization: entry.authorization === undefined ? undefined : `${scheme ?? ''} ${REDACTED}`.trim(),
  };
}

export interface RequestLog {
  /** Oldest first. The same array for the emulator's whole life: tests may hold on to it. */
  entries: RecordedRequest[];
  clear(): void;
  /** Middleware: records each request, and its status once answered. */
  record(now: () => number): RequestHandler;
}

export function createRequestLog(capacity: number, keepSecrets: boolean): RequestLog {
  const entries: RecordedRequest[] = [];
  function add(entry: RecordedRequest): RecordedRequest {
    const kept = keepSecrets ? entry : redact(entry);
    entries.push(kept);
    while (entries.length > capacity) entries.shift();
    return kept;
  }
  return {
    entries,
    clear: () => void entries.splice(0),
    record: (now) => function recordRequest(req, res, next) {
      const kept = add({
        method: req.method, path: req.path, query: { ...(req.query as Record<string, unknown>) },
        authorization: req.get('authorization'), body: req.body as unknown, at: now(),
      });
      // The quota guard notes the call's cost on the kept entry.
      res.locals.recorded = kept;
      res.on('finish', () => void (kept.status = res.statusCode));
      next();
    },
  };
}
