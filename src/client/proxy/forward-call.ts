/**
 * One call forwarded upstream with everything that goes with it: the downstream request's
 * cancellation, upstream progress reported downstream, and the upstream server's questions put
 * to the downstream caller in the form that caller speaks.
 */
import type { ServerContext } from '../../server/context.js';
import {
  type InputRequestSpec,
  type InputRequiredReturn,
  inputRequired,
} from '../../server/input-required.js';
import type { CallOptions, Client } from '../client.js';
import { askingDownstream } from './downstream-input.js';
import { HeldCalls } from './held-calls.js';

/**
 * Sends the call upstream: `extra` goes into its params (a Multi Round-Trip retry's
 * `inputResponses` and `requestState`), `options` with it.
 */
export type UpstreamCall = (
  extra: Record<string, unknown>,
  options: CallOptions,
) => Promise<Record<string, unknown>>;

/** The state a passed-through `input_required` carries downstream (sealed by the server). */
interface PassedState {
  upstream?: string;
}

/**
 * Forwards one input-capable call (`tools/call`, `prompts/get`) by the downstream and upstream
 * eras:
 * - downstream 2025 session, or a call the proxy runs as a task: the upstream's questions (rounds
 *   or requests) are put to the caller with `ctx.elicit` and the others (live server requests, or
 *   the task's input), awaited within the one call;
 * - downstream and upstream 2026-07-28: rounds pass through. The upstream call runs in manual
 *   input mode; its `input_required` goes downstream as is, its `requestState` sealed inside the
 *   proxy's, and the downstream retry's answers go upstream with it. Nothing is kept between
 *   rounds, unless the upstream runs the call as a task that asks for input: then it is held;
 * - downstream 2026-07-28, upstream 2025: the upstream call is held open between rounds
 *   ({@link HeldCalls}), each question it asks shown downstream as an input request.
 *
 * @example
 * server.registerTool(tool.name, config, (args, ctx) =>
 *   forwardCall(ctx, upstream, held, (extra, options) => upstream.request('tools/call', { name, arguments: args, ...extra }, options)),
 * );
 */
export async function forwardCall(
  ctx: ServerContext,
  upstream: Client,
  held: HeldCalls,
  call: UpstreamCall,
): Promise<Record<string, unknown> | InputRequiredReturn> {
  const progress: CallOptions['onProgress'] = (update) =>
    // Progress is best effort: one that can no longer be delivered is dropped.
    void ctx.progress(update.progress, update.total, update.message).catch(() => {});
  // A task's questions travel through the task (tasks/get, tasks/update, or requests of a 2025
  // session), which `ctx.elicit` and the others use: the forwarded call is one live call.
  if (ctx.era === 'legacy' || ctx.task.id !== undefined)
    return call(
      {},
      { ...askingDownstream(ctx), exclusiveInput: true, signal: ctx.signal, onProgress: progress },
    );
  if (upstream.server.era === 'legacy') {
    return held.step(ctx, (io) =>
      call({}, { ...io.handlers, exclusiveInput: true, signal: io.signal, onProgress: io.onProgress }),
    );
  }
  const state = (ctx.requestState ?? {}) as PassedState;
  const extra: Record<string, unknown> = {};
  if (typeof state.upstream === 'string') {
    if (ctx.inputResponses !== undefined) extra.inputResponses = ctx.inputResponses;
    extra.requestState = state.upstream;
  }
  // Rounds pass through (manual mode). The call still goes through the held calls: should the
  // upstream run it as a task that asks for input, those questions are live, like a 2025
  // server's, and the call is held between the caller's rounds to answer them.
  const result = await held.step(ctx, (io) =>
    call(extra, {
      ...io.handlers,
      exclusiveInput: true,
      inputMode: 'manual',
      signal: io.signal,
      onProgress: io.onProgress,
    }),
  );
  if (HeldCalls.isHeldRound(result) || result.resultType !== 'input_required') return result;
  const passed: PassedState =
    typeof result.requestState === 'string' ? { upstream: result.requestState } : {};
  return inputRequired((result.inputRequests ?? {}) as Record<string, InputRequestSpec>, passed);
}
