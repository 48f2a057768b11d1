/** Zoom's page_size for list calls: 30 when missing or unreadable, at most 300. */
const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 300;

export function pageSizeOf(raw: unknown): number {
  const size = typeof raw === 'string' ? Number.parseInt(raw, 10) : NaN;
  if (!Number.isFinite(size) || size < 1) return DEFAULT_PAGE_SIZE;
  return Math.min(size, MAX_PAGE_SIZE);
}
