/**
 * Zoom meeting IDs are int64: above 2^53 a JS number silently changes the last digits,
 * so they stay decimal strings end to end and are range-checked with BigInt.
 */
const INT64_MAX = 9223372036854775807n;
const DIGITS = /^[1-9][0-9]{0,18}$/;

export function isMeetingId(value: unknown): value is string {
  return typeof value === 'string' && DIGITS.test(value) && BigInt(value) <= INT64_MAX;
}

/** People paste IDs as Zoom shows them ("857 4606 5001"): spaces and dashes are dropped. */
export function normalizeMeetingId(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[\s-]/g, '') : '';
}
