/** Meeting start times in the host's own time zone, as Zoom reports it. */
const OPTIONS: Intl.DateTimeFormatOptions = {
  weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
};

// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone (a few hundred IANA zones at most).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', { ...OPTIONS, timeZone });
    } catch {
      // An unknown zone name from Zoom falls back to UTC rather than failing the page.
      formatter = formatterFor('UTC');
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatStart(iso: string | undefined, timeZone: string | undefined): string {
  if (!iso) return 'No fixed time';
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return formatterFor(timeZone).format(when);
}

export function describeLicence(type: number | undefined): string {
  if (type === 1) return 'Basic licence';
  if (type === 2) return 'Licensed (Pro or higher)';
  return '';
}
