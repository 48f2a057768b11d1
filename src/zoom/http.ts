import { Agent, request as send, type Dispatcher } from 'undici';
import { observed, type ZoomCallRecord } from './call-record';
import { ZoomApiError, ZoomUnavailableError } from './errors';
import { parseZoomJson } from './json';

/** One HTTP exchange with Zoom's REST API: timeout, bearer token, typed failures. */
export interface ZoomHttpOptions {
  apiUrl: string;
  timeoutMs: number;
  /** Told of every exchange (the operator's metrics); nothing in it names a host, an event or a token. */
  observe?: (call: ZoomCallRecord) => void;
}

export interface ZoomRequest {
  method: 'GET' | 'PATCH';
  path: string;
  accessToken: string;
  body?: unknown;
}

/** Zoom's error codes are small whole numbers (124, 300, 3161); anything else is no code (a job item keeps it in an integer column). */
function isZoomCode(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 2_147_483_647;
}

function errorFromBody(status: number, text: string, retryAfter: string | undefined, rateLimitType: string | undefined): ZoomApiError {
  let code: number | undefined;
  let message: string | undefined;
  try {
    const body = parseZoomJson(text) as { code?: unknown; message?: unknown };
    if (isZoomCode(body?.code)) code = body.code;
    if (typeof body?.message === 'string' && body.message) message = body.message;
  } catch {
    // A non-JSON error body (a proxy's HTML page, say) has no message of Zoom's: the page says so.
  }
  return new ZoomApiError(status, code, message, retryAfter, rateLimitType);
}

// Failures where the connection was never made: the request cannot have reached Zoom.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function networkFailure(error: unknown, timeoutMs: number): ZoomUnavailableError {
  const { name, code = '' } = (error ?? {}) as { name?: string; code?: string };
  if (name === 'AbortError' || TIMEOUT_CODES.has(code)) {
    return new ZoomUnavailableError('timeout', { key: 'zoom.message.timeout', params: { seconds: timeoutMs / 1000 } });
  }
  return new ZoomUnavailableError('network', { key: 'zoom.message.unreachable' }, NOT_SENT.has(code));
}

// Zoom's replies are small JSON (a 300-meeting page is ~150 KB). Anything past this is a broken proxy or worse,
// and reading then parsing it whole once blocked the event loop for seconds (a 20 MB body: 4 s).
const MAX_REPLY_BYTES = 1024 * 1024;

function replyTooLarge(): ZoomUnavailableError {
  return new ZoomUnavailableError('bad_response', { key: 'zoom.message.tooLarge' });
}

/** Reads the body as text, refusing at the declared Content-Length or, failing that, at the first byte past the cap. */
async function readCapped(body: Dispatcher.ResponseData['body'], contentLength: string | undefined): Promise<string> {
  if (Number(contentLength) > MAX_REPLY_BYTES) {
    body.destroy();
    throw replyTooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REPLY_BYTES) {
      body.destroy(); // also closes the connection: the rest is never read
      throw replyTooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// undici's request() is the lean core under Node's fetch: kept-alive connections, a fraction of the CPU per call.
const keepAlive = new Agent({ keepAliveTimeout: 30_000 });

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** One attempt, with one deadline for the whole exchange; zoom/retry.ts decides whether to try again. */
export async function zoomExchange(options: ZoomHttpOptions, request: ZoomRequest): Promise<unknown> {
  const { observe } = options;
  if (!observe) return exchange(options, request, {});
  return observed(observe, request.method, request.path, (answer) => exchange(options, request, answer));
}

/** The exchange itself; `answer.status` is set as soon as Zoom's status line arrives. */
async function exchange(options: ZoomHttpOptions, request: ZoomRequest, answer: { status?: number }): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${request.accessToken}`, accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  let status: number;
  let retryAfter: string | undefined;
  let rateLimitType: string | undefined;
  let text: string;
  try {
    const response = await send(`${options.apiUrl}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: deadline.signal,
      dispatcher: keepAlive,
    });
    status = response.statusCode;
    answer.status = status;
    retryAfter = header(response.headers['retry-after']);
    rateLimitType = header(response.headers['x-ratelimit-type']);
    text = await readCapped(response.body, header(response.headers['content-length']));
  } catch (error) {
    if (error instanceof ZoomUnavailableError) throw error;
    throw networkFailure(error, options.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
  if (status < 200 || status > 299) throw errorFromBody(status, text, retryAfter, rateLimitType);
  if (status === 204 || text === '') return undefined;
  try {
    return parseZoomJson(text);
  } catch {
    throw new ZoomUnavailableError('bad_response', { key: 'zoom.message.invalidJson' });
  }
}