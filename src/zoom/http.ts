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

function networkFailure(error: unknown, timeoutMs: number): ZoomUnavailableError {
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ZoomUnavailableError('timeout', `Zoom did not answer within ${timeoutMs / 1000} seconds.`);
  }
  const code = (error as { cause?: { code?: string } })?.cause?.code ?? '';
  return new ZoomUnavailableError('network', 'Zoom could not be reached.', NOT_SENT.has(code));
}

/** One attempt; zoom/retry.ts decides whether to try again. Node's fetch keeps connections alive. */
export async function zoomExchange(options: ZoomHttpOptions, request: ZoomRequest): Promise<unknown> {
  const headers: Record<string, string> = { Authorization: `Bearer ${request.accessToken}`, Accept: 'application/json' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${options.apiUrl}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw networkFailure(error, options.timeoutMs);
  }
  if (!response.ok) throw errorFromBody(response.status, text, response.headers.get('retry-after') ?? undefined);
  if (response.status === 204 || text === '') return undefined;
  try {
    return parseZoomJson(text);
  } catch {
    throw new ZoomUnavailableError('bad_response', 'Zoom sent a reply that is not valid JSON.');
  }
}
