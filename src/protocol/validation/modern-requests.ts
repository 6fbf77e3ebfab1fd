/**
 * What a 2026-07-28 server receives: the params of every client request and
 * the one client notification (`notifications/cancelled`).
 *
 * Every modern request carries `params._meta` with the protocol version and the
 * client's capabilities for that request. {@link requestEnvelope} checks that part;
 * the per-method validators in {@link MODERN_REQUEST_PARAMS} check the rest, so
 * a server can answer a broken `_meta` distinctly (always -32602) before looking
 * at the method.
 */
import {
  META_CLIENT_CAPABILITIES,
  META_CLIENT_INFO,
  META_LOG_LEVEL,
  META_PROGRESS_TOKEN,
  META_PROTOCOL_VERSION,
} from '../meta.js';
import {
  anyObject,
  clientCapabilityFields,
  completeContext,
  completeParamsFields,
  cursor,
  elicitResult,
  implementation,
  listRootsResult,
  loggingLevel,
  progressToken,
  subscriptionFilter,
} from './common.js';
import { MODERN_SAMPLING, modernCancelledParams } from './modern-results.js';
import { byMethod, fail, type Infer, object, record, select, string, type Validator } from './validator.js';

/** Client capabilities declared on one request. `{}` means no optional capability. */
export const modernClientCapabilities = object(
  {},
  { ...clientCapabilityFields, roots: anyObject, extensions: record(anyObject) },
);

/**
 * The request `_meta` object of 2026-07-28: `protocolVersion` (string) and
 * `clientCapabilities` (object) required; `clientInfo`, `logLevel` and
 * `progressToken` checked when present; any other key passes.
 */
export const requestMeta = object(
  {
    [META_PROTOCOL_VERSION]: string(),
    [META_CLIENT_CAPABILITIES]: modernClientCapabilities,
  },
  {
    [META_CLIENT_INFO]: implementation,
    [META_LOG_LEVEL]: loggingLevel,
    [META_PROGRESS_TOKEN]: progressToken,
  },
);

/** `params` reduced to the part every modern request shares: a valid `_meta`. */
export const requestEnvelope = object({ _meta: requestMeta });

const inputResponseExpected =
  'an ElicitResult ({action}), a ListRootsResult ({roots}) or a CreateMessageResult ({role, content, model})';

function pickInputResponse(v: Record<string, unknown>): Validator<unknown> | undefined {
  if (v.action !== undefined) return elicitResult;
  if (v.roots !== undefined) return listRootsResult;
  if (v.role !== undefined || v.content !== undefined || v.model !== undefined) return MODERN_SAMPLING.result;
  return undefined;
}

/** One value of `inputResponses`: the bare result the client produced for an input request. */
export const inputResponse = select<
  Infer<typeof elicitResult> | Infer<typeof listRootsResult> | Infer<typeof MODERN_SAMPLING.result>
>(inputResponseExpected, pickInputResponse, () =>
  fail(`expected ${inputResponseExpected}, got an object with none of those fields`),
);

/** The multi-round-trip retry fields of `tools/call`, `prompts/get` and `resources/read`. */
export const retryFields = { inputResponses: record(inputResponse), requestState: string() } as const;

/** Params of the list requests (`tools/list`, `resources/list`, ...): an optional `cursor`. */
export const paginatedParams = object({}, { cursor });

/** `tools/call` params (besides `_meta`). */
export const callToolParams = object({ name: string() }, { arguments: anyObject, ...retryFields });

/** `resources/read` params (besides `_meta`). */
export const readResourceParams = object({ uri: string() }, retryFields);

/** `prompts/get` params (besides `_meta`). */
export const getPromptParams = object({ name: string() }, { arguments: record(string()), ...retryFields });

/** `completion/complete` params (besides `_meta`). */
export const completeParams = object(completeParamsFields, { context: completeContext });

/** `subscriptions/listen` params (besides `_meta`). */
export const subscriptionsListenParams = object({ notifications: subscriptionFilter });

/**
 * Params validators of 2026-07-28 client requests, by method. Each checks every
 * field except `_meta` (see {@link requestEnvelope}). `validation/types-match.test-d.ts`
 * ties each to its params type in `types/modern/`.
 */
export const MODERN_REQUEST_PARAMS = byMethod([
  ['server/discover', anyObject],
  ['tools/list', paginatedParams],
  ['resources/list', paginatedParams],
  ['resources/templates/list', paginatedParams],
  ['prompts/list', paginatedParams],
  ['tools/call', callToolParams],
  ['resources/read', readResourceParams],
  ['prompts/get', getPromptParams],
  ['completion/complete', completeParams],
  ['subscriptions/listen', subscriptionsListenParams],
]);

/** Params of the notifications a 2026-07-28 client sends, by method. */
export const MODERN_CLIENT_NOTIFICATIONS = byMethod([['notifications/cancelled', modernCancelledParams]]);
