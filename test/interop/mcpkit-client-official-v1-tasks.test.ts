/**
 * mcpkit's Client runs the official v1 server's task tools (2025-11-25 core tasks, SEP-1686,
 * served with v1's own task store): the task-only tool is called as a task without being asked
 * to, polled at the server's interval, its result fetched with tasks/result; another is
 * cancelled; tasks/list shows both; and the server's task-augmented elicitation runs as a task on
 * the client (the receiver side). Over HTTP and stdio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  type ClientOptions,
  TaskCancelledByServerError,
  type TaskState,
} from '../../src/entries/client.js';
import { type RunningServer, startOfficialV1Http, stdioFixture } from './harness.js';

let http: RunningServer;
beforeAll(async () => {
  http = await startOfficialV1Http();
});
afterAll(async () => {
  await http?.close();
});

const transports: [string, (options?: ClientOptions) => Promise<Client>][] = [
  ['HTTP', (options) => Client.connect(http.url, { ...options, protocolVersion: '2025-11-25' })],
  ['stdio', (options) => Client.connect(stdioFixture('official-v1-stdio'), options)],
];

for (const [name, connect] of transports) {
  describe(`mcpkit Client → official v1 server tasks (${name})`, () => {
    it('runs a task-only tool to completion, seeing working then completed', async () => {
      const client = await connect();
      try {
        expect(client.server.protocolVersion).toBe('2025-11-25');
        const seen: TaskState[] = [];
        const result = await client.callTool(
          'slow_report',
          { topic: 'tides' },
          { onTaskStatus: (s) => seen.push(s) },
        );
        expect(result.content).toEqual([{ type: 'text', text: 'Report on tides' }]);
        expect(seen[0]).toMatchObject({ status: 'working', ttlMs: 60_000, pollIntervalMs: 50 });
        expect(seen.at(-1)?.status).toBe('completed');
      } finally {
        await client.close();
      }
    });

    it('runs the server’s task-augmented elicitation as a client task (tasks/get, tasks/result)', async () => {
      const client = await connect({
        onElicit: async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return { action: 'accept', content: { name: 'Ada' } };
        },
      });
      try {
        const result = await client.callTool('ask_as_task');
        expect(result.content).toEqual([{ type: 'text', text: 'working > completed: Hello, Ada!' }]);
      } finally {
        await client.close();
      }
    });

    it('cancels a running task and lists the caller’s tasks', async () => {
      const client = await connect();
      try {
        const task = await client.callToolTask('endless');
        expect(task.taskId).not.toBe('');
        expect((await task.get()).status).toBe('working');
        await task.cancel();
        expect(task.state.status).toBe('cancelled');
        await expect(task.result()).rejects.toBeInstanceOf(TaskCancelledByServerError);
        const listed: TaskState[] = [];
        for await (const state of client.listTasks()) listed.push(state);
        expect(listed.find((t) => t.taskId === task.taskId)?.status).toBe('cancelled');
      } finally {
        await client.close();
      }
    });
  });
}
