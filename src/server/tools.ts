/**
 * Tools: registration, listing and calling.
 *
 * A tool's schemas are compiled once, when it is registered; a call validates
 * its arguments (a failure is a tool error the model can read, SEP-1303), runs
 * the handler, checks `structuredContent` against the output schema, and
 * derives a text block from it when the handler gave none.
 */
import { InternalError, McpError } from '../protocol/errors.js';
import { extractParamHeaders, type ParamHeaderDeclaration } from '../protocol/http-headers.js';
import type {
  CallToolResult,
  ContentBlock,
  HandlerResult,
  Icon,
  Tool,
  ToolAnnotations,
  ToolInputSchema,
  ToolOutputSchema,
  WithOptional,
} from '../protocol/types/index.js';
import {
  type CompiledSchema,
  compileSchema,
  describeSchemaIssues,
  type SchemaSource,
} from '../schema/index.js';
import { isAppOnlyTool } from './app-extension.js';
import type { ServerContext } from './context.js';
import { asThrownError, markThrown } from './error-hook.js';
import type { InputRequiredReturn } from './input-required.js';
import type { RegisteredEntry } from './registry.js';
import type { InferArgs, InferStructuredContent } from './schema-types.js';
import type { ToolExecution } from './tasks/tool-execution.js';

export type { Icon, ToolAnnotations } from '../protocol/types/index.js';
export type { InferArgs } from './schema-types.js';

/**
 * Content a tool returns: text, image, audio, a resource link or an embedded
 * resource. The protocol's `ContentBlock`, under the name `mcpkit/server` has
 * always used.
 *
 * @example
 * const blocks: ToolContent[] = [
 *   { type: 'text', text: '18°C, cloudy' },
 *   { type: 'resource_link', uri: 'file:///forecast.json', name: 'forecast.json' },
 * ];
 */
export type ToolContent = ContentBlock;

/**
 * What a tool handler returns: the protocol's `CallToolResult` as a handler
 * writes it. `content` may be left out (a text block is derived from
 * `structuredContent`, or it is sent empty) and `resultType` is stamped by the
 * codec. `Structured` is the type of `structuredContent`, which
 * `registerTool` reads from the tool's `outputSchema`.
 *
 * @example
 * const ok: ToolResult<{ tempC: number }> = { structuredContent: { tempC: 18 } };
 * const failed: ToolResult = { content: [{ type: 'text', text: 'No such city' }], isError: true };
 */
export type ToolResult<Structured = unknown> = WithOptional<
  HandlerResult<CallToolResult<Structured>>,
  'content'
>;

/**
 * How a tool is described; the same shape as the official SDK's `registerTool` config.
 *
 * @example
 * const config: ToolConfig<typeof input, typeof output> = {
 *   description: 'Current temperature',
 *   inputSchema: input,
 *   outputSchema: output,
 *   annotations: { readOnlyHint: true },
 * };
 */
export interface ToolConfig<
  TInput extends SchemaSource | undefined = SchemaSource | undefined,
  TOutput extends SchemaSource | undefined = SchemaSource | undefined,
> {
  title?: string;
  description?: string;
  /** A Standard Schema (zod, valibot, arktype) or a plain JSON Schema 2020-12 object with `type: "object"`. */
  inputSchema?: TInput;
  /**
   * The shape of `structuredContent`; any JSON Schema root is allowed (SEP-2106). A Standard
   * Schema, or a JSON Schema written `as const`, also types what the handler returns.
   */
  outputSchema?: TOutput;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
  /** OAuth scopes a token needs to call it, on a server with `auth` (never listed). */
  scopes?: readonly string[];
  /** Whether it can run as a task (tasks extension; needs the server's `tasks` option). Default: never. */
  execution?: ToolExecution;
  /**
   * What a client that did not declare the MCP Apps extension is told of an app tool
   * (`registerAppTool` sets it; never listed as such).
   */
  [APP_FALLBACK]?: AppToolFallbackListing;
}

/**
 * The key of an app tool's fallback listing in its config. A symbol, so no wire field or
 * user field can collide with it; `registerAppTool` sets it.
 */
