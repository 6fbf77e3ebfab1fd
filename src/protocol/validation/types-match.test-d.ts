/**
 * Compile-time ties between the validators in this folder and the payload
 * types in `../types/`: `tsc` fails when a validator and its type drift apart.
 *
 * For each pair it checks both directions:
 * - the validator accepts every value of the type (it is not stricter than the protocol);
 * - every value the validator lets through is a value of the type (handlers and
 *   callers can trust the type).
 *
 * Request params are compared without `_meta` (`requestEnvelope` checks it, once,
 * for every method). Results are compared as a client accepts them from either
 * era: `resultType`, `ttlMs` and `cacheScope` may be absent.
 */

import type {
  BlobResourceContents,
  ContentBlock,
  PromptMessage,
  Resource,
  TextResourceContents,
} from '../types/common.js';
import type { InitializeRequestParams, InitializeResult } from '../types/legacy/lifecycle.js';
import type {
  LegacyCompleteRequestParams,
  LegacyGetPromptRequestParams,
  LegacyGetPromptResult,
} from '../types/legacy/prompts.js';
import type { LegacyReadResourceRequestParams, LegacyReadResourceResult } from '../types/legacy/resources.js';
import type {
  LegacyCallToolRequestParams,
  LegacyCallToolResult,
  LegacyListToolsResult,
} from '../types/legacy/tools.js';
import type { HandlerResult } from '../types/modern/base.js';
import type { ServerCapabilities } from '../types/modern/capabilities.js';
import type { CompleteRequestParams, CompleteResult } from '../types/modern/completion.js';
import type { DiscoverResult } from '../types/modern/discover.js';
import type { ElicitResult } from '../types/modern/elicitation.js';
import type { InputResponse } from '../types/modern/mrtr.js';
import type {
  GetPromptRequestParams,
  GetPromptResult,
  ListPromptsRequestParams,
  ListPromptsResult,
} from '../types/modern/prompts.js';
import type {
  ListResourcesResult,
  ListResourceTemplatesResult,
  ReadResourceRequestParams,
  ReadResourceResult,
} from '../types/modern/resources.js';
import type { ListRootsResult } from '../types/modern/roots.js';
import type {
  SubscriptionsListenRequestParams,
  SubscriptionsListenResult,
} from '../types/modern/subscriptions.js';
import type { CallToolRequestParams, CallToolResult, ListToolsResult } from '../types/modern/tools.js';
import type {
  contentBlock,
  elicitResult,
  listRootsResult,
  promptMessage,
  resource,
  resourceContents,
} from './common.js';
import type {
  initializeParams,
  legacyCallToolParams,
  legacyCompleteParams,
  legacyGetPromptParams,
  legacyReadResourceParams,
} from './legacy-requests.js';
import type {
  initializeResult,
  legacyCallToolResult,
  legacyGetPromptResult,
  legacyListToolsResult,
  legacyReadResourceResult,
} from './legacy-results.js';
import type {
  callToolParams,
  completeParams,
  getPromptParams,
  inputResponse,
  paginatedParams,
  readResourceParams,
  subscriptionsListenParams,
} from './modern-requests.js';
import type {
  callToolResult,
  completeResult,
  discoverResult,
  getPromptResult,
  listPromptsResult,
  listResourcesResult,
  listResourceTemplatesResult,
  listToolsResult,
  modernServerCapabilities,
  readResourceResult,
  subscriptionsListenResult,
} from './modern-results.js';
import type { Infer } from './validator.js';

/** `T` without the key `K`, keeping its open index signature (unlike `Omit`). */
type Without<T, K extends PropertyKey> = { [P in keyof T as P extends K ? never : P]: T[P] };

/**
 * `T` with its open index signatures removed, all the way down. Both sides let
 * unknown fields through (a validator's objects are open, some protocol types
 * are too); what must agree are the declared fields.
 */
type Closed<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends (...args: never[]) => unknown
    ? T
    : T extends readonly (infer E)[]
      ? Closed<E>[]
      : T extends object
        ? [keyof T] extends [never]
          ? { [key: string]: unknown } // `object`: any object, as the validator's open bags say
          : { [K in keyof T]: Closed<T[K]> }
        : T;

/** True when `A` and `B` declare the same fields with the same types (each assignable to the other). */
type Same<A, B> = [Closed<A>] extends [Closed<B>] ? ([Closed<B>] extends [Closed<A>] ? true : false) : false;

