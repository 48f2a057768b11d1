/**
 * Keys that each expire at their own time, in process memory: the memory store's tombstones and
 * remembered keys. Expired entries are swept when the map grows, so it stays as small as what is live.
 */
export class ExpiringKeys {
  private readonly until = new Map<string, number>();
  private sweepAt = 1000;

  constructor(private readonly now: () => number) {}

  has(key: string): boolean {
    const expires = this.until.get(key);
    return expires !== undefined && expires > this.now();
  }

  add(key: string, ttlMs: number): void {
    this.until.set(key, this.now() + ttlMs);
    if (this.until.size >= this.sweepAt) this.sweep();
  }

  delete(key: string): void {
    this.until.delete(key);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, expires] of this.until) if (expires <= now) this.until.delete(key);
    this.sweepAt = Math.max(1000, this.until.size * 2);
  }
}
