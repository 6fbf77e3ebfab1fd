/**
 * Results and server notifications of the legacy era (2025-11-25, accepting what
 * 2025-06-18, 2025-03-26 and 2024-11-05 peers send).
 *
 * Each validator requires only what every legacy revision requires and checks the
 * later additions (titles, icons, `structuredContent`, tasks, …) only when present,
 * so a 2024-11-05 result passes and a 2025-11-25 one is still checked in full.
 *
 * Results are keyed by the method of the request they answer, in both directions:
 * a client validates `initialize` or `tools/call` results, a server validates what
 * the client answered to `sampling/createMessage`, `elicitation/create` or `roots/list`.
 * A task-augmented request may be answered with `{ task }` (CreateTaskResult) instead.
 */
import {
  anyObject,
  completion,
  contentBlock,
  cursor,
  elicitResult,
  icon,
  implementation,
  listRootsResult,
  loggingLevel,
  makeSampling,
  progressToken,
  prompt,
  promptMessage,
  requestId,
  resource,
  resourceContents,
  resourceTemplate,
  serverCapabilityFields,
  toolAnnotations,
} from './common.js';
import {
  anyValue,
  array,
  boolean,
  byMethod,
  enumOf,
  integer,
  literal,
  nullable,
  number,
  object,
  orAbsent,
  select,
  string,
  type Validator,
} from './validator.js';

/** Request `_meta` of the legacy era: any keys; `progressToken`, when present, is a string or number. */
export const legacyRequestMeta = object({}, { progressToken });

/** `task` of a task-augmented request (2025-11-25): an optional `ttl` in ms. */
export const taskMetadata = object({}, { ttl: integer() });

const taskRequired = {
  taskId: string(),
  status: enumOf(['working', 'input_required', 'completed', 'failed', 'cancelled']),
  createdAt: string(),
  lastUpdatedAt: string(),
  ttl: nullable(integer()),
} as const;
const taskOptional = { statusMessage: string(), pollInterval: integer() } as const;

/** A task's state (2025-11-25). `ttl` is required and may be `null`. */
export const task = object(taskRequired, taskOptional);

const withMeta = { _meta: anyObject } as const;

/** The answer to a task-augmented request: `{ task }`. */
export const createTaskResult = object({ task }, withMeta);

/**
 * Accepts `primary`, or a CreateTaskResult when the value has `task` and lacks
 * `primaryKey` (the field that marks the ordinary result).
 *
 * @example
 * const callResult = orCreateTask(object({ content: array(contentBlock) }), 'content');
 */
export function orCreateTask(primary: Validator<unknown>, primaryKey: string): Validator<unknown> {
  return select<unknown>(primary.expected, (v) =>
    v.task !== undefined && v[primaryKey] === undefined ? createTaskResult : primary,
  );
}

const objectSchema = object(
  { type: literal('object') },
  { $schema: string(), properties: anyObject, required: array(string()) },
);

/** A tool as `tools/list` describes it in the legacy era (object-rooted schemas). */
export const legacyTool = object(
  { name: string(), inputSchema: objectSchema },
  {
    title: string(),
    description: string(),
    icons: array(icon),
    outputSchema: objectSchema,
    annotations: toolAnnotations,
    execution: object({}, { taskSupport: enumOf(['forbidden', 'optional', 'required']) }),
    _meta: anyObject,
  },
);

/** Sampling shapes of the legacy era (`structuredContent` is an object; requests may carry `task`). */
export const LEGACY_SAMPLING = makeSampling({
  tool: legacyTool,
  structuredContent: anyObject,
  extraParams: { task: taskMetadata, _meta: legacyRequestMeta },
});

/** Server capabilities as `initialize` reports them. */
export const legacyServerCapabilities = object(
  {},
  {
    ...serverCapabilityFields,
    tasks: object(
      {},
      {
        list: anyObject,
        cancel: anyObject,
        requests: object({}, { tools: object({}, { call: anyObject }) }),
      },
    ),
  },
);

const emptyResult = object({}, withMeta);
const paginated = { nextCursor: cursor, ...withMeta } as const;
const taskResult = object(taskRequired, { ...taskOptional, ...withMeta });

/** The `initialize` result. */
export const initializeResult = object(
  { protocolVersion: string(), capabilities: legacyServerCapabilities, serverInfo: implementation },
  { instructions: string(), ...withMeta },
);

/** A legacy `tools/list` result. */
export const legacyListToolsResult = object({ tools: array(legacyTool) }, paginated);

/** A legacy `tools/call` result when the call did not become a task. */
export const legacyCallToolResult = object(
  { content: array(contentBlock) },
  { structuredContent: anyObject, isError: boolean(), ...withMeta },
);

/** A legacy `resources/read` result. */
export const legacyReadResourceResult = object({ contents: array(resourceContents) }, withMeta);

/** A legacy `prompts/get` result. */
export const legacyGetPromptResult = object(
  { messages: array(promptMessage) },
  { description: string(), ...withMeta },
);

/**
 * Legacy result validators, by the method of the request answered (either direction).
 * `validation/types-match.test-d.ts` ties the main ones to `types/legacy/`.
 */
export const LEGACY_RESULTS = byMethod([
  ['initialize', initializeResult],
  ['ping', emptyResult],
  ['logging/setLevel', emptyResult],
  ['resources/subscribe', emptyResult],
  ['resources/unsubscribe', emptyResult],
  ['tools/list', legacyListToolsResult],
  ['tools/call', orCreateTask(legacyCallToolResult, 'content')],
  ['resources/list', object({ resources: array(resource) }, paginated)],
  ['resources/templates/list', object({ resourceTemplates: array(resourceTemplate) }, paginated)],
  ['resources/read', legacyReadResourceResult],
  ['prompts/list', object({ prompts: array(prompt) }, paginated)],
  ['prompts/get', legacyGetPromptResult],
  ['completion/complete', object({ completion }, withMeta)],
  ['tasks/get', taskResult],
  ['tasks/cancel', taskResult],
  ['tasks/result', emptyResult],
  ['tasks/list', object({ tasks: array(task) }, paginated)],
  ['sampling/createMessage', orCreateTask(LEGACY_SAMPLING.result, 'content')],
  ['elicitation/create', orCreateTask(elicitResult, 'action')],
  ['roots/list', listRootsResult],
]);

const emptyNotification = orAbsent(object({}, withMeta));

/** `notifications/cancelled` params (legacy): `requestId` optional since 2025-11-25 (tasks cancel by `tasks/cancel`). */
export const legacyCancelledParams = object({}, { requestId, reason: string(), ...withMeta });

/** `notifications/progress` params (either direction in the legacy era). */
export const legacyProgressParams = object(
  { progressToken, progress: number() },
  { total: number(), message: string(), ...withMeta },
);

/** `notifications/tasks/status` params: a Task plus `_meta`. */
export const taskStatusParams = taskResult;

/** Params of the notifications a legacy server sends, by method. */
export const LEGACY_SERVER_NOTIFICATIONS = byMethod([
  ['notifications/cancelled', legacyCancelledParams],
  ['notifications/progress', legacyProgressParams],
  [
    'notifications/message',
    object({ level: loggingLevel, data: anyValue() }, { logger: string(), ...withMeta }),
  ],
  ['notifications/resources/updated', object({ uri: string() }, withMeta)],
  ['notifications/resources/list_changed', emptyNotification],
  ['notifications/tools/list_changed', emptyNotification],
  ['notifications/prompts/list_changed', emptyNotification],
  ['notifications/elicitation/complete', object({ elicitationId: string() }, withMeta)],
  ['notifications/tasks/status', taskStatusParams],
]);
