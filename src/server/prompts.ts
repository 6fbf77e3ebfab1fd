/**
 * Prompts: registration, listing and `prompts/get` with argument checks.
 *
 * Prompt arguments are strings on the wire. A prompt declares them with a
 * Standard Schema or a JSON Schema object whose properties become the listed
 * arguments (name, description, required); missing required arguments and
 * values the schema refuses are -32602.
 */
import { InvalidParamsError } from '../protocol/errors.js';
import type {
  GetPromptResult,
  HandlerResult,
  Icon,
  Prompt,
  PromptArgument,
} from '../protocol/types/index.js';
import {
  type CompiledSchema,
  compileSchema,
  describeSchemaIssues,
  type SchemaSource,
} from '../schema/index.js';
import type { ServerContext } from './context.js';
import type { InputRequiredReturn } from './input-required.js';
import type { RegisteredEntry } from './registry.js';
import type { InferArgs } from './schema-types.js';

export type { PromptMessage } from '../protocol/types/index.js';

/**
 * What a prompt handler returns: the protocol's `GetPromptResult` as a handler
 * writes it (`resultType` is stamped by the codec).
 *
 * @example
 * const result: PromptResult = {
 *   description: 'Code review',
 *   messages: [{ role: 'user', content: { type: 'text', text: 'Review: let x = 1' } }],
 * };
 */
export type PromptResult = HandlerResult<GetPromptResult>;

/** Suggests values for one argument given what has been typed so far. */
export type ArgumentCompleter = (
  value: string,
  context: { arguments: Record<string, string> },
) => readonly string[] | Promise<readonly string[]>;

/** How a prompt is described; the same shape as the official SDK's `registerPrompt` config. */
export interface PromptConfig<TArgs extends SchemaSource | undefined = SchemaSource | undefined> {
  title?: string;
  description?: string;
  /** The arguments: a Standard Schema or a JSON Schema object of string properties. */
  argsSchema?: TArgs;
  /** Completion for arguments, by argument name. */
  complete?: Record<string, ArgumentCompleter>;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
  /** OAuth scopes a token needs to get it, on a server with `auth` (never listed). */
  scopes?: readonly string[];
}

/** What a prompt handler may return: the prompt, or a request for input first. */
export type PromptOutcome = PromptResult | InputRequiredReturn;

/** A prompt handler: `(args, ctx)` with arguments, `(ctx)` without. */
export type PromptHandler<TArgs extends SchemaSource | undefined> = TArgs extends undefined
  ? (ctx: ServerContext) => PromptOutcome | Promise<PromptOutcome>
  : (args: InferArgs<TArgs>, ctx: ServerContext) => PromptOutcome | Promise<PromptOutcome>;

/** The handle `registerPrompt` returns. */
export type RegisteredPrompt = RegisteredEntry<PromptConfig>;

/** A registered prompt. */
export interface PromptEntry {
  readonly name: string;
  readonly config: PromptConfig;
  readonly handler: (...args: never[]) => PromptOutcome | Promise<PromptOutcome>;
  readonly args: CompiledSchema | undefined;
  readonly required: readonly string[];
  /** The `Prompt` object `prompts/list` returns, built once. */
  readonly listing: Prompt;
}

/** Builds a prompt entry; compiles its argument schema once. */
export function createPromptEntry(
  name: string,
  config: PromptConfig,
  handler: PromptEntry['handler'],
): PromptEntry {
  const args =
    config.argsSchema === undefined ? undefined : compileSchema(config.argsSchema, { io: 'input' });
  const schema = (args?.jsonSchema ?? {}) as {
    properties?: Record<string, { description?: string; title?: string }>;
    required?: string[];
  };
  const required = Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : [];
  // Built field by field, in wire order; `name` is always set.
  const listing: Partial<Prompt> = { name };
  if (config.title !== undefined) listing.title = config.title;
  listing.description = config.description ?? config.title ?? name;
  const properties = schema.properties ?? {};
  const argumentList = Object.entries(properties).map(([argName, prop]) => {
    const arg: PromptArgument = { name: argName };
    if (prop && typeof prop.title === 'string') arg.title = prop.title;
    if (prop && typeof prop.description === 'string') arg.description = prop.description;
    arg.required = required.includes(argName);
    return arg;
  });
  if (argumentList.length > 0) listing.arguments = argumentList;
  if (config.icons !== undefined) listing.icons = config.icons;
  if (config._meta !== undefined) listing._meta = config._meta;
  return { name, config, handler, args, required, listing: listing as Prompt };
}

/** Runs one `prompts/get`. Bad arguments are -32602; handler errors propagate as JSON-RPC errors. */
export async function getPrompt(
  entry: PromptEntry,
  rawArgs: unknown,
  ctx: ServerContext,
): Promise<PromptOutcome> {
  const handler = entry.handler as (...args: unknown[]) => PromptOutcome | Promise<PromptOutcome>;
  if (!entry.args) return handler(ctx);
  const args = (rawArgs ?? {}) as Record<string, unknown>;
  const missing = entry.required.filter((name) => args[name] === undefined);
  if (missing.length > 0) {
    throw new InvalidParamsError(
      `Prompt ${entry.name} is missing required argument${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    );
  }
  const checked = await entry.args.validateAsync(args);
  if (!checked.ok) {
    throw new InvalidParamsError(
      `Invalid arguments for prompt ${entry.name}: ${describeSchemaIssues(checked.issues)}`,
    );
  }
  return handler(checked.value, ctx);
}
