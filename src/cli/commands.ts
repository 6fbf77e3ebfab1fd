/**
 * One handler per verb. Each prints its result on stdout (human-readable, or
 * one JSON document with `--json`) and returns the exit code: 0, or 1 when a
 * tool reported an error. Errors thrown here are mapped to exit codes by the caller.
 */
import type { CallOptions, Client } from '../client/client.js';
import type { ListenFilter } from '../client/listen.js';
import type { CliCommand, Verb } from './args.js';
import { toolArguments } from './args.js';
import { ExitCode } from './errors.js';
import {
  formatCompletion,
  formatNotification,
  formatPromptResult,
  formatPrompts,
  formatReadResult,
  formatResources,
  formatServer,
  formatTemplates,
  formatToolResult,
  formatTools,
} from './output.js';

/**
 * What a verb handler gets.
 *
 * @example
 * const code = await VERB_HANDLERS.tools({ client, command, stdout, say, signal, callOptions, progressOptions });
 */
export interface VerbContext {
  client: Client;
  command: CliCommand;
  /** Writes to stdout. */
  stdout(text: string): void;
  /** Writes to stderr (clearing any progress bar first). */
  say(text: string): void;
  /** Aborts on Ctrl-C. */
  signal: AbortSignal;
  /** Options for list-style requests (signal, timeout). */
  callOptions: CallOptions;
  /** The same, plus progress reporting, for calls that may take a while. */
  progressOptions: CallOptions;
}

/**
 * Runs one verb; resolves to the exit code.
 *
 * @example
 * const handler: VerbHandler = async (ctx) => { ctx.stdout('hi\n'); return 0; };
 */
export type VerbHandler = (ctx: VerbContext) => Promise<number>;

const LISTEN_ACK = 'notifications/subscriptions/acknowledged';

/** Prints a result as JSON or as text. */
function print(ctx: VerbContext, value: unknown, human: () => string): void {
  ctx.stdout(ctx.command.options.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/**
 * The handler of each verb.
 *
 * @example
 * process.exitCode = await VERB_HANDLERS[command.verb](ctx);
 */
export const VERB_HANDLERS: Record<Verb, VerbHandler> = {
  async discover(ctx) {
    print(ctx, ctx.client.server, () => formatServer(ctx.client.server));
    return ExitCode.Ok;
  },

  async tools(ctx) {
    const tools = await ctx.client.listAllTools(ctx.callOptions);
    print(ctx, { tools }, () => formatTools(tools));
    return ExitCode.Ok;
  },

  async call(ctx) {
    const [name = ''] = ctx.command.operands;
    const { pairs, jsonArgs } = ctx.command;
    let schema: unknown;
    if (pairs.length > 0) {
      const tools = await ctx.client.listAllTools(ctx.callOptions);
      schema = tools.find((tool) => tool.name === name)?.inputSchema;
    }
    const args = toolArguments(schema, pairs, jsonArgs);
    const result = await ctx.client.callTool(name, args, ctx.progressOptions);
    print(ctx, result, () => formatToolResult(result as unknown as Record<string, unknown>));
    if (result.isError === true) {
      ctx.say(`mcpkit: tool ${name} reported an error (isError).\n`);
      return ExitCode.ServerError;
    }
    return ExitCode.Ok;
  },

  async resources(ctx) {
    const resources = await ctx.client.listAllResources(ctx.callOptions);
    print(ctx, { resources }, () => formatResources(resources));
    return ExitCode.Ok;
  },

  async read(ctx) {
    const [uri = ''] = ctx.command.operands;
    const result = await ctx.client.readResource(uri, ctx.progressOptions);
    print(ctx, result, () => formatReadResult(result));
    return ExitCode.Ok;
  },

  async templates(ctx) {
    const resourceTemplates = await ctx.client.listAllResourceTemplates(ctx.callOptions);
    print(ctx, { resourceTemplates }, () => formatTemplates(resourceTemplates));
    return ExitCode.Ok;
  },

  async prompts(ctx) {
    const prompts = await ctx.client.listAllPrompts(ctx.callOptions);
    print(ctx, { prompts }, () => formatPrompts(prompts));
    return ExitCode.Ok;
  },

  async prompt(ctx) {
    const [name = ''] = ctx.command.operands;
    const result = await ctx.client.getPrompt(
      name,
      Object.fromEntries(ctx.command.pairs),
      ctx.progressOptions,
    );
    print(ctx, result, () => formatPromptResult(result));
    return ExitCode.Ok;
  },

  async complete(ctx) {
    const [reference = '', argument = '', value = ''] = ctx.command.operands;
    const ref = isTemplateReference(reference)
      ? { type: 'ref/resource' as const, uri: reference }
      : { type: 'ref/prompt' as const, name: reference };
    const context = ctx.command.pairs.length > 0 ? Object.fromEntries(ctx.command.pairs) : undefined;
    const result = await ctx.client.complete(ref, { name: argument, value }, context, ctx.callOptions);
    print(ctx, result, () => formatCompletion(result));
    const completion = result.completion as
      | { values?: unknown[]; total?: number; hasMore?: boolean }
      | undefined;
    if (!ctx.command.options.json && completion?.hasMore) {
      const shown = completion.values?.length ?? 0;
      ctx.say(
        `mcpkit: ${shown} shown${completion.total ? ` of ${completion.total}` : ''}; type more to narrow.\n`,
      );
    }
    return ExitCode.Ok;
  },

  async listen(ctx) {
    const { client, command } = ctx;
    if (client.server.era !== 'modern') {
      ctx.say(
        `mcpkit: listen needs a server on 2026-07-28 (subscriptions/listen); this one speaks ${client.protocolVersion}.\n`,
      );
      return ExitCode.ServerError;
    }
    const { listen } = command;
    const filter: ListenFilter = {};
    if (listen.tools) filter.toolsListChanged = true;
    if (listen.prompts) filter.promptsListChanged = true;
    if (listen.resources) filter.resourcesListChanged = true;
    if (listen.resourceUris.length > 0) filter.resourceSubscriptions = [...listen.resourceUris];
    let seen = 0;
    let ended = true;
    for await (const notification of client.listen(filter, { signal: ctx.signal })) {
      if (command.options.json) ctx.stdout(`${JSON.stringify(notification)}\n`);
      else if (notification.method === LISTEN_ACK)
        ctx.say(`mcpkit: ${formatNotification(notification)} (Ctrl-C to stop)\n`);
      else ctx.stdout(`${timeOfDay()} ${formatNotification(notification)}\n`);
      if (notification.method !== LISTEN_ACK) seen++;
      if (listen.count !== undefined && seen >= listen.count) {
        ended = false;
        break;
      }
    }
    if (ended && !ctx.signal.aborted) ctx.say('mcpkit: the server ended the subscription.\n');
    return ExitCode.Ok;
  },
};

/** A template URI or a resource URI (has a scheme), not a prompt name. */
function isTemplateReference(reference: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(reference) || reference.includes('{');
}

function timeOfDay(): string {
  return new Date().toTimeString().slice(0, 8);
}
