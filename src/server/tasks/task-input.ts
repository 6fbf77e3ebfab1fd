/**
 * The questions a running task has for its client. Inside a task, `ctx.elicit`
 * (and `sample`, `listRoots`) do not end a round as a plain 2026-07-28 call
 * does: the task moves to `input_required` with the question under a fresh
 * key, and the handler waits, suspended, until `tasks/update` brings the answer.
 */
import type { InputBroker, InputKind } from '../context.js';

/** A question waiting for its answer. */
interface Pending {
  readonly request: { method: string; params: Record<string, unknown> };
  readonly resolve: (answer: Record<string, unknown>) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * One task's outstanding questions. Keys are never reused over the task's
 * life, so a late or repeated answer can never reach the wrong question.
 */
export class TaskInputLedger implements InputBroker {
  private readonly pending = new Map<string, Pending>();
  private issued = 0;
  private closedWith: unknown;

  /** @param changed told whenever the set of outstanding questions changes */
  constructor(private readonly changed: () => void) {}

  ask(kind: InputKind, method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.closedWith !== undefined) return Promise.reject(this.closedWith);
    this.issued += 1;
    const key = `${kind}-${this.issued}`;
    return new Promise((resolve, reject) => {
      this.pending.set(key, { request: { method, params }, resolve, reject });
      this.changed();
    });
  }

  /** The outstanding questions, as `inputRequests`. */
  outstanding(): Record<string, unknown> {
    const requests: Record<string, unknown> = {};
    for (const [key, { request }] of this.pending) requests[key] = request;
    return requests;
  }

  /** Whether any question waits for an answer. */
  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Delivers answers. Keys that are not outstanding (never issued, answered
   * already) are ignored, as are answers that are not objects. Returns
   * whether any question was answered.
   */
  answer(responses: Readonly<Record<string, unknown>>): boolean {
    let answered = false;
    for (const [key, response] of Object.entries(responses)) {
      const entry = this.pending.get(key);
      if (!entry || response === null || typeof response !== 'object' || Array.isArray(response)) continue;
      this.pending.delete(key);
      entry.resolve(response as Record<string, unknown>);
      answered = true;
    }
    if (answered) this.changed();
    return answered;
  }

  /** Fails every waiting question and every later one with `reason` (the task ended). */
  close(reason: unknown): void {
    this.closedWith = reason;
    for (const entry of this.pending.values()) entry.reject(reason);
    this.pending.clear();
  }
}
