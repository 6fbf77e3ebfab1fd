/**
 * 2025-11-25 tools. Differences from 2026-07-28: schemas are object-only with
 * `properties`/`required`, tools may declare `execution.taskSupport`,
 * `structuredContent` must be an object, calls may run as tasks, and nothing is cacheable.
 */
import type {
  BaseMetadata,
  ContentBlock,
  Icons,
  MetaObject,
  RequestEnvelope,
  ToolAnnotations,
} from '../common.js';
import type {
  LegacyPaginatedRequestParams,
  LegacyPaginatedResult,
  LegacyResult,
  TaskAugmentedRequestParams,
} from './base.js';

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
export interface LegacyToolOutputSchema {
  /** Dialect URI; 2020-12 when absent. */
  $schema?: string;
  type: 'object';
  /** Schema of each output field. */
  properties?: { [key: string]: object };
  /** Names of fields always present. */
  required?: string[];
}

/** How a tool may be run (2025-11-25). */
export interface ToolExecution {
  /** Whether `tools/call` may (`optional`), must (`required`) or must not (`forbidden`, default) run as a task. */
  taskSupport?: 'forbidden' | 'optional' | 'required';
}

/**
 * A tool a 2025-11-25 server offers.
 *
 * @example
 * const tool: LegacyTool = {
 *   name: 'get_weather',
 *   inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   execution: { taskSupport: 'optional' },
 * };
 */
export interface LegacyTool extends BaseMetadata, Icons {
  /** What the tool does; a hint for the model. */
  description?: string;
  /** Schema of the arguments object. */
  inputSchema: LegacyToolInputSchema;
  /** Task support. */
  execution?: ToolExecution;
  /** Schema of `structuredContent` in the tool's results. */
  outputSchema?: LegacyToolOutputSchema;
  /** Behaviour hints; advisory only. */
  annotations?: ToolAnnotations;
  _meta?: MetaObject;
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

/** Params of `tools/call`. */
export interface LegacyCallToolRequestParams extends TaskAugmentedRequestParams {
  /** Which tool to run. */
  name: string;
  /** The arguments, matching the tool's input schema. */
  arguments?: { [key: string]: unknown };
}

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
 * What a tool returned. Tool failures go here with `isError: true`, not in a JSON-RPC error.
 *
 * @example
 * const result: LegacyCallToolResult = {
 *   content: [{ type: 'text', text: '18°C' }],
 *   structuredContent: { celsius: 18 },
 * };
 */
export interface LegacyCallToolResult extends LegacyResult {
  /** Output for the model and the user. */
  content: ContentBlock[];
  /** Output as a JSON object, matching the tool's `outputSchema` if it has one. */
  structuredContent?: { [key: string]: unknown };
  /** True when the tool failed; absent means success. */
  isError?: boolean;
}
