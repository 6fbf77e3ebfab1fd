/**
 * Upstream calls held open across a downstream client's Multi Round-Trip rounds: the upstream
 * server (a 2025 session) asks its questions with live requests in the middle of one call, while
 * the downstream client (2026-07-28) answers each round with a new request. The call stays
 * running in this process between rounds, found again by the id its `requestState` carries, so
 * this form works only when every round of a call reaches the same proxy process.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, McpError, RequestCancelledError } from '../../protocol/errors.js';
import type { ClientCapabilities } from '../../protocol/types/index.js';
import type { ElicitResult } from '../../protocol/types/modern/elicitation.js';
import type { CreateMessageResult } from '../../protocol/types/modern/sampling.js';
import type { ServerContext } from '../../server/context.js';
import {
  APP_STATE,
  type InputRequestSpec,
  type InputRequiredReturn,
  inputRequired,
} from '../../server/input-required.js';
import type { ProgressUpdate } from '../../session/outbound.js';
import type { InputHandlers, Root } from '../input-handlers.js';

/** How long a held call waits for the downstream client's next round, ms. Default 5 minutes. */
export const DEFAULT_HELD_CALL_TTL_MS = 5 * 60_000;

/** How many calls one proxy holds at most. */
export const DEFAULT_MAX_HELD_CALLS = 1000;

/** What the held call's upstream request gets: the questions' handlers, its signal, its progress. */
export interface HeldCallIo {
  readonly handlers: InputHandlers;
  readonly signal: AbortSignal;
  readonly onProgress: (update: ProgressUpdate) => void;
}

/** The state a held call's `input_required` carries (sealed by the server). */
interface HeldState {
  held: string;
}

interface Question {
  readonly spec: InputRequestSpec;
  answer(value: unknown): void;
  refuse(error: Error): void;
}

type Outcome = { ok: true; value: Record<string, unknown> } | { ok: false; error: unknown };

/** One upstream call in flight, between the downstream client's rounds. */
class HeldCall {
  readonly id = randomUUID();
  private readonly controller = new AbortController();
  /** Questions the upstream asked that the downstream client has not been shown yet. */
  private fresh: Question[] = [];
  /** Questions shown to the downstream client, by the key they were shown under. */
  private readonly shown = new Map<string, Question>();
  private asked = 0;
  private wake: (() => void) | undefined;
  private progress: ((update: ProgressUpdate) => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly outcome: Promise<Outcome>;

  /** `caps`: what the downstream client declared; the upstream is refused what it cannot answer. */
  constructor(caps: ClientCapabilities, start: (io: HeldCallIo) => Promise<Record<string, unknown>>) {
    // The answer is the downstream client's, as it sent it: the upstream client checks an
    // elicitation answer against its form before sending it on, and the upstream server the rest.
    const ask = <T>(spec: InputRequestSpec) =>
      new Promise<T>((answer, refuse) => {
        this.fresh.push({ spec, answer: (value) => answer(value as T), refuse });
        this.wake?.();
      });
    const handlers: InputHandlers = {};
    if (caps.elicitation) {
      handlers.onElicit = (params) =>
        ask<ElicitResult>({ method: 'elicitation/create', params: { ...params } });
      handlers.elicitUrl = caps.elicitation.url !== undefined;
    }
    if (caps.sampling) {
      handlers.onSample = (params) =>
        ask<CreateMessageResult>({ method: 'sampling/createMessage', params: { ...params } });
      handlers.sampleWithTools = caps.sampling.tools !== undefined;
    }
    if (caps.roots)
      handlers.roots = async () => (await ask<{ roots: Root[] }>({ method: 'roots/list', params: {} })).roots;
    this.outcome = start({
      handlers,
      signal: this.controller.signal,
      onProgress: (update) => this.progress?.(update),
    }).then(
      (value): Outcome => ({ ok: true, value }),
      (error: unknown): Outcome => ({ ok: false, error }),
    );
    this.outcome.then(() => this.wake?.());
  }

  /** Gives the downstream client's answers to the questions it was shown. */
  answer(responses: Readonly<Record<string, unknown>> | undefined): void {
    for (const [key, question] of this.shown) {
      const response = responses?.[key];
      if (response === undefined)
        question.refuse(new McpError(ErrorCode.InvalidParams, `The client sent no answer for input ${key}`));
      else question.answer(response);
    }
    this.shown.clear();
  }

  /**
   * Runs the call on within the round of `ctx` until it ends or asks something: its result, or
   * the `input_required` that shows the questions downstream.
   */
  async next(
    ctx: ServerContext,
    ttlMs: number,
    parking: { park(): void; unpark(): void },
  ): Promise<Record<string, unknown> | InputRequiredReturn> {
    clearTimeout(this.timer);
    // Progress is best effort: one that can no longer be delivered is dropped.
    this.progress = (update) =>
      void ctx.progress(update.progress, update.total, update.message).catch(() => {});
    const cancel = () =>
      this.controller.abort(new RequestCancelledError('The downstream client cancelled the call'));
    ctx.signal.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        if (this.fresh.length > 0) {
          try {
            parking.park();
          } catch (error) {
            this.controller.abort(error);
            throw error;
          }
          const requests: Record<string, InputRequestSpec> = {};
          for (const question of this.fresh) {
            const key = `upstream_${++this.asked}`;
            this.shown.set(key, question);
            requests[key] = question.spec;
          }
          this.fresh = [];
          this.timer = setTimeout(() => {
            parking.unpark();
            this.controller.abort(new RequestCancelledError('The downstream client did not answer in time'));
          }, ttlMs);
          this.timer.unref?.();
          const state: HeldState = { held: this.id };
          return inputRequired(requests, state);
        }
        const ended = await Promise.race([
          this.outcome,
          new Promise<undefined>((resolve) => {
            this.wake = () => resolve(undefined);
          }),
        ]);
        this.wake = undefined;
        if (ended) {
          if (ended.ok) return ended.value;
          throw ended.error;
        }
      }
    } finally {
      ctx.signal.removeEventListener('abort', cancel);
      this.progress = undefined;
    }
  }
}

