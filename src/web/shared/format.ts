/**
 * Meeting start times in the host's own time zone, as Zoom reports it, in the page's language. No helper
 * throws: an invalid date (a bad value stored or received) gives '' or the text as given, never a 500.
 */
const OPTIONS: Intl.DateTimeFormatOptions = {
  weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
};

/** The Intl locale per page language: British-style English as before ("Mon, 1 Dec 2026, 10:00 GMT"). */
const INTL_LOCALE: Record<string, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };

// Building an Intl.DateTimeFormat costs far more than using one: keep one per (locale, zone)
// (two locales times a few hundred IANA zones at most).
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The time of day alone ("14:03"), with seconds for "as of" ("14:03:12"). */
const TIME_OF_DAY: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
const TIME_WITH_SECONDS: Intl.DateTimeFormatOptions = { ...TIME_OF_DAY, second: '2-digit' };
const SHAPES = new Map<Intl.DateTimeFormatOptions, string>([[OPTIONS, 'start'], [TIME_OF_DAY, 'time'], [TIME_WITH_SECONDS, 'seconds']]);

function formatterFor(language: string, timeZone: string | undefined, shape: Intl.DateTimeFormatOptions = OPTIONS): Intl.DateTimeFormat {
  const locale = INTL_LOCALE[language] ?? INTL_LOCALE.en;
  const key = `${SHAPES.get(shape)} ${locale} ${timeZone ?? ''}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat(locale, { ...shape, timeZone });
    } catch {
      // An unknown zone name from Zoom falls back to UTC rather than failing the page.
      formatter = formatterFor(language, 'UTC', shape);
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A Date that can be formatted: an invalid one (from a bad number or string) makes Intl throw a RangeError. */
const isValid = (when: Date): boolean => !Number.isNaN(when.getTime());

/** A date's ISO text for a <time datetime>; '' for an invalid date, never a RangeError. */
export function isoOf(when: Date | number): string {
  const date = new Date(when);
  return isValid(date) ? date.toISOString() : '';
}

/** A moment (a job's resume time, a creation) in the host's zone, as formatStart shows it; '' when invalid. */
export function formatMoment(when: Date | number, timeZone: string | undefined, language = 'en'): string {
  const date = new Date(when);
  return isValid(date) ? formatterFor(language, timeZone).format(date) : '';
}

/**
 * A meeting's start for the page; '' when the meeting has no fixed time (the view says so in the
 * page's language). `language` defaults to en until every caller passes req.language.
 */
export function formatStart(iso: string | undefined, timeZone: string | undefined, language = 'en'): string {
  if (!iso) return '';
  const when = new Date(iso);
  if (!isValid(when)) return iso;
  return formatterFor(language, timeZone).format(when);
}

/** A time of day in the host's zone ("14:03"), for "Live since". */
export function formatTimeOfDay(when: Date, timeZone: string | undefined, language = 'en', withSeconds = false): string {
  if (!isValid(when)) return '';
  return formatterFor(language, timeZone, withSeconds ? TIME_WITH_SECONDS : TIME_OF_DAY).format(when);
}

/** An instant with no zone of its own to honour (Zoom's Retry-After date), shown in UTC. */
export function formatInstant(when: Date, language = 'en'): string {
  if (!isValid(when)) return '';
  return formatterFor(language, 'UTC').format(when);
}

/** The catalogue key of a Zoom user type (1 Basic, 2 Licensed); '' when unknown. Views render t(key). */
export function describeLicence(type: number | undefined): string {
  if (type === 1) return 'licence.basic';
  if (type === 2) return 'licence.licensed';
  return '';
}
