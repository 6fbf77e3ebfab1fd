/**
 * Older official clients → mcpkit's McpServer: each protocol revision gets
 * exactly its own wire. The clients are official SDK releases that speak one
 * older revision each: 1.0.4 (2024-11-05; stdio only, as mcpkit serves no
 * HTTP+SSE), 1.12.3 (2025-03-26) and 1.13.3 (2025-06-18) over stdio and
 * Streamable HTTP, and 1.32 (2025-11-25) beside them for contrast.
 *
 * Every cell calls a tool returning every content type, a tool with an output
 * schema, cancels calls (before and after the call's stream opened) and calls
 * a tool that closes its stream mid-call. No client may report anything
 * through its error hook while it is connected.
 */
import { Client as Client1_32 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as Stdio1_32 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as Http1_32 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as Client1_0 } from 'sdk-v1-0/client/index.js';
import { StdioClientTransport as Stdio1_0 } from 'sdk-v1-0/client/stdio.js';
import { Client as Client1_12 } from 'sdk-v1-12/client/index.js';
import { StdioClientTransport as Stdio1_12 } from 'sdk-v1-12/client/stdio.js';
import { StreamableHTTPClientTransport as Http1_12 } from 'sdk-v1-12/client/streamableHttp.js';
import { Client as Client1_13 } from 'sdk-v1-13/client/index.js';
import { StdioClientTransport as Stdio1_13 } from 'sdk-v1-13/client/stdio.js';
import { StreamableHTTPClientTransport as Http1_13 } from 'sdk-v1-13/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_CONTENT } from '../fixtures/interop/mcpkit-server.js';
import { README_URI } from '../fixtures/interop/shared.js';
import { type RunningServer, startMcpkitHttp, stdioFixture } from './harness.js';

let http: RunningServer;
beforeAll(async () => {
  http = await startMcpkitHttp();
});
afterAll(async () => {
  await http?.close();
});

type Revision = '2024-11-05' | '2025-03-26' | '2025-06-18' | '2025-11-25';
type Progress = { progress: number; total?: number; message?: string };
type CallOptions = { signal?: AbortSignal; onprogress?: (progress: Progress) => void; timeout?: number };
type ToolResult = { content?: Record<string, unknown>[]; structuredContent?: unknown; isError?: boolean };

