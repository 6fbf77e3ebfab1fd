/**
 * Following an AbortSignal that many operations share without piling listeners onto it.
 *
 * A caller may hand one signal to hundreds of concurrent calls (one controller that cancels a
 * batch). Adding a listener per call to that signal makes Node print
 * `MaxListenersExceededWarning` past ten, and a signal that never aborts keeps every listener
 * nobody removed. Here each signal gets at most one listener of ours, which fans out to the
 * callbacks registered on it; a callback's removal is a Set delete.
 */

/** The callbacks following each signal, behind the one listener added to it. */
const followers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` once when `signal` aborts (at once, synchronously, if it already has).
 * Returns a function that stops following; call it when the operation ends. However many
 * operations follow one signal, the signal carries one listener.
 *
 * @example
 * const stop = followAbort(options.signal, () => request.cancel());
 * try {
 *   return await request.done;
 * } finally {
 *   stop();
 * }
 */
export function followAbort(signal: AbortSignal | undefined, onAbort: () => void): () => void {
  if (!signal) return noop;
  if (signal.aborted) {
    onAbort();
    return noop;
  }
  let set = followers.get(signal);
  if (!set) {
    const fresh = new Set<() => void>();
    set = fresh;
    followers.set(signal, fresh);
    signal.addEventListener(
      'abort',
      () => {
        followers.delete(signal);
        for (const callback of [...fresh]) callback();
      },
      { once: true },
    );
  }
  // A wrapper of its own, so one callback registered twice is removed once per registration.
  const entry = () => onAbort();
  set.add(entry);
  const following = set;
  return () => {
    following.delete(entry);
  };
}

/**
 * A signal of its own for one operation, aborted (with the same reason) when `parent` aborts.
 * Whatever listeners code adds to it stay on it and go away with it, never on the parent,
 * which may be shared by many operations or never abort at all. Call `release()` when the
 * operation ends to stop following the parent.
 *
 * @example
 * const { signal, release } = childSignal(options.signal);
 * try {
 *   return await handler({ signal });
 * } finally {
 *   release();
 * }
 */
export function childSignal(parent: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const release = followAbort(parent, () => controller.abort(parent?.reason));
  return { signal: controller.signal, release };
}

function noop(): void {}
