/**
 * What a tool is: its definition as `tools/list` lists it and sampling hands it to a model.
 * Apart from the `tools/*` methods (tools.ts), so that sampling can name a tool without
 * depending on `tools/call`, which depends on Multi Round-Trip and so on sampling.
 */
import type { BaseMetadata, Icons, MetaObject, ToolAnnotations } from '../common.js';

/**
 * JSON Schema for a tool's arguments. The root must be `type: "object"`; any
 * JSON Schema 2020-12 keyword may appear (2020-12 is assumed without `$schema`).
 * A property schema may carry `x-mcp-header` to mirror its value into an HTTP header.
 */
export interface ToolInputSchema {
  /** Dialect URI; 2020-12 when absent. */
  $schema?: string;
  type: 'object';
  [key: string]: unknown;
}

/** JSON Schema for a tool's `structuredContent`; any 2020-12 schema, not only objects. */
export interface ToolOutputSchema {
  /** Dialect URI; 2020-12 when absent. */
  $schema?: string;
  [key: string]: unknown;
}

/**
 * A tool a server offers. Display name precedence: `title`, then
 * `annotations.title`, then `name`.
 *
 * @example
 * const tool: Tool = {
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 * };
 */
export interface Tool extends BaseMetadata, Icons {
  /** What the tool does; a hint for the model. */
  description?: string;
  /** Schema of the arguments object. */
  inputSchema: ToolInputSchema;
  /** Schema of `structuredContent` in the tool's results. */
  outputSchema?: ToolOutputSchema;
  /** Behaviour hints; advisory only. */
  annotations?: ToolAnnotations;
  _meta?: MetaObject;
}
