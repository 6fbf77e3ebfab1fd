/**
 * The official v1 client (`@modelcontextprotocol/sdk`) running mcpkit tools
 * as 2025-11-25 core tasks over HTTP (`serveHttp`) and stdio (a child process): `callToolStream` sees the
 * task created, polls it to the end and fetches the result; an elicitation
 * inside a task reaches its handler through `tasks/result`; `cancelTask`
 * aborts the handler's signal.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import type { McpServer } from '../../src/entries/server.js';
import { createCoreTasksServer } from '../fixtures/interop/mcpkit-core-tasks-server.js';

let running: Awaited<ReturnType<typeof serveHttp>>;
let server: McpServer;

beforeAll(async () => {
  server = createCoreTasksServer();
  running = await serveHttp(server, { port: 0 });
});

afterAll(async () => {
  server?.close();
  await running?.close();
});

const stdioServer = fileURLToPath(new URL('../fixtures/interop/mcpkit-core-tasks-stdio.ts', import.meta.url));

const transports: [string, () => Transport][] = [
  ['HTTP', () => new StreamableHTTPClientTransport(running.url)],
  [
    'stdio',
    () => new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', stdioServer] }),
  ],
];

for (const [wire, transport] of transports) {
  async function connect() {
    const client = new Client(
      { name: 'official-v1-client', version: '1.32.2' },
      { capabilities: { elicitation: { form: {} } } },
    );
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      expect(request.params._meta?.['io.modelcontextprotocol/related-task']).toMatchObject({
        taskId: expect.any(String),
      });
      return { action: 'accept', content: { ok: true } };
    });
    await client.connect(transport());
    // The client learns which tools are task tools from tools/list.
    await client.listTools();
    return client;
  }

  /** Which handlers of the server (in this process or the child) saw their signal abort. */
  async function abortedHandlers(client: Client): Promise<string> {
    const result = await client.callTool({ name: 'aborted', arguments: {} });
    return (result.content as { text: string }[])[0]?.text ?? '';
  }

  describe(`official v1 client → mcpkit server: 2025-11-25 core tasks over ${wire}`, () => {
    it('sees the tasks capability and runs a task from working to completed with its result', async () => {
      const client = await connect();
      expect(client.getServerCapabilities()?.tasks).toMatchObject({ requests: { tools: { call: {} } } });
      const kinds: string[] = [];
      const statuses: string[] = [];
      let result: unknown;
      for await (const message of client.experimental.tasks.callToolStream(
        { name: 'report', arguments: {} },
        CallToolResultSchema,
        { task: { ttl: 60_000 } },
      )) {
        kinds.push(message.type);
        if (message.type === 'taskStatus') statuses.push(message.task.status);
        if (message.type === 'result') result = message.result;
        if (message.type === 'error') throw message.error;
      }
      expect(kinds[0]).toBe('taskCreated');
      expect(statuses[0]).toBe('working');
      expect(statuses.at(-1)).toBe('completed');
      expect(result).toMatchObject({
        content: [{ type: 'text', text: expect.stringMatching(/^report [0-9a-f]{32}$/) }],
      });
      await client.close();
    });

    it('answers an elicitation asked inside a task through tasks/result', async () => {
      const client = await connect();
      let result: unknown;
      for await (const message of client.experimental.tasks.callToolStream({
        name: 'confirm',
        arguments: {},
      })) {
        if (message.type === 'result') result = message.result;
        if (message.type === 'error') throw message.error;
      }
      expect(result).toMatchObject({ content: [{ type: 'text', text: 'ok=true' }] });
      await client.close();
    });

    it('cancels a running task: the handler’s signal aborts and the stream ends cancelled', async () => {
      const client = await connect();
      const statuses: string[] = [];
      let failure: unknown;
      for await (const message of client.experimental.tasks.callToolStream(
        { name: 'hang', arguments: {} },
        CallToolResultSchema,
        { task: {} },
      )) {
        if (message.type === 'taskCreated') {
          const cancelled = await client.experimental.tasks.cancelTask(message.task.taskId);
          expect(cancelled).toMatchObject({ status: 'cancelled' });
        }
        if (message.type === 'taskStatus') statuses.push(message.task.status);
        if (message.type === 'error') failure = message.error;
      }
      expect(await abortedHandlers(client)).toContain('hang');
      expect(statuses).toEqual(['cancelled']);
      expect(String(failure)).toMatch(/cancelled/);
      const listed = await client.experimental.tasks.listTasks();
      expect(listed.tasks.map((task) => task.status)).toContain('cancelled');
      await client.close();
    });
  });
}
