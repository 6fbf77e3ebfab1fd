/**
 * URL-mode elicitations sent on 2025-11-25 sessions, remembered until the
 * application says the out-of-band interaction finished, so that
 * `notifications/elicitation/complete` reaches only the client that was
 * asked (the spec's rule) and only once.
 */
import type { LegacySession } from './session.js';

/** How long an unfinished URL elicitation is remembered by default (1 hour). */
export const DEFAULT_URL_ELICITATION_TTL_MS = 60 * 60 * 1000;
/** How many unfinished URL elicitations are remembered at most by default. */
export const DEFAULT_MAX_URL_ELICITATIONS = 10_000;

interface Pending {
  session: LegacySession;
  expiresAt: number;
}

/**
 * Pending URL elicitations by id.
 *
 * @example
 * const pending = new UrlElicitations();
 * pending.track('e1', session);
 * pending.complete('e1'); // true: the notification went to that session
 * pending.complete('e1'); // false: already completed
 */
export class UrlElicitations {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly ttlMs = DEFAULT_URL_ELICITATION_TTL_MS,
    private readonly max = DEFAULT_MAX_URL_ELICITATIONS,
  ) {}

  /** Remembers that `session` was sent the elicitation `elicitationId`. */
  track(elicitationId: string, session: LegacySession): void {
    const now = Date.now();
    if (this.pending.size >= this.max) this.sweep(now);
    // Still full of live entries: forget the oldest (Map keeps insertion order).
    while (this.pending.size >= this.max) {
      const oldest = this.pending.keys().next().value as string;
      this.pending.delete(oldest);
    }
    this.pending.delete(elicitationId);
    this.pending.set(elicitationId, { session, expiresAt: now + this.ttlMs });
  }

  /**
   * Sends `notifications/elicitation/complete` to the session that was asked.
   * False when the id is unknown, expired, already completed, or its session
   * has no open stream for unsolicited messages any more.
   */
  complete(elicitationId: string): boolean {
    const entry = this.pending.get(elicitationId);
    if (!entry) return false;
    this.pending.delete(elicitationId);
    if (entry.expiresAt <= Date.now()) return false;
    return entry.session.notify('notifications/elicitation/complete', { elicitationId });
  }

  private sweep(now: number): void {
    for (const [id, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(id);
  }
}
