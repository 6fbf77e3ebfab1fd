/**
 * Requests and client notifications of the legacy era (2025-11-25, accepting what
 * 2025-06-18, 2025-03-26 and 2024-11-05 peers send): what a legacy server
 * receives from its client, and the server→client requests a legacy client
 * receives (`ping`, `sampling/createMessage`, `elicitation/create`, `roots/list`
 * and the 2025-11-25 `tasks/*` requests).
 *
 * Legacy `params` are optional where the spec lets them be (`ping`, the list
 * methods, `roots/list`, `notifications/initialized`, …); `_meta` is optional
 * and open, with only `progressToken` typed.
 */
import {
  anyObject,
  clientCapabilityFields,
  completeContext,
  completeParamsFields,
  cursor,
  elicitParams,
  implementation,
  loggingLevel,
  requestedSchema,
} from './common.js';
import {
  LEGACY_SAMPLING,
  legacyCancelledParams,
  legacyProgressParams,
  legacyRequestMeta,
  taskMetadata,
  taskStatusParams,
} from './legacy-results.js';
import { boolean, byMethod, literal, object, orAbsent, record, string } from './validator.js';

const withMeta = { _meta: legacyRequestMeta } as const;

/** Client capabilities as `initialize` declares them (2024-11-05 through 2025-11-25). */
export const legacyClientCapabilities = object(
  {},
  {
    ...clientCapabilityFields,
    roots: object({}, { listChanged: boolean() }),
    tasks: object(
      {},
      {
        list: anyObject,
        cancel: anyObject,
        requests: object(
          {},
          {
            sampling: object({}, { createMessage: anyObject }),
            elicitation: object({}, { create: anyObject }),
          },
        ),
      },
    ),
  },
);

/** `initialize` params. */
export const initializeParams = object(
  { protocolVersion: string(), capabilities: legacyClientCapabilities, clientInfo: implementation },
  withMeta,
);

const noParams = orAbsent(object({}, withMeta));
const paginated = orAbsent(object({}, { cursor, ...withMeta }));
const byUri = object({ uri: string() }, withMeta);
const byTaskId = object({ taskId: string() }, withMeta);

/** Legacy `tools/call` params (may ask to run as a task). */
export const legacyCallToolParams = object(
  { name: string() },
  { arguments: anyObject, task: taskMetadata, ...withMeta },
);

/** Legacy `resources/read` params. */
export const legacyReadResourceParams = byUri;

/** Legacy `prompts/get` params. */
export const legacyGetPromptParams = object({ name: string() }, { arguments: record(string()), ...withMeta });

/** Legacy `completion/complete` params. */
export const legacyCompleteParams = object(completeParamsFields, { context: completeContext, ...withMeta });

/**
 * Params validators of legacy client→server requests, by method.
 * `validation/types-match.test-d.ts` ties the main ones to `types/legacy/`.
 */
export const LEGACY_REQUEST_PARAMS = byMethod([
  ['initialize', initializeParams],
  ['ping', noParams],
  ['logging/setLevel', object({ level: loggingLevel }, withMeta)],
  ['resources/subscribe', byUri],
  ['resources/unsubscribe', byUri],
  ['tools/list', paginated],
  ['resources/list', paginated],
  ['resources/templates/list', paginated],
  ['prompts/list', paginated],
  ['tools/call', legacyCallToolParams],
  ['resources/read', legacyReadResourceParams],
  ['prompts/get', legacyGetPromptParams],
  ['completion/complete', legacyCompleteParams],
  ['tasks/get', byTaskId],
  ['tasks/result', byTaskId],
  ['tasks/cancel', byTaskId],
  ['tasks/list', paginated],
]);

/** `elicitation/create` params of 2025-11-25 (form, or URL mode with `elicitationId`); 2025-06-18 sent form only. */
export const legacyElicitParams = elicitParams(
  object({ message: string(), requestedSchema }, { mode: literal('form'), task: taskMetadata, ...withMeta }),
  object(
    { mode: literal('url'), message: string(), url: string(), elicitationId: string() },
    { task: taskMetadata, ...withMeta },
  ),
);

/** Params validators of legacy server→client requests, by method. */
export const LEGACY_SERVER_REQUEST_PARAMS = byMethod([
  ['ping', noParams],
  ['sampling/createMessage', LEGACY_SAMPLING.params],
  ['elicitation/create', legacyElicitParams],
  ['roots/list', noParams],
  ['tasks/get', byTaskId],
  ['tasks/result', byTaskId],
  ['tasks/cancel', byTaskId],
  ['tasks/list', paginated],
]);

const emptyNotification = orAbsent(object({}, { _meta: anyObject }));

/** Params of the notifications a legacy client sends, by method. */
export const LEGACY_CLIENT_NOTIFICATIONS = byMethod([
  ['notifications/initialized', emptyNotification],
  ['notifications/cancelled', legacyCancelledParams],
  ['notifications/progress', legacyProgressParams],
  ['notifications/roots/list_changed', emptyNotification],
  ['notifications/tasks/status', taskStatusParams],
]);
