/**
 * What a 2026-07-28 client receives: the result of every client request, and
 * every server notification (on a request's own stream or a listen stream).
 *
 * Results are judged leniently where the spec tells clients to be lenient:
 * - `resultType` absent means `"complete"` (a server of an earlier revision);
 *   an unknown `resultType` string passes untouched (extensions define more).
 * - `ttlMs` absent or negative is tolerated (clients treat both as 0) and
 *   `cacheScope` may be absent; when present it must be `public` or `private`.
 * `input_required` is accepted only on `tools/call`, `prompts/get` and `resources/read`.
 */
import { META_SERVER_INFO, META_SUBSCRIPTION_ID } from '../meta.js';
import {
  anyObject,
  completion,
  contentBlock,
  cursor,
  elicitParams,
  icon,
  implementation,
  loggingLevel,
  makeSampling,
  progressToken,
  prompt,
  promptMessage,
  requestedSchema,
  requestId,
  resource,
  resourceContents,
  resourceTemplate,
  serverCapabilityFields,
  subscriptionFilter,
  toolAnnotations,
} from './common.js';
import {
  anyValue,
  array,
  at,
  boolean,
  byMethod,
  discriminated,
  enumOf,
  fail,
  literal,
  number,
  object,
  orAbsent,
  preview,
  record,
  refine,
  select,
  string,
  type Validator,
} from './validator.js';

/** Result `_meta`: any keys; `io.modelcontextprotocol/serverInfo`, when present, is an Implementation. */
export const resultMeta = object({}, { [META_SERVER_INFO]: implementation });

/** Notification `_meta`: any keys; `io.modelcontextprotocol/subscriptionId`, when present, is a request id. */
export const notificationMeta = object({}, { [META_SUBSCRIPTION_ID]: requestId });

/** Server capabilities as `server/discover` reports them. */
export const modernServerCapabilities = object(
  {},
  { ...serverCapabilityFields, extensions: record(anyObject) },
);

/** A tool as `tools/list` describes it in 2026-07-28 (any JSON Schema root for `outputSchema`). */
export const modernTool = object(
  {
    name: string(),
    inputSchema: object({ type: literal('object') }, { $schema: string() }),
  },
  {
    title: string(),
    description: string(),
    icons: array(icon),
    outputSchema: object({}, { $schema: string() }),
    annotations: toolAnnotations,
    _meta: anyObject,
  },
);

/** Sampling shapes of 2026-07-28 (`structuredContent` may be any JSON value). */
export const MODERN_SAMPLING = makeSampling({ tool: modernTool, structuredContent: anyValue() });

/** `elicitation/create` params of 2026-07-28: form mode, or URL mode (no `elicitationId` any more). */
export const modernElicitParams = elicitParams(
  object({ message: string(), requestedSchema }, { mode: literal('form') }),
  object({ mode: literal('url'), message: string(), url: string() }),
);

/** One entry of `inputRequests`: an elicitation, sampling or roots request, by `method`. */
export const inputRequest = discriminated(
  'method',
  {
    'elicitation/create': object({ method: literal('elicitation/create'), params: modernElicitParams }),
    'sampling/createMessage': object({
      method: literal('sampling/createMessage'),
      params: MODERN_SAMPLING.params,
    }),
    'roots/list': object({ method: literal('roots/list') }, { params: object({}, { _meta: anyObject }) }),
  },
  'an input request (elicitation/create, sampling/createMessage or roots/list)',
);

/** An `InputRequiredResult`: `inputRequests`, `requestState`, or both (at least one is required). */
export const inputRequiredResult = refine(
  object(
    { resultType: literal('input_required') },
    { inputRequests: record(inputRequest), requestState: string(), _meta: resultMeta },
  ),
  (v) => v.inputRequests !== undefined || v.requestState !== undefined,
  'an input_required result must carry inputRequests, requestState or both',
);

/** Methods whose result may be `input_required`. */
export const INPUT_REQUIRED_METHODS: ReadonlySet<string> = new Set([
  'tools/call',
  'prompts/get',
  'resources/read',
]);

const base = { resultType: string(), _meta: resultMeta } as const;
const cacheable = { ttlMs: number(), cacheScope: enumOf(['public', 'private']) } as const;
const paginated = { nextCursor: cursor } as const;

/**
 * Wraps the validator of a method's complete result so that `resultType` picks
 * the shape: absent or `"complete"` → `complete`; `"input_required"` →
 * {@link inputRequiredResult} (only when `method` allows it); any other string
 * passes (an extension's result type).
 *
 * @example
 * const result = modernResult('tools/list', object({ tools: array(anyObject) }));
 * result({ resultType: 'input_required', requestState: 's' }, 'result');
 * // { path: 'result.resultType', message: '"input_required" is not allowed in a tools/list result; …' }
 */
