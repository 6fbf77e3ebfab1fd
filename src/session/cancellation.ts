/**
 * A request's cancellation that allocates its AbortSignal only when someone asks for it.
 *
 * Almost no request is ever cancelled and almost no handler looks at its signal, yet an
 * AbortController per request (plus the listeners that tie it to a connection) was one of
 * the largest costs of serving a request. A {@link Cancellation} answers `aborted` from a
 * flag and builds the real signal on first use, already aborted if the request was.
 */

/**
 * Cancellation state of one request, with the signal made on demand.
 *
 * @example
 * const cancellation = new Cancellation();
 * const response = dispatcher.handleRequest(request, channel, cancellation);
 * // later, when the peer cancels:
 * cancellation.abort(new Error('Cancelled by the client'));
 */
export class Cancellation {
  private controller: AbortController | undefined;
  private abortedWith: { reason: unknown } | undefined;

  /**
   * @param onFirstSignal called once, when the signal is first asked for, so the owner can
   *   start following an upstream signal (a client connection) only when it matters.
   */
  constructor(private onFirstSignal?: (cancellation: Cancellation) => void) {}

  /** True once {@link abort} was called. Never allocates. */
  get aborted(): boolean {
    return this.abortedWith !== undefined;
  }

  /** The AbortSignal, made on first access (aborted already when the request was). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortedWith !== undefined) this.controller.abort(this.abortedWith.reason);
      const hook = this.onFirstSignal;
      this.onFirstSignal = undefined;
      hook?.(this);
    }
    return this.controller.signal;
  }

  /** Whether the signal has been made (and so may have listeners to tidy up). */
  get signalMade(): boolean {
    return this.controller !== undefined;
  }

  /** Cancels; later calls are ignored, as with AbortController. */
  abort(reason?: unknown): void {
    if (this.abortedWith !== undefined) return;
    this.abortedWith = { reason };
    this.controller?.abort(reason);
  }
}
