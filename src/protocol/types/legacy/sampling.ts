/**
 * 2025-11-25 sampling: a real server→client JSON-RPC request, which may run
 * as a task. Differences from 2026-07-28: params carry `_meta`/`task`, the
 * result is a `Result`, and tool results' `structuredContent` is an object.
 */
import type {
  AudioContent,
  ImageContent,
  MetaObject,
  RequestEnvelope,
  Role,
  TextContent,
  ToolUseContent,
} from '../common.js';
import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  SamplingMessage,
  ToolResultContent,
} from '../modern/sampling.js';
import type { LegacyResult, LegacyResultMetaObject, TaskAugmentedRequestParams } from './base.js';
import type { Without } from './derive.js';
import type { LegacyTool } from './tools.js';

/** The outcome of a tool call (2025-11-25): the modern {@link ToolResultContent}, `structuredContent` an object. */
export interface LegacyToolResultContent extends Without<ToolResultContent, 'structuredContent'> {
  /** Structured output as a JSON object. */
  structuredContent?: { [key: string]: unknown };
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

/** Params of `sampling/createMessage`: the modern ones with 2025 messages and tools, and `task`. */
export interface LegacyCreateMessageRequestParams
  extends TaskAugmentedRequestParams,
    Without<CreateMessageRequestParams, 'messages' | 'metadata' | 'tools'> {
  /** The conversation so far. */
  messages: LegacySamplingMessage[];
  /** Provider-specific settings passed through to the LLM API. */
  metadata?: object;
  /** Tools the model may call; requires the client's `sampling.tools` capability. */
  tools?: LegacyTool[];
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
export interface LegacyCreateMessageResult
  extends LegacyResult,
    LegacySamplingMessage,
    Without<CreateMessageResult, keyof SamplingMessage> {
  _meta?: LegacyResultMetaObject;
}
