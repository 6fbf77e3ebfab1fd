/**
 * Sampling in 2026-07-28: a server asks the client's LLM for a completion,
 * optionally letting it call tools. Deprecated as of 2026-07-28 (SEP-2577) and
 * sent only as an input request inside an `InputRequiredResult`.
 */
import type { JSONObject } from '../../jsonrpc.js';
import type {
  AudioContent,
  ContentBlock,
  ImageContent,
  MetaObject,
  ModelPreferences,
  Role,
  StopReason,
  TextContent,
  ToolChoice,
  ToolUseContent,
} from '../common.js';
import type { Tool } from './tool-definition.js';

/**
 * The outcome of a tool call, sent back to the model in a follow-up sampling request.
 *
 * @deprecated Sampling is deprecated as of 2026-07-28 (SEP-2577).
 */
export interface ToolResultContent {
  type: 'tool_result';
  /** The `id` of the `tool_use` this answers. */
  toolUseId: string;
  /** Unstructured output, as in a `tools/call` result. */
  content: ContentBlock[];
  /** Structured output: any JSON value, matching the tool's output schema if it has one. */
  structuredContent?: unknown;
  /** True when the tool failed; `content` then explains why. */
  isError?: boolean;
  /** Keep this when replaying the message so providers can cache. */
  _meta?: MetaObject;
}

/**
 * Content allowed in a sampling message.
 *
 * @deprecated Sampling is deprecated as of 2026-07-28 (SEP-2577).
 */
export type SamplingMessageContentBlock =
  | TextContent
  | ImageContent
  | AudioContent
  | ToolUseContent
  | ToolResultContent;

/**
 * One turn of the conversation sent to, or returned by, the LLM.
 *
 * @deprecated Sampling is deprecated as of 2026-07-28 (SEP-2577).
 */
export interface SamplingMessage {
  role: Role;
  /** One block or several. */
  content: SamplingMessageContentBlock | SamplingMessageContentBlock[];
  _meta?: MetaObject;
}

/**
 * Params of `sampling/createMessage`. Unlike 2025-11-25 there is no `_meta` or `task` here.
 *
 * @deprecated Sampling is deprecated as of 2026-07-28 (SEP-2577).
 */
export interface CreateMessageRequestParams {
  /** The conversation so far. */
  messages: SamplingMessage[];
  /** Advisory model choice preferences. */
  modelPreferences?: ModelPreferences;
  /** System prompt the server suggests; the client may change or drop it. */
  systemPrompt?: string;
  /**
   * Context from MCP servers to attach; `none` by default. `thisServer` and
   * `allServers` are deprecated and need the client's `sampling.context` capability.
   */
  includeContext?: 'none' | 'thisServer' | 'allServers';
  /** Sampling temperature. */
  temperature?: number;
  /** Upper bound on generated tokens; the client may stop sooner. */
  maxTokens: number;
  /** Sequences that end generation. */
  stopSequences?: string[];
  /** Provider-specific settings passed through to the LLM API. */
  metadata?: JSONObject;
  /** Tools the model may call; requires the client's `sampling.tools` capability. */
  tools?: Tool[];
  /** How the model should use `tools`; `{ mode: 'auto' }` when absent. Requires `sampling.tools`. */
  toolChoice?: ToolChoice;
}

/**
 * A `sampling/createMessage` input request.
 *
 * @deprecated Sampling is deprecated as of 2026-07-28 (SEP-2577).
 * @example
 * const ask: CreateMessageRequest = {
 *   method: 'sampling/createMessage',
 *   params: { messages: [{ role: 'user', content: { type: 'text', text: 'Capital of France?' } }], maxTokens: 50 },
 * };
 */
export interface CreateMessageRequest {
  method: 'sampling/createMessage';
  params: CreateMessageRequestParams;
}

/**
 * The client's answer to a sampling input request: the generated message.
 * Note: in 2026-07-28 this is not a `Result` (no `resultType`).
 *
 * @deprecated Sampling is deprecated as of 2026-07-28 (SEP-2577).
 * @example
 * const answer: CreateMessageResult = {
 *   role: 'assistant',
 *   content: { type: 'text', text: 'Paris.' },
 *   model: 'some-model-1',
 *   stopReason: 'endTurn',
 * };
 */
export interface CreateMessageResult extends SamplingMessage {
  /** Name of the model that produced the message. */
  model: string;
  /** Why generation stopped, when known; `toolUse` means the model wants to call tools. */
  stopReason?: StopReason;
}
