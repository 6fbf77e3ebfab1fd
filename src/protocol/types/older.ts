/**
 * What peers on revisions before 2025-11-25 may send or expect, where it
 * differs from the 2025-11-25 types in `./legacy/`. Each type is named after
 * the newest revision it describes and also covers the earlier ones back to
 * the next named type: `Tool20250618` is the tool of 2025-06-18, `Tool20250326`
 * that of 2025-03-26, `Tool20241105` that of 2024-11-05.
 *
 * Most older shapes are subsets of 2025-11-25 (later fields are just absent),
 * so the legacy types already accept what older peers send. These types matter
 * mostly the other way round: what not to send an older peer. The one shape an
 * older peer sends that nothing newer has is the JSON-RPC batch of 2025-03-26.
 *
 * Added per revision, for reference:
 * - 2025-03-26: JSON-RPC batching; `audio` content; tool `annotations`;
 *   `completions` server capability; progress `message`.
 * - 2025-06-18: batching removed again; `title` on named things; `_meta` on
 *   content, resources, prompts and tools; `resource_link` content;
 *   `structuredContent` and `outputSchema`; `Annotations.lastModified`;
 *   `elicitation/create`; completion `context`; `ResourceReference` renamed
 *   `ResourceTemplateReference` (same wire shape).
 * - 2025-11-25: icons; `Implementation.description`/`websiteUrl`; tasks; URL
 *   elicitation with `notifications/elicitation/complete` and error -32042;
 *   titled/multi-select enums and `default` on every form field;
 *   `tools`/`toolChoice`, `tool_use`/`tool_result` and block arrays in
 *   sampling; `$schema` on tool schemas; cancellation `requestId` optional;
 *   error responses may omit `id`.
 */
import type {
  JSONRPCErrorObject,
  JSONRPCNotification,
  JSONRPCRequest,
  JSONRPCResultResponse,
  RequestId,
} from '../jsonrpc.js';
import type { LegacyProtocolVersion } from '../versions.js';
import type {
  AudioContent,
  ContentBlock,
  EmbeddedResource,
  ImageContent,
  PromptReference,
  ResourceTemplateReference,
  Role,
  TextContent,
  ToolAnnotations,
} from './common.js';
import type {
  BooleanSchema,
  ElicitAction,
  LegacyTitledEnumSchema,
  NumberSchema,
  StringSchema,
} from './form-schema.js';
import type { LegacyNotificationParams, LegacyRequestParams, LegacyResult } from './legacy/base.js';
import type { LegacyClientCapabilities, LegacyServerCapabilities } from './legacy/capabilities.js';
import type { Without } from './legacy/derive.js';
import type { LegacyProgressNotificationParams } from './legacy/notifications.js';
import type { LegacyCreateMessageRequestParams } from './legacy/sampling.js';
import type { LegacyCallToolResult } from './legacy/tools.js';

// --- JSON-RPC

/**
 * 2024-11-05 to 2025-06-18: an error response always carries the request `id`
 * (2025-11-25 lets it be omitted when the id could not be read).
 */
export interface JSONRPCErrorResponse20250618 {
  jsonrpc: '2.0';
  id: RequestId;
  error: JSONRPCErrorObject;
}

/**
 * 2025-03-26 only: several requests and/or notifications sent as one JSON
 * array. Removed in 2025-06-18; mcpkit must still accept it from such peers.
 *
 * @example
 * const batch: JSONRPCBatchRequest = [
 *   { jsonrpc: '2.0', id: 1, method: 'tools/list' },
 *   { jsonrpc: '2.0', method: 'notifications/initialized' },
 * ];
 */
export type JSONRPCBatchRequest = (JSONRPCRequest | JSONRPCNotification)[];

/** 2025-03-26 only: the array of responses answering a {@link JSONRPCBatchRequest}. */
export type JSONRPCBatchResponse = (JSONRPCResultResponse | JSONRPCErrorResponse20250618)[];

