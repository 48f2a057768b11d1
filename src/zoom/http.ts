import { Agent, request as send } from 'undici';
import { ZoomApiError, ZoomUnavailableError } from './errors';
import { parseZoomJson } from './json';

/** One HTTP exchange with Zoom's REST API: timeout, bearer token, typed failures. */
export interface ZoomHttpOptions {
  apiUrl: string;
  timeoutMs: number;
}

export interface ZoomRequest {
  method: 'GET' | 'PATCH';
  path: string;
  accessToken: string;
  body?: unknown;
}

function errorFromBody(status: number, text: string, retryAfter: string | undefined): ZoomApiError {
  let code: number | undefined;
  let message = `Zoom answered HTTP ${status} without an error message.`;
  try {
    const body = parseZoomJson(text) as { code?: unknown; message?: unknown };
    if (typeof body?.code === 'number') code = body.code;
    if (typeof body?.message === 'string' && body.message) message = body.message;
  } catch {
    // A non-JSON error body (a proxy's HTML page, say) keeps the generic message.
  }
  return new ZoomApiError(status, code, message, retryAfter);
}

// Failures where the connection was never made: the request cannot have reached Zoom.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function networkFailure(error: unknown, timeoutMs: number): ZoomUnavailableError {
  const { name, code = '' } = (error ?? {}) as { name?: string; code?: string };
  if (name === 'AbortError' || TIMEOUT_CODES.has(code)) {
    return new ZoomUnavailableError('timeout', `Zoom did not answer within ${timeoutMs / 1000} seconds.`);
  }
  return new ZoomUnavailableError('network', 'Zoom could not be reached.', NOT_SENT.has(code));
}

// undici's request() is the lean core under Node's fetch: kept-alive connections, a fraction of the CPU per call.
const keepAlive = new Agent({ keepAliveTimeout: 30_000 });

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** One attempt, with one deadline for the whole exchange; zoom/retry.ts decides whether to try again. */
export async function zoomExchange(options: ZoomHttpOptions, request: ZoomRequest): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${request.accessToken}`, accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  let status: number;
  let retryAfter: string | undefined;
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
    retryAfter = header(response.headers['retry-after']);
    text = await response.body.text();
  } catch (error) {
    throw networkFailure(error, options.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
  if (status < 200 || status > 299) throw errorFromBody(status, text, retryAfter);
  if (status === 204 || text === '') return undefined;
  try {
    return parseZoomJson(text);
  } catch {
    throw new ZoomUnavailableError('bad_response', 'Zoom sent a reply that is not valid JSON.');
  }
}