export const APP_FALLBACK: unique symbol = Symbol('mcpkit.appToolFallback');

/** How an app tool is listed to a client without the MCP Apps extension. */
export interface AppToolFallbackListing {
  /** The description listed instead of the tool's own. */
  readonly description?: string;
}

/** What a tool handler may return: its result (typed by the output schema) or a request for input. */
type ToolOutcome<TOutput> = ToolResult<InferStructuredContent<TOutput>> | InputRequiredReturn;

/**
 * A tool handler: `(args, ctx)` when the tool has an input schema, `(ctx)` when it has none.
 * The arguments are typed from `inputSchema` and `structuredContent` from `outputSchema`.
 *
 * @example
 * const handler: ToolHandler<typeof input, typeof output> = async ({ city }) => ({
 *   structuredContent: { tempC: await temperatureOf(city) },
 * });
 */
export type ToolHandler<
  TInput extends SchemaSource | undefined,
  TOutput extends SchemaSource | undefined = undefined,
> = TInput extends undefined
  ? (ctx: ServerContext) => ToolOutcome<TOutput> | Promise<ToolOutcome<TOutput>>
  : (args: InferArgs<TInput>, ctx: ServerContext) => ToolOutcome<TOutput> | Promise<ToolOutcome<TOutput>>;

/** The handle `registerTool` returns. */
export type RegisteredTool = RegisteredEntry<ToolConfig>;

/** A registered tool with its compiled schemas and its wire description. */
export interface ToolEntry {
  readonly name: string;
  readonly config: ToolConfig;
  readonly handler: (...args: never[]) => ToolResult | Promise<ToolResult>;
  readonly input: CompiledSchema | undefined;
  readonly output: CompiledSchema | undefined;
  /** The `Tool` object `tools/list` returns, built once. */
  readonly listing: Tool;
  /** The listing for a client without the MCP Apps extension, when it differs (an app tool's fallback). */
  readonly fallbackListing: Tool | undefined;
  /** Only an app may use it (`_meta.ui.visibility` leaves the model out): hidden from clients without apps. */
  readonly appOnly: boolean;
  /** Arguments mirrored into `Mcp-Param-*` headers (`x-mcp-header`, SEP-2243). */
  readonly paramHeaders: readonly ParamHeaderDeclaration[];
}

/**
 * The tool names the specification recommends (2025-11-25 and 2026-07-28, "Tool Names"):
 * 1 to 128 characters, each an ASCII letter, a digit, `_`, `-` or `.`. SEP-986 as first
 * proposed said 64 and allowed `/`; the revisions adopted 128 and no `/`.
 */
const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/** The input schema listed for a tool without one: an object with no properties. */
const NO_ARGUMENTS_SCHEMA = Object.freeze({ type: 'object', additionalProperties: false });

/**
 * Builds a tool entry: compiles its schemas (once) and its listing.
 * Warns (through `warn`) about names outside the portable set (SEP-986).
 */
export function createToolEntry(
  name: string,
  config: ToolConfig,
  handler: ToolEntry['handler'],
  warn: (message: string) => void,
): ToolEntry {
  if (!NAME_PATTERN.test(name)) {
    warn(
      `Tool name ${JSON.stringify(name)} is outside the portable set (1-128 characters of A-Z, a-z, 0-9, _, ., -); some clients may reject it`,
    );
  }
  const input =
    config.inputSchema === undefined ? undefined : compileSchema(config.inputSchema, { io: 'input' });
  if (input && !isObjectRootSchema(input.jsonSchema)) {
    throw new TypeError(`Tool ${JSON.stringify(name)}: inputSchema must describe an object (type: "object")`);
  }
  const output =
    config.outputSchema === undefined ? undefined : compileSchema(config.outputSchema, { io: 'output' });
  // Built field by field, in wire order; `name` and `inputSchema` are always set.
  const listing: Partial<Tool> = { name };
  if (config.title !== undefined) listing.title = config.title;
  // Always describe the tool: clients (and the conformance suite) expect a description.
  listing.description = config.description ?? config.title ?? name;
  // An input schema was checked above to have an object root.
  listing.inputSchema = (input ? input.jsonSchema : NO_ARGUMENTS_SCHEMA) as ToolInputSchema;
  // Any JSON Schema root may describe the output (SEP-2106); the protocol types it as an object.
  if (output) listing.outputSchema = output.jsonSchema as ToolOutputSchema;
  if (config.annotations !== undefined) listing.annotations = config.annotations;
  if (config.icons !== undefined) listing.icons = config.icons;
  if (config._meta !== undefined) listing._meta = config._meta;
  const headers = extractParamHeaders(listing.inputSchema);
  if (!headers.ok) {
    throw new TypeError(
      `Tool ${JSON.stringify(name)} has invalid x-mcp-header annotations, so conforming clients would drop it: ${headers.issues.map((issue) => issue.message).join('; ')}`,
    );
  }
  const fallback = config[APP_FALLBACK];
  return {
    name,
    config,
    handler,
    input,
    output,
    listing: listing as Tool,
    fallbackListing:
      fallback?.description === undefined
        ? undefined
        : ({ ...listing, description: fallback.description } as Tool),
    appOnly: isAppOnlyTool(listing),
    paramHeaders: headers.declarations,
  };
}

