/**
 * The official v1 client (`@modelcontextprotocol/sdk`, 2025-11-25) → `mcpkit proxy --stdio`, run
 * as the CLI process a desktop host would start → a mcpkit server over HTTP on 2026-07-28.
 * Progress, cancellation and an elicitation cross the proxy, both eras apart.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { CLI, ROOT } from '../cli/cli-harness.js';
import { createUpstream, type UpstreamLog } from './fixture-upstream.js';

let upstream: RunningHttpServer;
let log: UpstreamLog;
let client: Client;
let transport: StdioClientTransport;
const questions: string[] = [];

beforeAll(async () => {
  const made = createUpstream();
  log = made.log;
  upstream = await serveHttp(made.server, { port: 0 });
  const [command, ...args] = CLI;
  transport = new StdioClientTransport({
    command: command!,
    args: [...args, 'proxy', '--stdio', '--no-auth', upstream.url.href],
    cwd: ROOT,
    stderr: 'pipe',
  });
  client = new Client(
    { name: 'official-v1-client', version: '1' },
    { capabilities: { elicitation: { form: {} } } },
  );
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    questions.push(request.params.message);
    return { action: 'accept', content: { name: 'Ada' } };
  });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await upstream?.close();
});

describe('official v1 client → mcpkit proxy (stdio, CLI) → mcpkit server (HTTP, 2026-07-28)', () => {
  it('speaks 2025-11-25 downstream while the proxy speaks 2026-07-28 upstream', async () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'upstream', version: '1.2.3' });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['greet', 'count']));
  });

  it('crosses an elicitation: the upstream round becomes a request to the v1 client', async () => {
    const result = await client.callTool({ name: 'greet', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'Hello, Ada!' }]);
    expect(result.structuredContent).toEqual({ name: 'Ada' });
    expect(questions).toEqual(['Your name?']);
  });

  it('crosses progress and cancellation', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const call = client.callTool({ name: 'count', arguments: {} }, undefined, {
      signal: controller.signal,
      onprogress: (update) => {
        seen.push(update.progress);
        if (update.progress === 3) controller.abort();
      },
    });
    await expect(call).rejects.toThrow();
    expect(seen).toEqual([1, 2, 3]);
    await expect.poll(() => log.cancelled, { timeout: 10_000 }).toBe(1);
  });
});
