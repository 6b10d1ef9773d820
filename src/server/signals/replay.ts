// A signed push is accepted within ±tolerance of its timestamp, so whoever captured one could send
// it again inside that window. Each accepted signature is remembered until its timestamp leaves the
// window — after that the timestamp check refuses it anyway — and a repeat is refused. In memory,
// per process: enough for one bot process, and a restart forgets at most a few minutes' worth.
export class RecentSignatures {
  /** Signature → the time (ms) its timestamp leaves the window. Insertion order ≈ timestamp order. */
  private readonly until = new Map<string, number>();

  constructor(private readonly toleranceMs: number) {}

  /** Remembers an accepted signature; false when it was accepted before and is still in the window. */
  claim(signature: string, timestampMs: number, nowMs: number): boolean {
    this.forgetExpired(nowMs);
    const key = signature.toLowerCase();
    if (this.until.has(key)) return false;
    this.until.set(key, timestampMs + this.toleranceMs);
    return true;
  }

  /** The request failed on our side after all: the sender may retry the same bytes. */
  release(signature: string): void {
    this.until.delete(signature.toLowerCase());
  }

  get size(): number {
    return this.until.size;
  }

  /**
   * Drops expired entries from the oldest end and stops at the first live one: O(1) per request in
   * the common case. An entry signed earlier than one before it lives a little longer; none is
   * dropped before its time.
   */
  private forgetExpired(nowMs: number): void {
    for (const [key, until] of this.until) {
      if (until >= nowMs) break;
      this.until.delete(key);
    }
  }
}