/** 2025-03-26: any message, including batches. */
export type JSONRPCMessage20250326 =
  | JSONRPCRequest
  | JSONRPCNotification
  | JSONRPCResultResponse
  | JSONRPCErrorResponse20250618
  | JSONRPCBatchRequest
  | JSONRPCBatchResponse;

// --- Identity and capabilities

/** 2024-11-05 and 2025-03-26: an implementation is only a name and a version. */
export interface Implementation20250326 {
  name: string;
  version: string;
}

/** 2025-06-18: adds a display `title`; no icons, description or website yet. */
export interface Implementation20250618 extends Implementation20250326 {
  title?: string;
}

/** 2025-06-18 client capabilities: `sampling` and `elicitation` take no sub-options; no `tasks`. */
export interface ClientCapabilities20250618 extends Pick<LegacyClientCapabilities, 'experimental' | 'roots'> {
  sampling?: object;
  elicitation?: object;
}

/** 2024-11-05 and 2025-03-26 client capabilities: no elicitation yet. */
export interface ClientCapabilities20250326 extends Omit<ClientCapabilities20250618, 'elicitation'> {}

/** 2025-03-26 and 2025-06-18 server capabilities: no `tasks`. */
export interface ServerCapabilities20250618 extends Omit<LegacyServerCapabilities, 'tasks'> {}

/** 2024-11-05 server capabilities: no `completions` flag (completion existed, undeclared). */
export interface ServerCapabilities20241105 extends Omit<ServerCapabilities20250618, 'completions'> {}

// --- Content

/** 2024-11-05 and 2025-03-26 annotations: no `lastModified`. */
export interface Annotations20250326 {
  audience?: Role[];
  priority?: number;
}

/** 2024-11-05: text, image or embedded resource; no audio, no resource links. */
export type ContentBlock20241105 = TextContent | ImageContent | EmbeddedResource;

/** 2025-03-26: adds audio; still no resource links. */
export type ContentBlock20250326 = TextContent | ImageContent | AudioContent | EmbeddedResource;

/**
 * The content blocks a peer on legacy revision `V` understands in tool
 * results and prompt messages.
 *
 * @example
 * const block: ContentBlockFor<'2024-11-05'> = { type: 'text', text: 'hi' };
 */
export type ContentBlockFor<V extends LegacyProtocolVersion> = V extends '2024-11-05'
  ? ContentBlock20241105
  : V extends '2025-03-26'
    ? ContentBlock20250326
    : ContentBlock;

// --- Tools

/** A tool's input schema before 2025-11-25: no `$schema`. */
export interface ToolInputSchema20250618 {
  type: 'object';
  properties?: { [key: string]: object };
  required?: string[];
}

/** 2024-11-05 tool: name, description and input schema only. */
export interface Tool20241105 {
  name: string;
  description?: string;
  inputSchema: ToolInputSchema20250618;
}

/** 2025-03-26 tool: adds behaviour `annotations`. */
export interface Tool20250326 extends Tool20241105 {
  annotations?: ToolAnnotations;
}

/** 2025-06-18 tool: adds `title`, `outputSchema` (object-only, no `$schema`) and `_meta`; no icons or `execution`. */
export interface Tool20250618 extends Tool20250326 {
  title?: string;
  outputSchema?: ToolInputSchema20250618;
  _meta?: { [key: string]: unknown };
}

/** 2024-11-05 tool result: no audio, no resource links, no `structuredContent`. */
export interface CallToolResult20241105 extends LegacyResult {
  content: ContentBlock20241105[];
  isError?: boolean;
}

/** 2025-03-26 tool result: audio allowed; still no resource links or `structuredContent`. */
export interface CallToolResult20250326 extends LegacyResult {
  content: ContentBlock20250326[];
  isError?: boolean;
}

