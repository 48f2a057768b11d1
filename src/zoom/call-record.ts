import { ZoomApiError, ZoomUnavailableError } from './errors';

/**
 * Zoom's exchanges as the operator's metrics count them: which operation (never which host or event),
 * how it ended, Zoom's code and how long it took.
 */

/** One exchange as the metrics count it. */
export interface ZoomCallRecord {
  /** `GET /meetings/{id}/livestream`: the method and the path with every ID replaced. */
  operation: string;
  /** Zoom's HTTP status, or `timeout` / `network` when no answer came. */
  outcome: string;
  /** Zoom's error code from the body, or '' (a success, or a body without one). */
  zoomCode: string;
  seconds: number;
}

/** The words of the paths this app calls; any other segment is an ID (a meeting, a webinar) and becomes {id}. */
const PATH_WORDS = new Set(['users', 'me', 'meetings', 'webinars', 'livestream', 'status', 'settings']);

export function operationOf(method: string, path: string): string {
  const template = path.split('?')[0].split('/').map((segment) => (segment === '' || PATH_WORDS.has(segment) ? segment : '{id}'));
  return `${method} ${template.join('/')}`;
}

/** Zoom's status when it answered; `timeout` or `network` when the answer never came (even after its status line). */
function outcomeOf(status: number | undefined, error: unknown): string {
  if (error instanceof ZoomUnavailableError && error.reason !== 'bad_response') return error.reason;
  return status === undefined ? 'network' : String(status);
}

/** Runs one exchange and reports it, success or failure; `answer.status` is set by the exchange as soon as Zoom's status line arrives. */
export async function observed<T>(
  observe: (call: ZoomCallRecord) => void,
  method: string,
  path: string,
  run: (answer: { status?: number }) => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const answer: { status?: number } = {};
  const report = (error?: unknown) => observe({
    operation: operationOf(method, path),
    outcome: outcomeOf(answer.status, error),
    zoomCode: error instanceof ZoomApiError && error.code !== undefined ? String(error.code) : '',
    seconds: (performance.now() - started) / 1000,
  });
  try {
    const value = await run(answer);
    report();
    return value;
  } catch (error) {
    report(error);
    throw error;
  }
}
