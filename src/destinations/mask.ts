/**
 * A stream key as lists and the change history show it: only its last 4 characters ("••••••3f9a").
 * A short key (under 8 characters) shows none of them: 4 would give away half of it or more.
 * '' stays '' (the view says "none").
 */
export function maskKey(key: string): string {
  if (key === '') return '';
  const chars = [...key];
  return chars.length < 8 ? '••••••' : `••••••${chars.slice(-4).join('')}`;
}
