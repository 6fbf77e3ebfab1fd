/**
 * A timer for delays longer than `setTimeout` can hold. Node (and browsers)
 * keep the delay in a signed 32-bit integer: anything above 2^31-1 ms (about
 * 24.8 days) fires after 1 ms instead. A task's TTL may legitimately be
 * longer, so the timer waits in steps of at most that and re-arms until the
 * deadline is reached.
 */

/** The longest delay `setTimeout` honours, in ms. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `fire` once `delayMs` have passed, without keeping the process alive.
 * Returns the function that cancels it.
 *
 * @example
 * const cancel = setLongTimeout(() => run.expire(), 30 * 24 * 3600_000); // 30 days
 * cancel();
 */
export function setLongTimeout(fire: () => void, delayMs: number): () => void {
  const deadline = Date.now() + delayMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (remaining: number) => {
    timer = setTimeout(
      () => {
        const left = deadline - Date.now();
        if (left > 0) arm(left);
        else fire();
      },
      Math.min(Math.max(remaining, 0), MAX_TIMER_DELAY_MS),
    );
    timer.unref?.();
  };
  arm(delayMs);
  return () => clearTimeout(timer);
}
