/**
 * The overview's start times, short enough for one line ("Tue 3 Dec, 15:00"; "12月3日周二 15:00"): the time
 * zone is said once, in the table's caption, and the year only for a start more than ten months away (in the
 * coming months the weekday and the list's order leave no doubt which year).
 */
const LOCALES: Record<string, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };
const formatters = new Map<string, Intl.DateTimeFormat>();
const YEAR_SHOWN_AFTER_MS = 300 * 24 * 3600_000;

function formatterFor(language: string, timeZone: string | undefined, withYear: boolean): Intl.DateTimeFormat {
  const locale = LOCALES[language] ?? LOCALES.en;
  const key = `${locale} ${timeZone ?? ''} ${withYear}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const shape: Intl.DateTimeFormatOptions = {
      weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(withYear ? { year: 'numeric' } : {}),
    };
    try {
      formatter = new Intl.DateTimeFormat(locale, { ...shape, timeZone });
    } catch {
      // An unknown zone name from Zoom falls back to UTC rather than failing the page.
      formatter = new Intl.DateTimeFormat(locale, { ...shape, timeZone: 'UTC' });
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/** '' for a missing or invalid start (the row then says "no fixed time"). */
export function formatCompactStart(startIso: string | undefined, timeZone: string | undefined, language: string, nowMs: number): string {
  const when = new Date(startIso ?? '');
  if (!startIso || Number.isNaN(when.getTime())) return '';
  const withYear = Math.abs(when.getTime() - nowMs) > YEAR_SHOWN_AFTER_MS;
  return formatterFor(language, timeZone, withYear).format(when);
}