/** 2025-06-18 tool result: the same shape as 2025-11-25. */
export type CallToolResult20250618 = LegacyCallToolResult;

// --- Notifications and completion

/** 2024-11-05 progress: no `message`. */
export interface ProgressNotificationParams20241105
  extends Without<LegacyProgressNotificationParams, 'message'> {}

/** 2024-11-05 to 2025-06-18 cancellation: `requestId` is required. */
export interface CancelledNotificationParams20250618 extends LegacyNotificationParams {
  requestId: RequestId;
  reason?: string;
}

/** 2024-11-05 and 2025-03-26 name for {@link ResourceTemplateReference}; identical on the wire. */
export type ResourceReference = ResourceTemplateReference;

/** 2024-11-05 and 2025-03-26 completion params: no `context`, and prompt references have no `title`. */
export interface CompleteRequestParams20250326 extends LegacyRequestParams {
  ref: Omit<PromptReference, 'title'> | ResourceReference;
  argument: { name: string; value: string };
}

// --- Sampling

/** 2024-11-05 sampling content: text or image only. */
export type SamplingContent20241105 = TextContent | ImageContent;

/** 2025-03-26 and 2025-06-18 sampling content: text, image or audio; one block, no tool use. */
export type SamplingContent20250618 = TextContent | ImageContent | AudioContent;

/** 2024-11-05 sampling message. */
export interface SamplingMessage20241105 {
  role: Role;
  content: SamplingContent20241105;
}

/** 2025-03-26 and 2025-06-18 sampling message: exactly one block, no `_meta`. */
export interface SamplingMessage20250618 {
  role: Role;
  content: SamplingContent20250618;
}

/** 2025-03-26 and 2025-06-18 `sampling/createMessage` params: no `tools`, `toolChoice` or `task`. */
export interface CreateMessageRequestParams20250618
  extends Without<LegacyCreateMessageRequestParams, 'messages' | 'tools' | 'toolChoice' | 'task'> {
  messages: SamplingMessage20250618[];
}

/** 2024-11-05 `sampling/createMessage` params: messages hold text or images only. */
export interface CreateMessageRequestParams20241105
  extends Omit<CreateMessageRequestParams20250618, 'messages'> {
  messages: SamplingMessage20241105[];
}

/** 2025-03-26 and 2025-06-18 sampling result: one block; `toolUse` is not a listed stop reason. */
export interface CreateMessageResult20250618 extends LegacyResult, SamplingMessage20250618 {
  model: string;
  stopReason?: 'endTurn' | 'stopSequence' | 'maxTokens' | (string & {});
}

// --- Elicitation (2025-06-18; absent before)

/** 2025-06-18 text field: no `default`. */
export interface StringSchema20250618 extends Omit<StringSchema, 'default'> {}

/** 2025-06-18 numeric field: no `default`. */
export interface NumberSchema20250618 extends Omit<NumberSchema, 'default'> {}

/** 2025-06-18 choice field: single choice, labels via `enumNames`, no `default`. */
export interface EnumSchema20250618 extends Omit<LegacyTitledEnumSchema, 'default'> {}

/** 2025-06-18 form field. Boolean fields are unchanged since then. */
export type PrimitiveSchemaDefinition20250618 =
  | StringSchema20250618
  | NumberSchema20250618
  | BooleanSchema
  | EnumSchema20250618;

/** 2025-06-18 `elicitation/create` params: form mode only, no `mode` field, no `$schema`, no tasks. */
export interface ElicitRequestParams20250618 extends LegacyRequestParams {
  message: string;
  requestedSchema: {
    type: 'object';
    properties: { [key: string]: PrimitiveSchemaDefinition20250618 };
    required?: string[];
  };
}

/** 2025-06-18 elicitation result: answers are single values (no multi-select arrays). */
export interface ElicitResult20250618 extends LegacyResult {
  action: ElicitAction;
  content?: { [key: string]: string | number | boolean };
}
