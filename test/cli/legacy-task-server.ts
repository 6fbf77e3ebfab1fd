/**
 * A 2025-11-25 server with core tasks (SEP-1686) for the CLI tests: the
 * official SDK v1 server with its experimental in-memory task store, on
 * `node:http` with one session per `initialize`. `crunch` runs only as a task
 * (`execution.taskSupport: 'required'`), `tally` may run as one, `plain`
 * never does. Every task the server saw cancelled is recorded.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryTaskMessageQueue, InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/**
 * The running server: its URL, the shared task store, and the ids of the
 * tasks that were cancelled while they ran.
 *
 * @example
 * const legacy = await startLegacyTaskServer(5000);
 * await runCli(['call', 'crunch', '--arg', 'steps=2', legacy.url]);
 */
export interface LegacyTaskServer {
  url: string;
  store: InMemoryTaskStore;
  /** Ids of tasks whose work saw the cancellation and stopped. */
  stopped: Set<string>;
  close(): Promise<void>;
}

/**
 * Starts the server on a free port. Each step of a task's work takes `stepMs`.
 *
 * @example
 * const legacy = await startLegacyTaskServer(50);
 */
export async function startLegacyTaskServer(stepMs: number): Promise<LegacyTaskServer> {
  const store = new InMemoryTaskStore();
  const queue = new InMemoryTaskMessageQueue();
  const stopped = new Set<string>();

  /** The task's work: `steps` steps with a status message each, stopping once the task is cancelled. */
  const work = async (taskId: string, steps: number, sessionId: string | undefined) => {
    for (let step = 1; step <= steps; step++) {
      const now = await store.getTask(taskId, sessionId);
      if (now?.status === 'cancelled') {
        stopped.add(taskId);
        return;
      }
      await store.updateTaskStatus(taskId, 'working', `step ${step} of ${steps}`, sessionId);
      await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
    if ((await store.getTask(taskId, sessionId))?.status === 'cancelled') {
      stopped.add(taskId);
      return;
    }
    await store.storeTaskResult(
      taskId,
      'completed',
      { content: [{ type: 'text', text: `crunched ${steps} steps` }] },
      sessionId,
    );
  };

  const build = () => {
    const server = new McpServer(
      { name: 'legacy-tasks', version: '1.0.0' },
      {
        capabilities: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } },
        taskStore: store,
        taskMessageQueue: queue,
      },
    );
    for (const [name, taskSupport] of [
      ['crunch', 'required'],
      ['tally', 'optional'],
    ] as const) {
      server.experimental.tasks.registerToolTask(
        name,
        {
          description: `Crunches numbers (${taskSupport} task).`,
          inputSchema: { steps: z.number().int() },
          execution: { taskSupport },
        },
        {
          createTask: async ({ steps }, extra) => {
            const task = await extra.taskStore.createTask({ ttl: 60_000, pollInterval: 50 });
            void work(task.taskId, steps, extra.sessionId);
            return { task };
          },
          getTask: async (_args, extra) => {
            const task = await extra.taskStore.getTask(extra.taskId);
            if (!task) throw new Error(`no task ${extra.taskId}`);
            return task;
          },
          getTaskResult: async (_args, extra) =>
            (await extra.taskStore.getTaskResult(extra.taskId)) as { content: [] },
        },
      );
    }
    server.registerTool('plain', { description: 'Answers at once.' }, async () => ({
      content: [{ type: 'text', text: 'plain answer' }],
    }));
    return server;
  };

  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const id = req.headers['mcp-session-id'];
    let transport = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!transport && typeof id === 'string') {
      res.writeHead(404).end();
      return;
    }
    if (!transport) {
      const fresh = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, fresh);
        },
      });
      await build().connect(fresh);
      transport = fresh;
    }
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    store,
    stopped,
    close: async () => {
      await Promise.all([...sessions.values()].map((transport) => transport.close().catch(() => {})));
      store.cleanup();
      await new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      });
    },
  };
}