export function modernResult(method: string, complete: Validator<unknown>): Validator<unknown> {
  const input = INPUT_REQUIRED_METHODS.has(method) ? inputRequiredResult : undefined;
  return select<unknown>(
    complete.expected,
    ({ resultType: type }) => {
      if (type === undefined || type === 'complete') return complete;
      if (type === 'input_required') return input;
      return typeof type === 'string' ? anyValue() : undefined;
    },
    ({ resultType: type }) =>
      at(
        fail(
          type === 'input_required'
            ? `"input_required" is not allowed in a ${method} result; only tools/call, prompts/get and resources/read may ask for input`
            : `expected a string, got ${preview(type)}`,
        ),
        'resultType',
      ),
  );
}

/** A complete `tools/call` result, as a client accepts it. */
export const callToolResult = object(
  { content: array(contentBlock) },
  { structuredContent: anyValue(), isError: boolean(), ...base },
);

/** A complete `server/discover` result, as a client accepts it. */
export const discoverResult = object(
  { supportedVersions: array(string()), capabilities: modernServerCapabilities },
  { instructions: string(), ...cacheable, ...base },
);

/** A complete `tools/list` result, as a client accepts it. */
export const listToolsResult = object({ tools: array(modernTool) }, { ...paginated, ...cacheable, ...base });

/** A complete `resources/list` result, as a client accepts it. */
export const listResourcesResult = object(
  { resources: array(resource) },
  { ...paginated, ...cacheable, ...base },
);

/** A complete `resources/templates/list` result, as a client accepts it. */
export const listResourceTemplatesResult = object(
  { resourceTemplates: array(resourceTemplate) },
  { ...paginated, ...cacheable, ...base },
);

/** A complete `resources/read` result, as a client accepts it. */
export const readResourceResult = object({ contents: array(resourceContents) }, { ...cacheable, ...base });

/** A complete `prompts/list` result, as a client accepts it. */
export const listPromptsResult = object({ prompts: array(prompt) }, { ...paginated, ...cacheable, ...base });

/** A complete `prompts/get` result, as a client accepts it. */
export const getPromptResult = object({ messages: array(promptMessage) }, { description: string(), ...base });

/** A complete `completion/complete` result, as a client accepts it. */
export const completeResult = object({ completion }, base);

/** The result that closes a `subscriptions/listen` stream, as a client accepts it. */
export const subscriptionsListenResult = object(
  {
    _meta: object({ [META_SUBSCRIPTION_ID]: requestId }, { [META_SERVER_INFO]: implementation }),
  },
  { resultType: string() },
);

/**
 * Complete-result validators of 2026-07-28, by the method of the request answered.
 * `validation/types-match.test-d.ts` ties each to its result type in `types/modern/`.
 */
const completeResults: [string, Validator<unknown>][] = [
  ['server/discover', discoverResult],
  ['tools/list', listToolsResult],
  ['tools/call', callToolResult],
  ['resources/list', listResourcesResult],
  ['resources/templates/list', listResourceTemplatesResult],
  ['resources/read', readResourceResult],
  ['prompts/list', listPromptsResult],
  ['prompts/get', getPromptResult],
  ['completion/complete', completeResult],
  ['subscriptions/listen', subscriptionsListenResult],
];

/** The result validators of 2026-07-28, by the method of the request answered (see {@link modernResult}). */
export const MODERN_RESULTS: ReadonlyMap<string, Validator<unknown>> = new Map(
  completeResults.map(([method, validator]) => [method, modernResult(method, validator)]),
);

const withNotificationMeta = { _meta: notificationMeta } as const;
const emptyNotification = orAbsent(object({}, withNotificationMeta));

/** `notifications/cancelled` params of 2026-07-28 (`requestId` required). */
export const modernCancelledParams = object({ requestId }, { reason: string(), ...withNotificationMeta });

/** Params of the notifications a 2026-07-28 server sends, by method. */
export const MODERN_SERVER_NOTIFICATIONS = byMethod([
  ['notifications/cancelled', modernCancelledParams],
  [
    'notifications/progress',
    object(
      { progressToken, progress: number() },
      { total: number(), message: string(), ...withNotificationMeta },
    ),
  ],
  [
    'notifications/message',
    object({ level: loggingLevel, data: anyValue() }, { logger: string(), ...withNotificationMeta }),
  ],
  ['notifications/resources/updated', object({ uri: string() }, withNotificationMeta)],
  ['notifications/resources/list_changed', emptyNotification],
  ['notifications/tools/list_changed', emptyNotification],
  ['notifications/prompts/list_changed', emptyNotification],
  [
    'notifications/subscriptions/acknowledged',
    object({ notifications: subscriptionFilter }, withNotificationMeta),
  ],
]);
