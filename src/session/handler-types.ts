/**
 * The types `Dispatcher.setRequestHandler` is typed with, from the protocol's
 * method maps. A handler of a known method receives the params of either era
 * (a 2026-07-28 request, or a 2025 one with the same method) and returns that
 * method's result as a handler writes it: the codec stamps `resultType` and
 * the caching hints on the way out. Any other method name is a custom method,
 * handled with plain objects.
 */
import type { LegacyClientRequests, LegacyServerRequests } from '../protocol/types/legacy/methods.js';
import type { HandlerResult } from '../protocol/types/modern/base.js';
import type { ModernClientRequests } from '../protocol/types/modern/methods.js';
import type { InputRequiredCapableMethod, InputRequiredResult } from '../protocol/types/modern/mrtr.js';
import type { CreateExtensionTaskResult } from '../protocol/types/modern/tasks.js';

/**
 * `tasks/*` is left to the tasks extension: its 2026-07-28 shapes differ from
 * the 2025-11-25 ones in the maps, so those methods are handled untyped.
 */
type TaskMethod = `tasks/${string}`;

/** 2025-11-25 client→server methods a handler may serve. */
type LegacyServedMethod = Exclude<keyof LegacyClientRequests, TaskMethod>;
/** 2025-11-25 server→client methods a client's handler may serve. */
type LegacyClientServedMethod = Exclude<keyof LegacyServerRequests, TaskMethod>;

/**
 * Every request method whose handler `setRequestHandler` types: the 2026-07-28
 * client requests, and the 2025-11-25 requests of both directions (a server
 * serves `initialize`, a client serves `elicitation/create`).
 *
 * @example
 * const method: KnownRequestMethod = 'resources/read';
 */
export type KnownRequestMethod = keyof ModernClientRequests | LegacyServedMethod | LegacyClientServedMethod;

/**
 * The params a handler of method `M` receives: the union of what each era's
 * request carries (2025 requests may leave `_meta` out). Unknown fields pass
 * untouched, so every params type stays open.
 *
 * @example
 * type Params = RequestParamsFor<'tools/call'>; // CallToolRequestParams | LegacyCallToolRequestParams
 */
export type RequestParamsFor<M extends KnownRequestMethod> =
  | (M extends keyof ModernClientRequests ? ModernClientRequests[M]['params'] : never)
  | (M extends LegacyServedMethod ? NonNullable<LegacyClientRequests[M]['params']> : never)
  | (M extends LegacyClientServedMethod ? NonNullable<LegacyServerRequests[M]['params']> : never);

/**
 * What a handler of method `M` returns: the method's result in either era's
 * shape, with `resultType` and the caching hints optional (the codec stamps
 * them), or for `tools/call`, `prompts/get` and `resources/read` also an
 * `input_required` result (and for `tools/call` the tasks extension's created task).
 *
 * @example
 * const page: RequestResultFor<'tools/list'> = { tools: [{ name: 'ping', inputSchema: { type: 'object' } }] };
 */
export type RequestResultFor<M extends KnownRequestMethod> =
  | (M extends keyof ModernClientRequests ? HandlerResult<ModernClientRequests[M]['result']> : never)
  | (M extends InputRequiredCapableMethod ? InputRequiredResult : never)
  | (M extends 'tools/call' ? HandlerResult<CreateExtensionTaskResult> : never)
  | (M extends LegacyServedMethod ? LegacyClientRequests[M]['result'] : never)
  | (M extends LegacyClientServedMethod ? LegacyServerRequests[M]['result'] : never);
