/**
 * Request bodies: read the raw bytes once (the request log keeps them), then parse them by content type.
 * Parse failures are noted rather than thrown, so a malformed request is still logged and can still be faulted.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { zoomErrors } from './errors';
import { isPlainObject } from './api/validate';

type BodyKind = 'json' | 'urlencoded' | 'multipart' | 'none';

const MAX_BODY_BYTES = 1024 * 1024;

/** Collects the body into res.locals.rawBody (a Buffer); bodies over 1 MiB are flagged, not kept. */
export function readRawBody(req: Request, res: Response, next: NextFunction): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    res.locals.rawBody = Buffer.concat(chunks);
    res.locals.bodyTooLarge = size > MAX_BODY_BYTES;
    next();
  });
  // A client that goes away mid-body gets no answer; the listener only keeps the error from being unhandled.
  req.on('error', () => undefined);
}

// multer normally pipes the request into busboy; the bytes were already read, so hand them over instead.
// (@types/multer does not declare streamHandler yet, hence the widened options type.)
const multipartOptions: multer.Options & { streamHandler(req: Request, busboy: NodeJS.WritableStream): void } = {
  streamHandler: (req, busboy) => busboy.end(req.res?.locals.rawBody as Buffer),
};
const parseMultipart = multer(multipartOptions).none();

/** Sets req.body, res.locals.bodyKind and, when the body cannot be parsed, res.locals.bodyError. */
export function parseBody(req: Request, res: Response, next: NextFunction): void {
  const text = (res.locals.rawBody as Buffer).toString('utf8');
  req.body = undefined;
  res.locals.bodyKind = 'none' satisfies BodyKind;
  if (req.is('multipart')) {
    res.locals.bodyKind = 'multipart';
    parseMultipart(req, res, (err?: unknown) => {
      if (err) res.locals.bodyError = err;
      // multer builds a prototype-less object; a plain copy is easier to log and compare.
      else req.body = { ...(req.body as object) };
      next();
    });
    return;
  }
  if (req.is(['json', '+json'])) {
    res.locals.bodyKind = 'json';
    try {
      req.body = JSON.parse(text) as unknown;
    } catch (err) {
      res.locals.bodyError = err;
    }
  } else if (req.is('urlencoded')) {
    res.locals.bodyKind = 'urlencoded';
    req.body = Object.fromEntries(new URLSearchParams(text));
  }
  next();
}

function bodyKindOf(res: Response): BodyKind {
  return res.locals.bodyKind as BodyKind;
}

/** JSON object or multipart fields (older Postman collections send multipart); anything else is refused. */
export function objectBodyOf(req: Request, res: Response): Record<string, unknown> | undefined {
  const kind = bodyKindOf(res);
  if ((kind !== 'json' && kind !== 'multipart') || !isPlainObject(req.body)) return undefined;
  return req.body;
}

/** After logging and faults: stop requests whose body could not be read, the way Zoom does. */
export const rejectUnreadableBody: RequestHandler = (_req, res, next) => {
  if (res.locals.bodyTooLarge) return zoomErrors.tooLarge(res);
  if (res.locals.bodyError) return zoomErrors.invalidBody(res);
  next();
};