/** The calls every one of these SDK releases offers, as this suite uses them. */
interface OfficialClient {
  onerror?: (error: Error) => void;
  connect(transport: unknown): Promise<void>;
  callTool(
    params: { name: string; arguments?: Record<string, unknown> },
    resultSchema?: undefined,
    options?: CallOptions,
  ): Promise<ToolResult>;
  listTools(): Promise<{ tools: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

interface Cell {
  sdk: string;
  revision: Revision;
  transport: 'stdio' | 'http';
  client(): OfficialClient;
  wire(): unknown;
  /** The client's compiled output validator for a tool, as a yes/no check; undefined when it has none. */
  outputValidator?(client: OfficialClient, tool: string): ((value: unknown) => boolean) | undefined;
}

const info = (sdk: string) => ({ name: `official-${sdk}-client`, version: sdk });
const stdioParams = () => ({ ...stdioFixture('mcpkit-stdio'), stderr: 'ignore' as const });
const asClient = (client: object) => client as unknown as OfficialClient;

/** 1.13 and 1.32 keep one validator per tool with an output schema, each returning its verdict differently. */
function validatorOf(client: OfficialClient, tool: string): ((value: unknown) => unknown) | undefined {
  const find = (client as unknown as { getToolOutputValidator(name: string): unknown })
    .getToolOutputValidator;
  return find.call(client, tool) as ((value: unknown) => unknown) | undefined;
}

const CELLS: Cell[] = [
  {
    sdk: '1.0.4',
    revision: '2024-11-05',
    transport: 'stdio',
    client: () => asClient(new Client1_0(info('1.0.4'), { capabilities: {} })),
    wire: () => new Stdio1_0(stdioParams()),
  },
  ...(['stdio', 'http'] as const).flatMap((transport): Cell[] => [
    {
      sdk: '1.12.3',
      revision: '2025-03-26',
      transport,
      client: () => asClient(new Client1_12(info('1.12.3'), { capabilities: {} })),
      wire: () => (transport === 'stdio' ? new Stdio1_12(stdioParams()) : new Http1_12(http.url)),
    },
    {
      sdk: '1.13.3',
      revision: '2025-06-18',
      transport,
      client: () => asClient(new Client1_13(info('1.13.3'), { capabilities: {} })),
      wire: () => (transport === 'stdio' ? new Stdio1_13(stdioParams()) : new Http1_13(http.url)),
      outputValidator: (client, tool) => {
        const validate = validatorOf(client, tool);
        return validate && ((value) => validate(value) === true);
      },
    },
    {
      sdk: '1.32',
      revision: '2025-11-25',
      transport,
      client: () => asClient(new Client1_32(info('1.32'), { capabilities: {} })),
      wire: () => (transport === 'stdio' ? new Stdio1_32(stdioParams()) : new Http1_32(http.url)),
      outputValidator: (client, tool) => {
        const validate = validatorOf(client, tool);
        return validate && ((value) => (validate(value) as { valid: boolean }).valid);
      },
    },
  ]),
];

/** What the `media` tool's blocks look like on each revision. */
function expectedMedia(revision: Revision): unknown[] {
  const [text, image, audio, link, embedded] = MEDIA_CONTENT;
  const audioAsText = {
    type: 'text',
    text: `[Audio content omitted (audio/wav, 12 bytes): protocol revision ${revision} cannot carry audio.]`,
  };
  const linkAsText = {
    type: 'text',
    text: `Resource link: readme <${README_URI}> (text/markdown). Read it with resources/read.`,
  };
  return [
    text,
    image,
    revision >= '2025-03-26' ? audio : audioAsText,
    revision >= '2025-06-18' ? link : linkAsText,
    embedded,
  ];
}

/** Resolves when `check` (asynchronous) holds, polling; rejects after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const cell of CELLS) {
  describe(`official ${cell.sdk} client → mcpkit server, ${cell.transport}, ${cell.revision}`, () => {
    let client: OfficialClient;
    const errors: unknown[] = [];
    const text = async (name: string, args?: Record<string, unknown>) => {
      const result = await client.callTool({ name, arguments: args });
      return String(result.content?.[0]?.text);
    };

    beforeAll(async () => {
      client = cell.client();
      client.onerror = (error) => void errors.push(error);
      await client.connect(cell.wire());
    });
    afterEach(() => {
      // Whatever a client reports through its error hook fails the test that caused it.
      expect(errors.map(String)).toEqual([]);
    });
    afterAll(async () => {
      await client?.close();
      // Closing (and the streams it ends) reports nothing either.
      expect(errors.map(String)).toEqual([]);
    });

    it(`negotiates ${cell.revision}`, async () => {
      expect(await text('revision')).toBe(cell.revision);
    });

    it('gets every content type as its revision defines it', async () => {
      const result = await client.callTool({ name: 'media' });
      expect(result.content).toEqual(expectedMedia(cell.revision));
    });

    it('lists tool schemas without $schema unless the revision defines it, and validates structured output', async () => {
      const { tools } = await client.listTools();
      const add = tools.find((tool) => tool.name === 'add')!;
      const listed = JSON.stringify(tools);
      if (cell.revision < '2025-11-25') expect(listed).not.toContain('$schema');
      const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
      expect(result.content).toEqual([{ type: 'text', text: '42' }]);
      if (cell.revision < '2025-06-18') {
        expect(add).not.toHaveProperty('outputSchema');
        expect(result).not.toHaveProperty('structuredContent');
        return;
      }
      expect(add.outputSchema).toMatchObject({ type: 'object', properties: { sum: { type: 'number' } } });
      expect(result.structuredContent).toEqual({ sum: 42 });
      // The client compiled the schema (it skips validation for a schema it cannot compile).
      const validate = cell.outputValidator?.(client, 'add');
      expect(validate).toBeTypeOf('function');
      expect(validate!({ sum: 42 })).toBe(true);
      expect(validate!({ sum: 'forty-two' })).toBe(false);
    });

    for (const when of ['before anything was sent', 'after its progress was sent'] as const) {
      it(`cancels a call ${when}; no response arrives for it`, async () => {
        const key = `${cell.sdk}-${cell.transport}-${when}`;
        const controller = new AbortController();
        const progress: Progress[] = [];
        const options: CallOptions =
          when === 'before anything was sent'
            ? { signal: controller.signal }
            : { signal: controller.signal, onprogress: (update) => void progress.push(update) };
        const call = client.callTool({ name: 'wait', arguments: { key } }, undefined, options);
        const settled = call.then(
          () => 'answered',
          () => 'rejected',
        );
        await eventually(async () => (await text('wait-state', { key })) === 'started');
        if (options.onprogress) await eventually(async () => progress.length > 0);
        controller.abort(new Error('The user changed their mind'));
        expect(await settled).toBe('rejected');
        await eventually(async () => (await text('wait-state', { key })) === 'cancelled');
        // A response to the cancelled id would come right after the handler ended: one more round
        // trip and a pause give it every chance to arrive (and be reported) before the check.
        expect(await text('revision')).toBe(cell.revision);
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
    }

    it('gets the answer of a tool that closes its stream mid-call, with all its progress', async () => {
      const progress: number[] = [];
      const result = await client.callTool({ name: 'close-stream' }, undefined, {
        onprogress: (update) => void progress.push(update.progress),
        timeout: 10_000,
      });
      expect(result.content).toEqual([{ type: 'text', text: 'finished after closing its stream' }]);
      expect(progress).toEqual([1, 2]);
    });
  });
}
