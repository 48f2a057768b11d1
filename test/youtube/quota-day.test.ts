import { QUOTA_COSTS as EMULATOR_COSTS } from '../../src/emulators/youtube/quota/costs';
import { QUOTA_COSTS, nextQuotaReset, quotaDayOf } from '../../src/youtube/quota';

/**
 * YouTube's quota day turns at midnight Pacific time, daylight saving included (2026: clocks go forward on
 * 8 March, back on 1 November); and the app's cost table agrees with the emulator's, which states YouTube's figures
 * on its own.
 */
const at = (iso: string): number => Date.parse(iso);
const HOUR = 3600_000;

describe('the Pacific quota day', () => {
  it('in winter (UTC-8) the day turns at 08:00 UTC, and the next reset is the next 08:00 UTC', () => {
    expect(quotaDayOf(at('2026-12-02T07:59:59.999Z'))).toBe('2026-12-01');
    expect(quotaDayOf(at('2026-12-02T08:00:00.000Z'))).toBe('2026-12-02');
    expect(nextQuotaReset(at('2026-12-02T20:00:00Z'))).toBe(at('2026-12-03T08:00:00Z'));
    expect(nextQuotaReset(at('2026-12-31T20:00:00Z'))).toBe(at('2027-01-01T08:00:00Z'));
  });

  it('in summer (UTC-7) the day turns at 07:00 UTC', () => {
    expect(quotaDayOf(at('2026-07-01T06:59:59.999Z'))).toBe('2026-06-30');
    expect(quotaDayOf(at('2026-07-01T07:00:00.000Z'))).toBe('2026-07-01');
    expect(nextQuotaReset(at('2026-07-01T12:00:00Z'))).toBe(at('2026-07-02T07:00:00Z'));
  });

  it('8 March 2026, clocks forward: the day starts at 08:00 UTC and lasts 23 hours', () => {
    expect(nextQuotaReset(at('2026-03-07T20:00:00Z'))).toBe(at('2026-03-08T08:00:00Z'));
    // 04:00 PDT, after the change: the next midnight is already daylight time.
    expect(nextQuotaReset(at('2026-03-08T11:00:00Z'))).toBe(at('2026-03-09T07:00:00Z'));
    expect(quotaDayOf(at('2026-03-09T06:59:59.999Z'))).toBe('2026-03-08');
  });

  it('1 November 2026, clocks back: the day starts at 07:00 UTC and lasts 25 hours', () => {
    expect(nextQuotaReset(at('2026-10-31T20:00:00Z'))).toBe(at('2026-11-01T07:00:00Z'));
    // 01:30 PST, the second 01:30 of the night: still 1 November, next midnight in standard time.
    expect(quotaDayOf(at('2026-11-01T09:30:00Z'))).toBe('2026-11-01');
    expect(nextQuotaReset(at('2026-11-01T09:30:00Z'))).toBe(at('2026-11-02T08:00:00Z'));
  });

  it('at midnight exactly the new day has begun and its reset is the following midnight', () => {
    const midnight = at('2026-11-02T08:00:00Z');
    expect(nextQuotaReset(midnight - 1)).toBe(midnight);
    expect(nextQuotaReset(midnight)).toBe(at('2026-11-03T08:00:00Z'));
  });

  it('every hour of 2026: the reset is the first instant of the next Pacific day; one day of 23 hours, one of 25', () => {
    const wrong: string[] = [];
    const lengths = new Map<number, number>();
    let previous = nextQuotaReset(at('2026-01-01T00:00:00Z'));
    for (let now = at('2026-01-01T00:17:00Z'); now < at('2027-01-01T00:00:00Z'); now += HOUR) {
      const reset = nextQuotaReset(now);
      if (!(reset > now && quotaDayOf(reset - 1) === quotaDayOf(now) && quotaDayOf(reset) !== quotaDayOf(now))) wrong.push(new Date(now).toISOString());
      if (reset === previous) continue;
      lengths.set((reset - previous) / HOUR, (lengths.get((reset - previous) / HOUR) ?? 0) + 1);
      previous = reset;
    }
    expect(wrong).toEqual([]);
    expect(Object.fromEntries(lengths)).toEqual({ 23: 1, 24: 363, 25: 1 });
  });
});

describe('the cost table', () => {
  it('lists a call 1 unit and every write 50, as the emulator charges them', () => {
    for (const [operation, cost] of Object.entries(QUOTA_COSTS)) {
      expect(cost).toBe(operation.endsWith('.list') ? 1 : 50);
      if (operation in EMULATOR_COSTS) expect([operation, cost]).toEqual([operation, EMULATOR_COSTS[operation as keyof typeof EMULATOR_COSTS]]);
    }
    for (const operation of Object.keys(EMULATOR_COSTS)) expect(QUOTA_COSTS).toHaveProperty([operation]);
  });
});
