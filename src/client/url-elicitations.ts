/**
 * The client's side of URL-mode elicitation on 2025-11-25: which
 * `elicitationId`s this client was shown (so a
 * `notifications/elicitation/complete` for any other id is ignored, as the
 * spec requires), and waits for those notices.
 */
import { followAbort } from '../session/abort.js';

/** How many unfinished URL elicitations are remembered at most. */
const MAX_PENDING = 1_000;

/**
 * URL elicitations waiting for their completion notice.
 *
 * @example
 * const pending = new PendingUrlElicitations();
 * pending.expect('e1');
 * const done = pending.wait('e1', 30_000);
 * pending.complete('e1'); // true; `done` resolves with true
 */
export class PendingUrlElicitations {
  private readonly pending = new Map<string, Array<() => void>>();

  /** Remembers an id the server sent, so its completion notice counts. */
  expect(elicitationId: string): void {
    if (this.pending.has(elicitationId)) return;
    if (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next().value as string;
      this.complete(oldest);
    }
    this.pending.set(elicitationId, []);
  }

  /** Marks an id complete. False (and nothing happens) for unknown or already completed ids. */
  complete(elicitationId: string): boolean {
    const waiters = this.pending.get(elicitationId);
    if (!waiters) return false;
    this.pending.delete(elicitationId);
    for (const wake of waiters) wake();
    return true;
  }

  /**
   * Resolves true once the id completes (at once if it already did), false
   * after `timeoutMs` or when `signal` aborts.
   */
  wait(elicitationId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const waiters = this.pending.get(elicitationId);
    if (!waiters) return Promise.resolve(true);
    if (timeoutMs <= 0 || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (completed: boolean) => {
        clearTimeout(timer);
        stopFollowing();
        resolve(completed);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      // Not aborted yet (checked above), so this does not call finish before it returns.
      const stopFollowing = followAbort(signal, () => finish(false));
      waiters.push(() => finish(true));
    });
  }
}