function isObjectRootSchema(schema: unknown): boolean {
  return schema !== null && typeof schema === 'object' && (schema as { type?: unknown }).type === 'object';
}

/**
 * A tool error result: what the model sees when a call fails in the tool (SEP-1303).
 * It carries no `structuredContent`, so any tool may return it, whatever its output schema.
 *
 * @example
 * server.registerTool('divide', { inputSchema, outputSchema }, ({ a, b }) =>
 *   b === 0 ? toolError('Cannot divide by zero') : { structuredContent: { quotient: a / b } },
 * );
 */
export function toolError(message: string): ToolResult<never> {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Runs one `tools/call`: validate, call, check and complete the result.
 * Handler exceptions become tool errors whose text `failed` decides (it also
 * reports them); protocol errors propagate.
 */
export async function callTool(
  entry: ToolEntry,
  args: unknown,
  ctx: ServerContext,
  failed: (thrown: unknown) => string,
): Promise<ToolResult> {
  const checked = entry.input ? await entry.input.validateAsync(args ?? {}) : undefined;
  if (checked && !checked.ok) {
    return toolError(`Invalid arguments for tool ${entry.name}: ${describeSchemaIssues(checked.issues)}`);
  }
  const handler = entry.handler as (...args: unknown[]) => ToolResult | Promise<ToolResult>;
  let result: ToolResult;
  try {
    result = await (checked ? handler(checked.value, ctx) : handler(ctx));
  } catch (error) {
    // Protocol errors (protocol conditions, MRTR control flow) travel as JSON-RPC errors, not tool results.
    if (error instanceof McpError) throw error;
    // The client reads `failed`'s text; middleware can still reach the exception (`thrownBy`).
    const thrown = asThrownError(error);
    return markThrown(toolError(failed(thrown)), thrown);
  }
  if (result === null || typeof result !== 'object') {
    throw new InternalError(
      `Tool ${entry.name} returned ${result === null ? 'null' : typeof result}, not a result object`,
    );
  }
  return completeResult(entry, result);
}

function completeResult(entry: ToolEntry, result: ToolResult): ToolResult {
  if (result.resultType === 'input_required') return result;
  const hasStructured = 'structuredContent' in result && result.structuredContent !== undefined;
  if (entry.output && !result.isError) {
    if (!hasStructured) {
      throw new InternalError(
        `Tool ${entry.name} declares an outputSchema but returned no structuredContent`,
      );
    }
    const checked = entry.output.validate(result.structuredContent);
    if (!checked.ok) {
      throw new InternalError(
        `Tool ${entry.name} returned structuredContent that does not match its outputSchema: ${describeSchemaIssues(checked.issues)}`,
      );
    }
  }
  if (hasStructured && (!Array.isArray(result.content) || result.content.length === 0)) {
    // Clients that read only content still see the data; required for non-object values (SEP-2106).
    return { ...result, content: [{ type: 'text', text: JSON.stringify(result.structuredContent) }] };
  }
  if (!Array.isArray(result.content)) return { ...result, content: [] };
  return result;
}
