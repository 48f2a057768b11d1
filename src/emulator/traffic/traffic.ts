/** The request log and the queue of injected faults, plus the middleware that records and applies them. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { defaultFaultBody } from '../errors';
import { createRequestLog, type RequestLog } from './request-log';
import type { EmulatorFault, RecordedRequest } from '../types';

interface QueuedFault extends EmulatorFault {
  remaining: number;
}

export interface Traffic {
  log: RequestLog;
  faults: QueuedFault[];
}

export function createTraffic(options: { requestLogSize: number; recordRequests: boolean }): Traffic {
  return { log: createRequestLog(options.requestLogSize, options.recordRequests), faults: [] };
}

export function queueFault(traffic: Traffic, fault: EmulatorFault): void {
  traffic.faults.push({ ...fault, remaining: Math.max(1, fault.times ?? 1) });
}

function faultMatches(fault: EmulatorFault, req: Request): boolean {
  if (fault.method && fault.method.toUpperCase() !== req.method) return false;
  if (fault.path === undefined) return true;
  if (typeof fault.path === 'string') return req.path.startsWith(fault.path);
  fault.path.lastIndex = 0; // a /g or /y pattern would otherwise remember where it stopped
  return fault.path.test(req.path);
}

/** Takes the first queued fault that matches, counting one use of it. */
function takeFault(traffic: Traffic, req: Request): QueuedFault | undefined {
  const index = traffic.faults.findIndex((fault) => faultMatches(fault, req));
  if (index < 0) return undefined;
  const fault = traffic.faults[index];
  fault.remaining -= 1;
  if (fault.remaining <= 0) traffic.faults.splice(index, 1);
  return fault;
}

function record(req: Request, res: Response, at: number): RecordedRequest {
  const body: unknown = req.body;
  const entry: RecordedRequest = {
    method: req.method,
    path: req.path,
    query: { ...(req.query as Record<string, unknown>) },
    contentType: req.get('content-type'),
    authorization: req.get('authorization'),
    body,
    rawBody: (res.locals.rawBody as Buffer).toString('utf8'),
    at,
  };
  const grantType = (body as { grant_type?: unknown } | undefined)?.grant_type;
  if (req.path === '/oauth/token' && typeof grantType === 'string') entry.grantType = grantType;
  return entry;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const CHUNK_CHARS = 64 * 1024;

/** Without a Content-Length Node sends chunked: the client learns the size only by reading. */
function sendChunked(res: Response, text: string): void {
  for (let start = 0; start < text.length; start += CHUNK_CHARS) res.write(text.slice(start, start + CHUNK_CHARS));
  res.end();
}

async function applyFault(fault: EmulatorFault, req: Request, res: Response, next: NextFunction): Promise<void> {
  if (fault.delayMs) await sleep(fault.delayMs);
  // The client may have given up while we waited: answering a closed socket would only raise errors.
  if ((req.socket.destroyed && !fault.landsLate) || res.writableEnded) return;
  if (fault.reset) return void req.socket.destroy();
  if (fault.headers) res.set(fault.headers);
  if (fault.status === undefined && fault.rawBody === undefined) return next();
  res.status(fault.status ?? 200);
  if (fault.rawBody !== undefined) {
    if (!res.get('Content-Type')) res.type('application/json');
    return fault.chunked ? sendChunked(res, fault.rawBody) : void res.send(fault.rawBody);
  }
  res.json(fault.body !== undefined ? fault.body : defaultFaultBody(fault.status ?? 200));
}

/** Logs every request (faulted ones too), then lets the first matching fault answer or delay it. */
export function recordAndFault(traffic: Traffic, now: () => number): RequestHandler {
  return function recordAndFaultMiddleware(req, res, next) {
    // The rate limits note on the kept entry what they made of the call.
    res.locals.recorded = traffic.log.add(record(req, res, now()));
    const fault = takeFault(traffic, req);
    if (!fault) return next();
    return applyFault(fault, req, res, next);
  };
}