/**
 * A request's params as its per-method validator sees them. `inputResponses`
 * is tied on its own below: its sampling member is validated by a validator
 * built at run time (`makeSampling`), whose static type is `unknown`.
 */
type ParamsBody<P> = Without<P, '_meta' | 'inputResponses'>;

/** True when every value of `T` passes as far as the validator's static type goes (one direction only). */
type Accepts<V, T> = [Closed<T>] extends [Closed<Infer<V>>] ? true : false;

/** A result as the client-side validator sees it (either era). */
type Received<R> = HandlerResult<R>;

function tie<_Check extends true>(): void {}

// Building blocks shared by both eras.
tie<Same<Infer<typeof contentBlock>, ContentBlock>>();
tie<Same<Infer<typeof promptMessage>, PromptMessage>>();
tie<Same<Infer<typeof resource>, Resource>>();
tie<Same<Infer<typeof resourceContents>, TextResourceContents | BlobResourceContents>>();

// 2026-07-28 request params (server side).
tie<Same<Infer<typeof paginatedParams>, ParamsBody<ListPromptsRequestParams>>>();
tie<Same<Infer<typeof callToolParams>, ParamsBody<CallToolRequestParams>>>();
tie<Same<Infer<typeof readResourceParams>, ParamsBody<ReadResourceRequestParams>>>();
tie<Same<Infer<typeof getPromptParams>, ParamsBody<GetPromptRequestParams>>>();
tie<Same<Infer<typeof completeParams>, ParamsBody<CompleteRequestParams>>>();
tie<Same<Infer<typeof subscriptionsListenParams>, ParamsBody<SubscriptionsListenRequestParams>>>();

// The retry answers, apart from sampling (see ParamsBody).
tie<Same<Infer<typeof elicitResult>, ElicitResult>>();
tie<Same<Infer<typeof listRootsResult>, ListRootsResult>>();
tie<Accepts<typeof inputResponse, InputResponse>>();

// 2026-07-28 results (client side). Capabilities are checked for acceptance only: the
// validator takes any object under `experimental`/`extensions`, the type says JSON values,
// which everything read off the wire is.
tie<
  Same<
    Without<Infer<typeof discoverResult>, 'capabilities'>,
    Received<Without<DiscoverResult, 'capabilities'>>
  >
>();
tie<Accepts<typeof modernServerCapabilities, ServerCapabilities>>();
tie<Same<Infer<typeof listToolsResult>, Received<ListToolsResult>>>();
tie<Same<Infer<typeof callToolResult>, Received<CallToolResult>>>();
tie<Same<Infer<typeof listResourcesResult>, Received<ListResourcesResult>>>();
tie<Same<Infer<typeof listResourceTemplatesResult>, Received<ListResourceTemplatesResult>>>();
tie<Same<Infer<typeof readResourceResult>, Received<ReadResourceResult>>>();
tie<Same<Infer<typeof listPromptsResult>, Received<ListPromptsResult>>>();
tie<Same<Infer<typeof getPromptResult>, Received<GetPromptResult>>>();
tie<Same<Infer<typeof completeResult>, Received<CompleteResult>>>();
tie<Same<Infer<typeof subscriptionsListenResult>, Received<SubscriptionsListenResult>>>();

// 2025-11-25 request params (server side); their `_meta` is checked with the rest.
tie<Same<Infer<typeof initializeParams>, InitializeRequestParams>>();
tie<Same<Infer<typeof legacyCallToolParams>, LegacyCallToolRequestParams>>();
tie<Same<Infer<typeof legacyReadResourceParams>, LegacyReadResourceRequestParams>>();
tie<Same<Infer<typeof legacyGetPromptParams>, LegacyGetPromptRequestParams>>();
tie<Same<Infer<typeof legacyCompleteParams>, LegacyCompleteRequestParams>>();

// 2025-11-25 results (client side).
tie<Same<Infer<typeof initializeResult>, InitializeResult>>();
// Acceptance only: the type says each of `inputSchema.properties` is an object, which the
// validator leaves to the JSON Schema engine.
tie<Accepts<typeof legacyListToolsResult, LegacyListToolsResult>>();
tie<Same<Infer<typeof legacyCallToolResult>, LegacyCallToolResult>>();
tie<Same<Infer<typeof legacyReadResourceResult>, LegacyReadResourceResult>>();
tie<Same<Infer<typeof legacyGetPromptResult>, LegacyGetPromptResult>>();
