/**
 * The driver's books: every operation it starts ends in exactly one outcome, and
 * one that gets no response at all before its deadline is `unanswered` (the soak
 * fails on any).
 */

import { RequestTimeoutError } from '../../src/protocol/errors.js';

/**
 * - `answered`: the response the operation expects (a tool result, a 413 for an oversized body);
 * - `refused`: an error the operation provokes on purpose and got (a cancelled call, -32700);
 * - `unexpected`: a response, but not the expected one (kept with its message);
 * - `unanswered`: nothing before the deadline.
 */
export type Outcome = 'answered' | 'refused' | 'unexpected' | 'unanswered';

/** Counts of one kind of operation. */
export interface OperationCounts {
  sent: number;
  answered: number;
  refused: number;
  unexpected: number;
  unanswered: number;
}

/** What an operation reports: its outcome, and for `unexpected` what it got instead. */
export type Verdict = Outcome | { outcome: 'unexpected'; detail: string };

/** Unexpected responses kept for the report, at most this many. */
const KEPT_DETAILS = 20;

/**
 * Runs operations with a deadline each and counts their outcomes by kind.
 *
 * @example
 * const tally = new Tally(30_000);
 * tally.run('echo', async () => ((await call()) ? 'answered' : 'unexpected'));
 * await tally.drain();
 */
export class Tally {
  readonly byKind = new Map<string, OperationCounts>();
  readonly details: string[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deadlineMs: number) {}

  /** Operations started and not yet ended. */
  get inFlight(): number {
    return this.running.size;
  }

  /**
   * Starts `operation` as one of `kind`. An error it throws counts as `unexpected`, but a
   * request timeout as `unanswered`.
   */
  run(kind: string, operation: () => Promise<Verdict>): void {
    const counts = this.countsOf(kind);
    counts.sent++;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<Verdict>((resolve) => {
      timer = setTimeout(() => resolve('unanswered'), this.deadlineMs);
    });
    const outcome = Promise.race([
      operation().catch(
        (error: unknown): Verdict =>
          // A Client's own timeout means the server never answered.
          error instanceof RequestTimeoutError
            ? 'unanswered'
            : { outcome: 'unexpected', detail: describe(error) },
      ),
      deadline,
    ]);
    const done = outcome.then((verdict) => {
      clearTimeout(timer);
      this.running.delete(done);
      if (typeof verdict === 'string') {
        counts[verdict]++;
        if (verdict === 'unanswered') this.keep(`${kind}: no response in time`);
      } else {
        counts.unexpected++;
        this.keep(`${kind}: ${verdict.detail}`);
      }
    });
    this.running.add(done);
  }

  /** Resolves when every operation started so far has ended (each is bounded by the deadline). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Sums over every kind. */
  totals(): OperationCounts {
    const total: OperationCounts = { sent: 0, answered: 0, refused: 0, unexpected: 0, unanswered: 0 };
    for (const counts of this.byKind.values()) {
      for (const key of Object.keys(total) as (keyof OperationCounts)[]) total[key] += counts[key];
    }
    return total;
  }

  private countsOf(kind: string): OperationCounts {
    let counts = this.byKind.get(kind);
    if (!counts) {
      counts = { sent: 0, answered: 0, refused: 0, unexpected: 0, unanswered: 0 };
      this.byKind.set(kind, counts);
    }
    return counts;
  }

  private keep(detail: string): void {
    if (this.details.length < KEPT_DETAILS) this.details.push(detail);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
