/**
 * The project's daily quota. Google resets it at midnight Pacific time, so the day is the calendar date in
 * America/Los_Angeles of the emulator's clock (daylight saving included): no timer, the first call of a new day
 * finds the count at zero.
 */
const PACIFIC_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });

export function pacificDate(ms: number): string {
  return PACIFIC_DATE.format(new Date(ms));
}

export function createQuota(dailyQuota: number, now: () => number) {
  let limit = dailyQuota;
  let day = pacificDate(now());
  let used = 0;

  /** Starts a new day's count when the Pacific date has changed since the last look. */
  function roll(): void {
    const today = pacificDate(now());
    if (today === day) return;
    day = today;
    used = 0;
  }

  function fits(cost: number): boolean {
    roll();
    return used + cost <= limit;
  }

  /** A negative cost is a refund; a refund that lands after midnight finds nothing to give back. */
  function spend(cost: number): void {
    roll();
    used = Math.max(0, used + cost);
  }

  return {
    fits, spend,
    used: (): number => (roll(), used),
    setLimit: (units: number): void => void (limit = units),
  };
}

export type Quota = ReturnType<typeof createQuota>;
