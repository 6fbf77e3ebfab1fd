/**
 * The explicit form of Multi Round-Trip Requests: a handler that wants to
 * name its input requests itself returns {@link inputRequired}, reads the
 * answers from `ctx.inputResponses` on the retry, and carries its own state in
 * `ctx.requestState`, which the server seals (AES-GCM, bound to the request)
 * so the client can neither read nor alter it.
 */

/** Where the state a handler hands over rides on its result until the server seals it. */
export const APP_STATE = Symbol('mcpkit.inputRequired.state');

/** An input request as it appears in `inputRequests`. */
export type InputRequestSpec =
  | { method: 'elicitation/create'; params: Record<string, unknown> }
  | { method: 'sampling/createMessage'; params: Record<string, unknown> }
  | { method: 'roots/list'; params?: Record<string, unknown> };

/** The result a handler returns to ask for input explicitly. */
export interface InputRequiredReturn {
  resultType: 'input_required';
  inputRequests?: Record<string, InputRequestSpec>;
  [APP_STATE]?: unknown;
  [key: string]: unknown;
}

/**
 * Ends this round asking for input under keys the handler chooses. `state`
 * (any JSON value) comes back, verified, as `ctx.requestState` on the retry.
 *
 * @example
 * server.registerTool('greet', {}, (ctx) => {
 *   const answer = ctx.inputResponses?.user_name as { action: string; content?: { name?: string } } | undefined;
 *   if (answer?.action === 'accept') return { content: [{ type: 'text', text: `Hello, ${answer.content?.name}!` }] };
 *   return inputRequired(
 *     { user_name: { method: 'elicitation/create', params: { message: 'Your name?', requestedSchema } } },
 *     { startedAt: Date.now() },
 *   );
 * });
 */
export function inputRequired(
  inputRequests: Record<string, InputRequestSpec>,
  state?: unknown,
): InputRequiredReturn {
  const result: InputRequiredReturn = { resultType: 'input_required', inputRequests };
  if (state !== undefined) result[APP_STATE] = state;
  return result;
}
