/**
 * 2025-11-25 tools. Differences from 2026-07-28: schemas are object-only with
 * `properties`/`required`, tools may declare `execution.taskSupport`,
 * `structuredContent` must be an object, calls may run as tasks, and nothing is cacheable.
 */
import type { RequestEnvelope } from '../common.js';
import type { Tool } from '../modern/tool-definition.js';
import type { CallToolRequestParams, CallToolResult } from '../modern/tools.js';
import type {
  LegacyPaginatedRequestParams,
  LegacyPaginatedResult,
  LegacyResult,
  TaskAugmentedRequestParams,
} from './base.js';
import type { SharedParams, SharedResult, Without } from './derive.js';

/** JSON Schema for a tool's arguments, as 2025-11-25 describes it. */
export interface LegacyToolInputSchema {
  /** Dialect URI; 2020-12 when absent. */
  $schema?: string;
  type: 'object';
  /** Schema of each argument. */
  properties?: { [key: string]: object };
  /** Names of required arguments. */
  required?: string[];
}

/** JSON Schema for a tool's `structuredContent`, as 2025-11-25 describes it (always an object). */
export interface LegacyToolOutputSchema extends LegacyToolInputSchema {}

/** How a tool may be run (2025-11-25). */
export interface ToolExecution {
  /** Whether `tools/call` may (`optional`), must (`required`) or must not (`forbidden`, default) run as a task. */
  taskSupport?: 'forbidden' | 'optional' | 'required';
}

/**
 * A tool a 2025-11-25 server offers: a {@link Tool} with the 2025 schemas and `execution`.
 *
 * @example
 * const tool: LegacyTool = {
 *   name: 'get_weather',
 *   inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   execution: { taskSupport: 'optional' },
 * };
 */
export interface LegacyTool extends Without<Tool, 'inputSchema' | 'outputSchema'> {
  inputSchema: LegacyToolInputSchema;
  /** Task support. */
  execution?: ToolExecution;
  outputSchema?: LegacyToolOutputSchema;
}

/** Params of `tools/list`. */
export interface LegacyListToolsRequestParams extends LegacyPaginatedRequestParams {}

/** Asks a server for its tools, one page at a time. */
export interface LegacyListToolsRequest extends RequestEnvelope {
  method: 'tools/list';
  params?: LegacyListToolsRequestParams;
}

/** One page of tools. */
export interface LegacyListToolsResult extends LegacyPaginatedResult {
  /** The tools on this page. */
  tools: LegacyTool[];
}

/** Params of `tools/call`: the modern ones, with `task` instead of the retry fields. */
export interface LegacyCallToolRequestParams
  extends TaskAugmentedRequestParams,
    SharedParams<CallToolRequestParams> {}

/**
 * Runs a tool. With a `task` param the answer is a `CreateTaskResult` instead.
 *
 * @example
 * const req: LegacyCallToolRequest = {
 *   jsonrpc: '2.0',
 *   id: 2,
 *   method: 'tools/call',
 *   params: { name: 'get_weather', arguments: { city: 'Paris' } },
 * };
 */
export interface LegacyCallToolRequest extends RequestEnvelope {
  method: 'tools/call';
  params: LegacyCallToolRequestParams;
}

/**
 * What a tool returned: the modern {@link CallToolResult} without `resultType`, and
 * `structuredContent` is an object.
 *
 * @example
 * const result: LegacyCallToolResult = {
 *   content: [{ type: 'text', text: '18°C' }],
 *   structuredContent: { celsius: 18 },
 * };
 */
export interface LegacyCallToolResult
  extends LegacyResult,
    SharedResult<CallToolResult, 'structuredContent'> {
  /** Output as a JSON object, matching the tool's `outputSchema` if it has one. */
  structuredContent?: { [key: string]: unknown };
}
