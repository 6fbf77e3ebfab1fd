/**
 * One handler per verb. Each prints its result on stdout (human-readable, or
 * one JSON document with `--json`) and returns the exit code: 0, or 1 when a
 * tool reported an error. Errors thrown here are mapped to exit codes by the caller.
 */
import type { CallOptions, Client } from '../client/client.js';
import type { ListenFilter } from '../client/listen.js';
import { isFinalTaskStatus, type TaskHandle, type TaskState } from '../client/tasks.js';
import type { CallToolResult } from '../protocol/types/modern/tools.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '../protocol/versions.js';
import type { CliCommand, Verb } from './args.js';
import { checkToolArguments, toolArguments } from './args.js';
import { describeError, ExitCode, isConnectionLoss } from './errors.js';
import {
  describeTaskStatus,
  formatCompletion,
  formatNotification,
  formatPromptResult,
  formatPrompts,
  formatReadResult,
  formatResources,
  formatServer,
  formatTaskList,
  formatTaskState,
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
  /**
   * Connects to the same server again, pinned to a revision, with the same
   * options (quietly). Absent for a command, which would have to be started again.
   */
  connectWith?: (protocolVersion: string) => Promise<Client>;
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
  // Loaded only for this verb: the proxy brings the server along.
  proxy: async (ctx) => {
    await (await import('./proxy.js')).runProxy(ctx);
    return ExitCode.Ok;
  },

  async discover(ctx) {
    const { server } = ctx.client;
    const spoken = await revisionsSpoken(ctx);
    print(ctx, { ...server, spokenVersions: spoken }, () => formatServer(server, spoken));
    if (!ctx.command.options.json && ctx.connectWith === undefined) {
      ctx.say(
        'mcpkit: for a command, discover lists what its first answer said; trying each 2025 revision would start it again.\n',
      );
    }
    return ExitCode.Ok;
  },

  async tools(ctx) {
    const tools = await ctx.client.listAllTools(ctx.callOptions);
    print(ctx, { tools }, () => formatTools(tools));
    const extensions = ctx.client.server.capabilities.extensions;
    const runsTasks = typeof extensions === 'object' && extensions !== null && TASKS_EXTENSION in extensions;
    if (!ctx.command.options.json && runsTasks && tools.every((tool) => !('execution' in tool))) {
      ctx.say(
        'mcpkit: this server may run tools as tasks (tasks extension); its listing does not say which.\n',
      );
    }
    return ExitCode.Ok;
  },

  async call(ctx) {
    const [name = ''] = ctx.command.operands;
    const { pairs, jsonArgs } = ctx.command;
    // The schema types the --arg values and lets mistakes be named before the call.
    // A server that will not list its tools still takes the call, unchecked.
    const tools = await ctx.client.listAllTools(ctx.callOptions).catch((error: unknown) => {
      if (ctx.signal.aborted) throw error;
      return [];
    });
    const schema = tools.find((tool) => tool.name === name)?.inputSchema;
    const args = toolArguments(schema, pairs, jsonArgs);
    checkToolArguments(name, schema, pairs, args);
    const status = statusReporter(ctx, 'Ctrl-C cancels it');
    const task = await ctx.client.callToolTask(name, args, {
      ...ctx.progressOptions,
      onTaskStatus: status,
    });
    // An empty id: the server answered at once, and the handle only carries that result.
    const asTask = task.taskId !== '';
    let result: CallToolResult;
    try {
      result = asTask
        ? await task.result({ signal: ctx.signal })
        : (task.state.result as unknown as CallToolResult);
    } catch (error) {
      if (ctx.signal.aborted && !isFinalTaskStatus(task.state.status)) return cancelOnInterrupt(ctx, task);
      throw error;
    } finally {
      task.dispose();
    }
    print(ctx, asTask ? { ...task.state, result } : result, () =>
      formatToolResult(result as unknown as Record<string, unknown>),
    );
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

  async tasks(ctx) {
    const [action, taskId = ''] = ctx.command.operands;
    if (action === 'list') {
      const tasks: TaskState[] = [];
      for await (const task of ctx.client.listTasks(ctx.callOptions)) tasks.push(task);
      print(ctx, { tasks }, () => formatTaskList(tasks));
      return ExitCode.Ok;
    }
    const status = action === 'result' ? statusReporter(ctx, 'Ctrl-C stops waiting') : undefined;
    const task = await abortable(ctx.client.task(taskId, { onTaskStatus: status }), ctx.signal);
    try {
      if (action === 'get') {
        print(ctx, task.state, () => formatTaskState(task.state));
        return ExitCode.Ok;
      }
      if (action === 'cancel') {
        const before = task.state.status;
        await abortable(task.cancel(), ctx.signal);
        const after = task.state.status;
        print(ctx, task.state, () => formatTaskState(task.state));
        if (isFinalTaskStatus(before))
          ctx.say(`mcpkit: task ${taskId} had already ended (${before}); nothing to cancel.\n`);
        else if (after === 'cancelled') ctx.say(`mcpkit: cancelled task ${taskId}.\n`);
        else ctx.say(`mcpkit: task ${taskId} ended (${after}) before it could be cancelled.\n`);
        return ExitCode.Ok;
      }
      status?.(task.state);
      let result: Record<string, unknown>;
      try {
        result = await task.result({ signal: ctx.signal });
      } catch (error) {
        if (!ctx.signal.aborted) throw error;
        ctx.say(
          `mcpkit: stopped waiting; task ${taskId} goes on (mcpkit tasks cancel ${taskId} ... stops it).\n`,
        );
        return ExitCode.Interrupted;
      }
      print(ctx, result, () => formatToolResult(result));
      if (result.isError === true) {
        ctx.say(`mcpkit: task ${taskId} ended with a tool error (isError).\n`);
        return ExitCode.ServerError;
      }
      return ExitCode.Ok;
    } finally {
      task.dispose();
    }
  },
};

/**
 * Every revision mcpkit speaks that the server speaks too, newest first. What
 * `server/discover` lists is taken as said; each other revision (the 2025
 * handshake lists none but the one agreed) is tried with a connection pinned
 * to it, when the target can be connected to again without starting anything.
 */
async function revisionsSpoken(ctx: VerbContext): Promise<string[]> {
  const { server } = ctx.client;
  const known = new Set([server.protocolVersion, ...server.supportedVersions]);
  const connectWith = ctx.connectWith;
  if (connectWith !== undefined) {
    const untried = SUPPORTED_PROTOCOL_VERSIONS.filter((version) => !known.has(version));
    const tried = await Promise.all(
      untried.map(async (version) => {
        try {
          const probe = await connectWith(version);
          const agreed = probe.protocolVersion;
          await probe.close().catch(() => {});
          return agreed === version ? version : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    for (const version of tried) if (version !== undefined) known.add(version);
  }
  // mcpkit's own order (newest first), then anything the server listed that mcpkit does not speak.
  const ours = SUPPORTED_PROTOCOL_VERSIONS.filter((version) => known.has(version));
  return [...ours, ...[...known].filter((version) => !(ours as readonly string[]).includes(version))];
}

/** The tasks extension's identifier, as a server declares it (2026-07-28). */
const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/**
 * Tells each change of a task's status on stderr; the first time also says
 * what Ctrl-C does to it.
 */
function statusReporter(ctx: VerbContext, ctrlC: string): (state: TaskState) => void {
  let announced = false;
  let lastMessage: string | undefined;
  return (state) => {
    const note = announced ? '' : ` (${ctrlC})`;
    announced = true;
    // A task that ends often keeps its last working message: not worth repeating.
    const shown =
      isFinalTaskStatus(state.status) && state.statusMessage === lastMessage
        ? { status: state.status }
        : state;
    lastMessage = state.statusMessage;
    ctx.say(`mcpkit: task ${state.taskId}: ${describeTaskStatus(shown)}${note}\n`);
  };
}

/**
 * Ctrl-C while a call runs as a task: cancels the task on the server and
 * waits for the answer before the CLI exits (a second Ctrl-C exits at once).
 */
async function cancelOnInterrupt(ctx: VerbContext, task: TaskHandle<unknown>): Promise<number> {
  const { taskId } = task;
  ctx.say(`mcpkit: cancelling task ${taskId}...\n`);
  try {
    await task.cancel();
  } catch (error) {
    if (ctx.command.target.kind === 'command' && isConnectionLoss(error)) {
      // On a terminal, Ctrl-C reaches the server mcpkit started as well.
      ctx.say(`mcpkit: could not cancel task ${taskId}: the server exited too.\n`);
      return ExitCode.Interrupted;
    }
    ctx.say(
      `mcpkit: could not cancel task ${taskId}: ${describeError(error).replace(/\.$/, '')}. It may still run; try mcpkit tasks cancel ${taskId} ...\n`,
    );
    return ExitCode.ServerError;
  }
  if (task.state.status === 'cancelled') ctx.say(`mcpkit: cancelled task ${taskId}.\n`);
  else ctx.say(`mcpkit: task ${taskId} ended (${task.state.status}) before it could be cancelled.\n`);
  return ExitCode.Interrupted;
}

/** `promise`, or a rejection with the signal's reason once it aborts (the request itself goes on). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A template URI or a resource URI (has a scheme), not a prompt name. */
function isTemplateReference(reference: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(reference) || reference.includes('{');
}

function timeOfDay(): string {
  return new Date().toTimeString().slice(0, 8);
}
