/** Meeting start times in the host's own time zone, as Zoom reports it. */
export function formatStart(iso: string | undefined, timeZone: string | undefined): string {
  if (!iso) return 'No fixed time';
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(when);
  } catch {
    // An unknown zone name from Zoom falls back to UTC rather than failing the page.
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(when);
  }
}

export function describeLicence(type: number | undefined): string {
  if (type === 1) return 'Basic licence';
  if (type === 2) return 'Licensed (Pro or higher)';
  return '';
}
