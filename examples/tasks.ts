/**
 * The tasks extension (`io.modelcontextprotocol/tasks`): long work runs in the
 * background, and the client follows it instead of holding a request open.
 * A client that declares the extension on a `tools/call` may get back
 * `resultType: "task"` with a `taskId`; it polls `tasks/get` (which inlines
 * the result once `completed`), answers questions with `tasks/update` while
 * the task is `input_required`, and stops it with `tasks/cancel`. Clients that
 * do not declare it get ordinary answers from the same handlers.
 *
 *   node --import tsx examples/tasks.ts [--port N]
 */
import { z } from 'zod';
import { McpServer } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

/** Waits `ms`, or rejects as soon as `signal` aborts (the client cancelled the task). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Builds the example server. `stepMs` is how long each step of the work takes. */
export function createTasksServer(stepMs = 200): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-tasks-example', version: '0.1.0' },
    // Tasks live an hour; clients are told to poll every half second.
    { tasks: { ttlMs: 60 * 60_000, pollIntervalMs: 500 } },
  );

  // Optional task support: a task for clients that declared the extension, an ordinary
  // (slow) call for the others. The handler is the same either way.
  server.registerTool(
    'export_report',
    {
      description: 'Exports a quarterly report; takes a while.',
      inputSchema: z.object({ quarter: z.enum(['Q1', 'Q2', 'Q3', 'Q4']) }),
      execution: { taskSupport: 'optional' },
    },
    async ({ quarter }, ctx) => {
      for (const step of ['collecting', 'aggregating', 'rendering']) {
        await ctx.task.setStatusMessage(`${quarter}: ${step}`);
        await pause(stepMs, ctx.signal);
      }
      return { content: [{ type: 'text', text: `Report for ${quarter} is ready.` }] };
    },
  );

  // Required task support, created once the handler says so: the question comes first, in
  // ordinary Multi Round-Trip rounds; the purge itself runs as a task. A client that did
  // not declare the extension is refused with -32021.
  server.registerTool(
    'purge_archive',
    {
      description: 'Deletes archived records older than a number of days, after confirmation.',
      inputSchema: z.object({ olderThanDays: z.number().int().min(30) }),
      execution: { taskSupport: 'required', createTask: 'when-started' },
    },
    async ({ olderThanDays }, ctx) => {
      const answer = await ctx.elicit({
        message: `Delete every archived record older than ${olderThanDays} days?`,
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: 'Yes, delete them' } },
          required: ['confirm'],
        },
      });
      if (answer.action !== 'accept' || answer.content?.confirm !== true) {
        return { content: [{ type: 'text', text: 'Nothing deleted.' }] };
      }
      await ctx.task.start('Purging');
      await pause(stepMs, ctx.signal);
      return { content: [{ type: 'text', text: `Purged records older than ${olderThanDays} days.` }] };
    },
  );

  // Questions asked inside a running task park it in input_required until tasks/update.
  server.registerTool(
    'publish_post',
    {
      description: 'Drafts a post, then asks for approval before publishing it.',
      inputSchema: z.object({ title: z.string() }),
      execution: { taskSupport: 'optional' },
    },
    async ({ title }, ctx) => {
      await pause(stepMs, ctx.signal);
      const review = await ctx.elicit({
        message: `Publish "${title}"?`,
        requestedSchema: {
          type: 'object',
          properties: { approve: { type: 'boolean', title: 'Approve' } },
          required: ['approve'],
        },
      });
      const approved = review.action === 'accept' && review.content?.approve === true;
      return { content: [{ type: 'text', text: approved ? `Published "${title}".` : 'Kept as a draft.' }] };
    },
  );

  return server;
}

/** `node --import tsx examples/tasks.ts [--port N]` */
export function main(argv: readonly string[]) {
  return serveFromCommandLine(createTasksServer(), argv, 'Tasks example');
}

runIfMain(import.meta.url, main);
