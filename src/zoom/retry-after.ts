/**
 * Zoom's Retry-After header: delta-seconds on per-second limits, an HTTP date on daily ones,
 * or absent. One reading of it serves both the retry policy and the page that shows the wait.
 */
export type RetryAfter = { seconds: number } | { until: Date };

export function parseRetryAfter(value: string | undefined): RetryAfter | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return { seconds: Number(value) };
  const until = new Date(value);
  return Number.isNaN(until.getTime()) ? undefined : { until };
}
