import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import pinoHttp from 'pino-http';

/**
 * One JSON line per request, with a request id the error pages show so a host can quote it.
 * What could carry a secret is never logged: the query string (OAuth code and state), bodies
 * (stream keys), cookies and Authorization headers; redaction is a second net behind that.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.stream_key',
  '*.code',
  '*.client_secret',
  '*.clientSecret',
];

/** A request line as a person reads it: "GET /meetings/85746065001/livestream 200 12ms". */
interface LogLine {
  req?: { method?: string; path?: string };
  res?: { status?: number };
  responseTime?: number;
  [key: string]: unknown;
}

function readableMessage(line: LogLine, messageKey: string): string {
  const { req, res, responseTime } = line;
  if (req?.method && res?.status !== undefined) return `${req.method} ${req.path ?? ''} ${res.status} ${responseTime ?? '?'}ms`;
  const message = line[messageKey];
  return typeof message === 'string' ? message : '';
}

/**
 * pino-pretty, when it is installed (a development dependency): one coloured line per request for a
 * person at a terminal. Loaded only then, so the app runs the same without it.
 */
function prettyStream(): DestinationStream | undefined {
  let resolved: string;
  try {
    resolved = require.resolve('pino-pretty');
  } catch {
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when installed (a development dependency)
  const pretty = require(resolved) as (options: object) => DestinationStream;
  return pretty({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app,instance,req,res,responseTime',
    singleLine: true,
    messageFormat: readableMessage,
  });
}

export interface LoggerOptions {
  /** Development: readable lines when stdout is a terminal and pino-pretty is installed; JSON otherwise. */
  pretty?: boolean;
  /** INSTANCE_NAME: on every line, so lines of several instances in one place tell which wrote them. */
  instance?: string;
}

export function createLogger(level: string, destination?: DestinationStream, { pretty = false, instance }: LoggerOptions = {}): Logger {
  const base = instance ? { app: 'zoom-livestream', instance } : { app: 'zoom-livestream' };
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base };
  const readable = !destination && pretty && process.stdout.isTTY ? prettyStream() : undefined;
  // Buffered, asynchronous writes to stdout keep log I/O off the request path; pino flushes on exit.
  return pino(options, destination ?? readable ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}

/** Path only: `/oauth/callback?code=…&state=…` must never reach a log line. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

/**
 * Stylesheets, the script, icons: a line each per page view says nothing; nor do the probes and the scraper,
 * which ask every few seconds. A failing one is still logged.
 */
const QUIET = /^\/(?:public\/|favicon\.ico$|healthz$|readyz$|metrics$)/;

/** An id the proxy in front already gave the request (nginx's $request_id: 32 hex digits), when it looks like one. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The proxy's X-Request-Id when sane (so its log and ours join up), else a new one; echoed in the response either way. */
function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

export function httpLogger(logger: Logger) {
  return pinoHttp({
    // The request line is built only from the whitelisting serializers below (id, method, path,
    // status), so it needs no redaction pass, which cost a fifth of a cheap page's CPU.
    // Everything else (errors, warnings) goes through the redacting logger.
    logger: logger.child({}, { redact: { paths: [] } }),
    genReqId: requestIdOf,
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    wrapSerializers: false,
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      // Express strips a mount path from req.url while the static middleware runs; originalUrl keeps it.
      const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url;
      return res.statusCode < 400 && QUIET.test(pathOf(url)) ? 'silent' : 'info';
    },
  });
}