/**
 * The held calls of one proxy. Per process: a retry that reaches another process (or comes
 * after `ttlMs`) is refused with a clear error, and the caller starts the call again.
 *
 * @example
 * const held = new HeldCalls();
 * server.registerTool('t', config, (args, ctx) => held.step(ctx, (io) => upstream.callTool('t', args, { ...io.handlers, signal: io.signal })));
 */
export class HeldCalls {
  /** The calls waiting for their caller's next round, by id. */
  private readonly waiting = new Map<string, HeldCall>();

  constructor(
    private readonly ttlMs = DEFAULT_HELD_CALL_TTL_MS,
    private readonly maxCalls = DEFAULT_MAX_HELD_CALLS,
  ) {}

  /** One downstream round of a call: starts it (first round) or continues the held one. */
  step(
    ctx: ServerContext,
    start: (io: HeldCallIo) => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown> | InputRequiredReturn> {
    const state = ctx.requestState as Partial<HeldState> | undefined;
    let call: HeldCall | undefined;
    if (typeof state?.held === 'string') {
      call = this.waiting.get(state.held);
      if (!call) {
        throw new McpError(
          ErrorCode.InvalidParams,
          'The proxied call this request continues is no longer held here: it expired, or an earlier round reached another proxy process; send the call again without requestState',
        );
      }
      this.waiting.delete(state.held);
      call.answer(ctx.inputResponses);
    } else {
      call = new HeldCall(ctx.clientCapabilities, start);
    }
    const held = call;
    return held.next(ctx, this.ttlMs, {
      park: () => {
        // Callers who never send the next round must not hold upstream calls without bound.
        if (this.waiting.size >= this.maxCalls) {
          throw new McpError(
            ErrorCode.InternalError,
            `This proxy holds ${this.maxCalls} calls waiting for their callers' next round (maxHeldCalls); retry later`,
          );
        }
        this.waiting.set(held.id, held);
      },
      unpark: () => this.waiting.delete(held.id),
    });
  }

  /** Whether `result` is a round of a call held here (rather than a result to pass on). */
  static isHeldRound(result: Record<string, unknown> | InputRequiredReturn): result is InputRequiredReturn {
    const state = (result as InputRequiredReturn)[APP_STATE] as Partial<HeldState> | undefined;
    return result.resultType === 'input_required' && typeof state?.held === 'string';
  }

  /** How many calls wait for their caller's next round. */
  get size(): number {
    return this.waiting.size;
  }
}
