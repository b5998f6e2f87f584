/**
 * Each user's current token version, as this instance last read it. Entries expire after `ttlMs`, so
 * a version raised elsewhere is seen within that time even if its event was lost; normally the
 * sessions-ended event updates every instance's cache at once.
 */
export class TokenVersionCache {
  private readonly versions = new Map<string, { version: number; readAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(userId: string): number | undefined {
    const entry = this.versions.get(userId);
    if (!entry) return undefined;
    if (this.now() - entry.readAt >= this.ttlMs) {
      this.versions.delete(userId);
      return undefined;
    }
    return entry.version;
  }

  set(userId: string, version: number): void {
    if (this.ttlMs === 0) return;
    if (this.versions.size >= this.maxEntries) this.versions.clear();
    this.versions.set(userId, { version, readAt: this.now() });
  }

  /** A raised version replaces a lower one; an event arriving late never lowers it. */
  raise(userId: string, version: number): void {
    const known = this.versions.get(userId);
    if (!known || known.version < version) this.set(userId, version);
  }
}
