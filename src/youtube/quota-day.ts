/**
 * YouTube's quota day: Google resets a project's daily quota at midnight Pacific time (America/Los_Angeles, daylight
 * saving included), so a day is the calendar date there and it ends at the next local midnight. Intl does the time
 * zone arithmetic; nothing here keeps a timer: whoever asks after midnight finds the new day.
 */
const PACIFIC = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });

/** 'YYYY-MM-DD' of the Pacific day holding this instant (built from parts: no locale's date format is relied on). */
export function quotaDayOf(nowMs: number): string {
  const parts = Object.fromEntries(PACIFIC.formatToParts(new Date(nowMs)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Epoch ms of the next Pacific midnight after this instant: the start of the next quota day. Pacific midnight is 07:00
 * UTC under daylight time (UTC-7) and 08:00 UTC under standard time (UTC-8); the one that starts the next day is it.
 * The US changes its clocks at 02:00, so a midnight is never skipped or repeated.
 */
export function nextQuotaReset(nowMs: number): number {
  const [year, month, day] = quotaDayOf(nowMs).split('-').map(Number);
  const next = quotaDayOf(Date.UTC(year, month - 1, day + 1, 12));
  for (const utcHour of [7, 8]) {
    const candidate = Date.UTC(year, month - 1, day + 1, utcHour);
    if (quotaDayOf(candidate) === next && quotaDayOf(candidate - 1) !== next) return candidate;
  }
  throw new Error(`no Pacific midnight found after ${new Date(nowMs).toISOString()}`);
}
