/**
 * 2025-11-25 sampling: a real server→client JSON-RPC request, which may run
 * as a task. Differences from 2026-07-28: params carry `_meta`/`task`, the
 * result is a `Result`, and tool results' `structuredContent` is an object.
 */
import type {
  AudioContent,
  ContentBlock,
  ImageContent,
  MetaObject,
  ModelPreferences,
  RequestEnvelope,
  Role,
  StopReason,
  TextContent,
  ToolChoice,
  ToolUseContent,
} from '../common.js';
import type { LegacyResult, LegacyResultMetaObject, TaskAugmentedRequestParams } from './base.js';
import type { LegacyTool } from './tools.js';

/** The outcome of a tool call, sent back to the model (2025-11-25). */
export interface LegacyToolResultContent {
  type: 'tool_result';
  /** The `id` of the `tool_use` this answers. */
  toolUseId: string;
  /** Unstructured output, as in a `tools/call` result. */
  content: ContentBlock[];
  /** Structured output as a JSON object. */
  structuredContent?: { [key: string]: unknown };
  /** True when the tool failed. */
  isError?: boolean;
  /** Keep this when replaying the message so providers can cache. */
  _meta?: MetaObject;
}

/** Content allowed in a 2025-11-25 sampling message. */
export type LegacySamplingMessageContentBlock =
  | TextContent
  | ImageContent
  | AudioContent
  | ToolUseContent
  | LegacyToolResultContent;

/** One turn of the conversation sent to, or returned by, the LLM. */
export interface LegacySamplingMessage {
  role: Role;
  /** One block or several. */
  content: LegacySamplingMessageContentBlock | LegacySamplingMessageContentBlock[];
  _meta?: MetaObject;
}

/** Params of `sampling/createMessage`. */
export interface LegacyCreateMessageRequestParams extends TaskAugmentedRequestParams {
  /** The conversation so far. */
  messages: LegacySamplingMessage[];
  /** Advisory model choice preferences. */
  modelPreferences?: ModelPreferences;
  /** System prompt the server suggests; the client may change or drop it. */
  systemPrompt?: string;
  /** Context to attach; `thisServer`/`allServers` are soft-deprecated and need `sampling.context`. */
  includeContext?: 'none' | 'thisServer' | 'allServers';
  /** Sampling temperature. */
  temperature?: number;
  /** Upper bound on generated tokens. */
  maxTokens: number;
  /** Sequences that end generation. */
  stopSequences?: string[];
  /** Provider-specific settings passed through to the LLM API. */
  metadata?: object;
  /** Tools the model may call; requires the client's `sampling.tools` capability. */
  tools?: LegacyTool[];
  /** How the model should use `tools`; requires `sampling.tools`. */
  toolChoice?: ToolChoice;
}

/**
 * Asks the client's LLM for a completion; the user should get to review both
 * the request and the answer.
 *
 * @example
 * const req: LegacyCreateMessageRequest = {
 *   jsonrpc: '2.0',
 *   id: 'srv-1',
 *   method: 'sampling/createMessage',
 *   params: { messages: [{ role: 'user', content: { type: 'text', text: 'Hi' } }], maxTokens: 20 },
 * };
 */
export interface LegacyCreateMessageRequest extends RequestEnvelope {
  method: 'sampling/createMessage';
  params: LegacyCreateMessageRequestParams;
}

/**
 * The generated message.
 *
 * @example
 * const result: LegacyCreateMessageResult = { role: 'assistant', content: { type: 'text', text: 'Hello' }, model: 'm-1' };
 */
export interface LegacyCreateMessageResult extends LegacyResult, LegacySamplingMessage {
  _meta?: LegacyResultMetaObject;
  /** Name of the model that produced the message. */
  model: string;
  /** Why generation stopped, when known. */
  stopReason?: StopReason;
}
