/**
 * The proxy's per-call input handlers: a question the upstream server asks during a call is put
 * to the downstream client that made the call, through the handler context of its request.
 */
import type { ElicitRequestParams } from '../../protocol/types/modern/elicitation.js';
import type { ElicitationParams, ServerContext } from '../../server/context.js';
import type { InputHandlers } from '../input-handlers.js';

/**
 * Handlers that ask the downstream caller of `ctx`'s request, declared only for what that caller
 * declared it can answer (so the upstream server is told the same capabilities). On a 2025
 * downstream session each question is a live server request; on 2026-07-28 `ctx.elicit` and the
 * others end the round, which only calls that may be run again can afford (see `forwardCall`).
 *
 * @example
 * const result = await upstream.callTool(name, args, { ...askingDownstream(ctx), signal: ctx.signal });
 */
export function askingDownstream(ctx: ServerContext): InputHandlers {
  const caps = ctx.clientCapabilities;
  const handlers: InputHandlers = {};
  if (caps.elicitation) {
    handlers.onElicit = (params: ElicitRequestParams) => ctx.elicit(params as ElicitationParams);
    handlers.elicitUrl = caps.elicitation.url !== undefined;
  }
  if (caps.sampling) {
    handlers.onSample = (params) => ctx.sample(params);
    handlers.sampleWithTools = caps.sampling.tools !== undefined;
  }
  if (caps.roots) handlers.roots = async () => (await ctx.listRoots()).roots;
  return handlers;
}
